/**
 * The errors the REST API answers with: `{ error: { code, message, fields?, retryAfterSec? } }`.
 * Codes are the contract's (rest-contract v1); clients match the code, people read the message.
 */
export const API_ERROR_CODES = [
  'E_VALIDATION',
  'E_AUTH',
  'E_BAD_CREDENTIALS',
  'E_FORBIDDEN',
  'E_CSRF',
  'E_NOT_FOUND',
  'E_CONFLICT',
  'E_DEVICE_IN_USE',
  'E_SESSION_EXISTS',
  'E_STATE',
  'E_LOCKED',
  'E_RATE_LIMIT',
  'E_STORE_UNAVAILABLE',
  'E_INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Field name (dotted path into the body, e.g. `voice.host`) → what is wrong with it. */
export type FieldErrors = Record<string, string>;

/** For E_LOCKED / E_RATE_LIMIT: until when, and what is locked (`user`, `everyone`, `address`). */
export interface LockDetails {
  lockedUntil?: string | null;
  lockScope?: 'user' | 'everyone' | 'address';
}

export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    fields?: FieldErrors;
    retryAfterSec?: number;
  } & LockDetails;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly retryAfterSec: number | undefined;
  readonly lock: LockDetails | undefined;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    extra: { fields?: FieldErrors; retryAfterSec?: number; lock?: LockDetails } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = extra.fields;
    this.retryAfterSec = extra.retryAfterSec;
    this.lock = extra.lock;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.retryAfterSec !== undefined ? { retryAfterSec: this.retryAfterSec } : {}),
        ...this.lock,
      },
    };
  }
}

export const notLoggedIn = (): ApiError => new ApiError(401, 'E_AUTH', 'You are not signed in.');
export const forbidden = (message = 'You are not allowed to do that.'): ApiError =>
  new ApiError(403, 'E_FORBIDDEN', message);
export const notFound = (message: string): ApiError => new ApiError(404, 'E_NOT_FOUND', message);
export const invalidFields = (fields: FieldErrors, message = 'Some fields are not valid.'): ApiError =>
  new ApiError(400, 'E_VALIDATION', message, { fields });
