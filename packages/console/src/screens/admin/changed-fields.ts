/** The fields of `draft` that differ from `original`, so a PATCH sends only what the admin changed. */
export function changedFields<T extends object>(original: T, draft: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(draft) as (keyof T)[]) {
    if (JSON.stringify(original[key]) !== JSON.stringify(draft[key])) changes[key] = draft[key];
  }
  return changes;
}
