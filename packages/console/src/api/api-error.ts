/** Field name → human message, as the API reports validation failures. */
export type FieldErrors = Record<string, string>;

/**
 * A failed API call. `code` is the contract's stable code (E_VALIDATION, E_LOCKED, ...), or
 * E_NETWORK when the server could not be reached and E_HTTP for an error without a body we know.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  readonly retryAfterSec: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldErrors = {},
    retryAfterSec: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfterSec = retryAfterSec;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'You are not signed in.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with the current state. Reload and try again.',
  423: 'This account is locked for a while after repeated failures.',
  429: 'Too many requests. Wait a moment and try again.',
  503: 'The server cannot reach its database right now. Try again shortly.',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFields(value: unknown): FieldErrors {
  const fields: FieldErrors = {};
  if (!isRecord(value)) return fields;
  for (const [key, message] of Object.entries(value)) {
    if (typeof message === 'string') fields[key] = message;
  }
  return fields;
}

function readRetryAfter(body: Record<string, unknown>, header: string | null): number | null {
  const fromBody = body.retryAfterSec;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody)) return fromBody;
  const fromHeader = header === null ? Number.NaN : Number(header);
  return Number.isFinite(fromHeader) ? fromHeader : null;
}

/**
 * Builds an ApiError from a failed response body. Accepts the contract's `{ error: {...} }` and,
 * defensively, a bare `{ code?, message }` (as rate limiters and proxies sometimes answer).
 */
export function apiErrorFromBody(status: number, body: unknown, retryAfterHeader: string | null): ApiError {
  const outer = isRecord(body) ? body : {};
  const inner = isRecord(outer.error) ? outer.error : outer;
  const code = typeof inner.code === 'string' && inner.code.startsWith('E_') ? inner.code : 'E_HTTP';
  const message =
    typeof inner.message === 'string' && inner.message.length > 0
      ? inner.message
      : (FALLBACK_MESSAGES[status] ?? `The server answered ${status}.`);
  return new ApiError(
    status,
    code,
    message,
    readFields(inner.fields),
    readRetryAfter(inner, retryAfterHeader),
  );
}

/** A short human hint for "try again later" errors, e.g. "Try again in 5 minutes." */
export function retryHint(error: ApiError): string {
  const seconds = error.retryAfterSec;
  if (seconds === null || seconds <= 0) return '';
  if (seconds < 90) return `Try again in ${Math.ceil(seconds)} seconds.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const hint = retryHint(error);
    return hint ? `${error.message} ${hint}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
