/** Stable codes callers match on; messages are for people and may change. */
export type DomainErrorCode =
  | 'E_VALIDATION'
  | 'E_PIN_FORMAT'
  | 'E_PASSWORD_FORMAT'
  | 'E_USER_ID_FORMAT'
  | 'E_DUPLICATE_USER'
  | 'E_DUPLICATE'
  | 'E_NOT_FOUND'
  | 'E_DISABLED'
  | 'E_DEVICE_IN_USE'
  | 'E_DEVICE_REQUIRED'
  | 'E_SESSION_EXISTS'
  | 'E_NO_SESSION'
  | 'E_NO_ROOM'
  | 'E_STATE'
  | 'E_STORE_UNAVAILABLE'
  | 'E_STORE';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isDomainError(err: unknown, code?: DomainErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
