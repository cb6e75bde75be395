import type { FieldErrors } from '../../api/api-error.ts';

/** The field errors whose names are not in `shown` (the controls on the form). */
export function unshownFieldErrors(fields: FieldErrors, shown: readonly string[]): FieldErrors {
  const rest: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    if (!shown.includes(key)) rest[key] = message;
  }
  return rest;
}
