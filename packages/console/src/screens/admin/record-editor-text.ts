/** What the create/edit form of an admin record list is doing: the heading names the record. */
export type RecordEditorMode = { mode: 'create' } | { mode: 'edit'; label: string };

/**
 * The form's heading, from the record's noun in lower case ("pause code"): "New pause code",
 * "Edit pause code LUNCH", or for a supervisor (read-only) "Pause code LUNCH".
 */
export function recordEditorTitle(noun: string, readOnly: boolean, editing: RecordEditorMode): string {
  if (editing.mode === 'create') return `New ${noun}`;
  const nounTitle = noun.charAt(0).toUpperCase() + noun.slice(1);
  return `${readOnly ? nounTitle : `Edit ${noun}`} ${editing.label}`;
}

/** The form's submit button: "Create pause code" for a new record, else "Save changes". */
export function recordEditorSubmitLabel(noun: string, mode: RecordEditorMode['mode']): string {
  return mode === 'create' ? `Create ${noun}` : 'Save changes';
}
