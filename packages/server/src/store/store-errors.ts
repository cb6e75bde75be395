/** Turns driver errors into domain errors with stable codes, and says what to do about them. */
import { DomainError, type DomainErrorCode } from '../domain/domain-error.ts';

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
}

/** Unique indexes whose violation means something to the domain. */
const UNIQUE_MEANINGS: Array<{ match: RegExp; code: DomainErrorCode; message: string }> = [
  {
    match: /ux_agent_sessions_open_agent|agent_sessions\.agent_id/,
    code: 'E_SESSION_EXISTS',
    message: 'The agent already has an open session',
  },
  {
    match: /ux_agent_sessions_open_device|agent_sessions\.device_id/,
    code: 'E_DEVICE_IN_USE',
    message: 'That phone is in use by another session',
  },
  {
    match: /ux_agent_sessions_open_conference|agent_sessions\.conference/,
    code: 'E_NO_ROOM',
    message: 'That conference room was just taken',
  },
  {
    match: /agents_user_id|agents\.user_id/,
    code: 'E_DUPLICATE_USER',
    message: 'That user ID is already taken',
  },
  {
    match: /devices_endpoint|devices\.endpoint/,
    code: 'E_DUPLICATE',
    message: 'A device with that endpoint exists',
  },
  {
    match: /contacts_office_num|contacts\.office_num/,
    code: 'E_DUPLICATE',
    message: 'A contact with that office number exists',
  },
  { match: /pause_codes_pkey|pause_codes\.code/, code: 'E_DUPLICATE', message: 'That pause code exists' },
];

function isUniqueViolation(err: DriverError): boolean {
  return (
    err.code === '23505' ||
    err.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Driver error codes that mean the database cannot be reached or written at all. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EACCES',
  'EPERM',
  'ENOTDIR',
  'EROFS',
  'ENOENT',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_BUSY',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
  '57014', // query canceled: statement_timeout passed
  '55P03', // lock not available
  '25P03', // idle in transaction session timeout
  '57P01', // admin shutdown
  '57P03', // cannot connect now
  '3D000', // database does not exist
  '28000', // invalid authorization
  '28P01', // password authentication failed
  '53300', // too many connections
]);

export function isUnavailableError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as DriverError;
  if (
    e.code &&
    (UNAVAILABLE.has(e.code) || e.code.startsWith('SQLITE_READONLY') || e.code.startsWith('SQLITE_IOERR'))
  )
    return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Client was closed and is not queryable/i.test(
    e.message ?? '',
  );
}

/** Maps a driver error to a DomainError; other errors pass through unchanged. */
export function translateStoreError(err: unknown, where: string): unknown {
  if (err instanceof DomainError || !err || typeof err !== 'object') return err;
  const e = err as DriverError;
  if (isUniqueViolation(e)) {
    const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
    const meaning = UNIQUE_MEANINGS.find((m) => m.match.test(text));
    if (meaning) return new DomainError(meaning.code, meaning.message, { cause: err });
    return new DomainError('E_DUPLICATE', 'That record exists already', { cause: err });
  }
  if (isUnavailableError(err)) {
    return new DomainError('E_STORE_UNAVAILABLE', `Database unavailable (${where}): ${e.message ?? e.code}`, {
      cause: err,
    });
  }
  return err;
}
