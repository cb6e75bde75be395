import type { FieldErrors } from '../../api/api-error.ts';

/** The field errors whose names are not in `shown` (the controls on the form). */
export function unshownFieldErrors(fields: FieldErrors, shown: readonly string[]): FieldErrors {
  const rest: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    // `_` is an error about the whole body; its message is already the form's error message.
    if (!shown.includes(key) && key !== '_') rest[key] = message;
  }
  return rest;
}

/**
 * Field errors keyed the way the form looks them up: list items fold into their list
 * (`voice.codecs.1` → `voice.codecs`), keeping the first message for each field.
 */
export function normalizeFieldErrors(fields: FieldErrors): FieldErrors {
  const normalized: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const name = key.replace(/(\.\d+)+$/, '');
    normalized[name] ??= message;
  }
  return normalized;
}
