import { ApiError, errorMessage } from '../../api/api-error.ts';

/**
 * The page-level message for a failed one-click row action, naming what was tried:
 * "Could not disable Front desk: Contacts cannot be disabled yet." A validation error's field
 * messages are shown as they are (the API's summary prefixes each with its field name, which
 * means nothing next to a button).
 */
export function rowActionMessage(label: string | undefined, error: unknown): string {
  const fieldMessages = error instanceof ApiError ? Object.values(error.fields) : [];
  const reason = fieldMessages.length > 0 ? fieldMessages.join(' ') : errorMessage(error);
  if (label === undefined) return reason;
  const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  return `Could not ${label}: ${sentence}`;
}
