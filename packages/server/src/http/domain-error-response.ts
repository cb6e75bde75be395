/**
 * How a domain rule broken by a request is answered: the domain's stable codes mapped onto the
 * contract's statuses and codes, with the field at fault where the code names one.
 */
import type { DomainError, DomainErrorCode } from '../domain/domain-error.ts';
import { ApiError, type ApiErrorCode } from './api-error.ts';

const MAPPING: Record<DomainErrorCode, { status: number; code: ApiErrorCode; field?: string }> = {
  E_VALIDATION: { status: 400, code: 'E_VALIDATION' },
  E_PIN_FORMAT: { status: 400, code: 'E_VALIDATION', field: 'pin' },
  E_PASSWORD_FORMAT: { status: 400, code: 'E_VALIDATION', field: 'password' },
  E_USER_ID_FORMAT: { status: 400, code: 'E_VALIDATION', field: 'userId' },
  E_DEVICE_REQUIRED: { status: 400, code: 'E_VALIDATION', field: 'deviceId' },
  E_DUPLICATE_USER: { status: 409, code: 'E_CONFLICT', field: 'userId' },
  E_DUPLICATE: { status: 409, code: 'E_CONFLICT' },
  E_DISABLED: { status: 409, code: 'E_CONFLICT' },
  E_NO_ROOM: { status: 409, code: 'E_CONFLICT' },
  E_DEVICE_IN_USE: { status: 409, code: 'E_DEVICE_IN_USE' },
  E_SESSION_EXISTS: { status: 409, code: 'E_SESSION_EXISTS' },
  E_STATE: { status: 409, code: 'E_STATE' },
  // The session ended elsewhere (lag sweep, an admin): the console reloads and shows why.
  E_NO_SESSION: { status: 404, code: 'E_NOT_FOUND' },
  E_NOT_FOUND: { status: 404, code: 'E_NOT_FOUND' },
  E_STORE_UNAVAILABLE: { status: 503, code: 'E_STORE_UNAVAILABLE' },
  E_STORE: { status: 500, code: 'E_INTERNAL' },
};

export function apiErrorFromDomain(err: DomainError, field?: string): ApiError {
  const mapped = MAPPING[err.code];
  if (mapped.status >= 500) {
    const message =
      mapped.code === 'E_STORE_UNAVAILABLE'
        ? 'The server cannot reach its database right now. Try again shortly.'
        : 'The server failed to store that change.';
    return new ApiError(mapped.status, mapped.code, message);
  }
  const fieldName = field ?? mapped.field;
  return new ApiError(mapped.status, mapped.code, err.message, {
    ...(fieldName ? { fields: { [fieldName]: err.message } } : {}),
  });
}
