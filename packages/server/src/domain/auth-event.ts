export const AUTH_SOURCES = ['web', 'dialin', 'api'] as const;
export type AuthSource = (typeof AUTH_SOURCES)[number];

export const AUTH_RESULTS = [
  'ok',
  'bad_credentials',
  'no_session',
  'locked',
  'disabled',
  'leg_exists',
  /** A web login refused because its client address had too many failures (not a lockout). */
  'rate_limited',
] as const;
export type AuthResult = (typeof AUTH_RESULTS)[number];

/** One login or dial-in attempt. Never carries a PIN or password, not even a wrong one. */
export interface AuthEvent {
  id: number;
  at: Date;
  source: AuthSource;
  agentId: number | null;
  enteredId: string | null;
  callerId: string | null;
  channel: string | null;
  uniqueid: string | null;
  remoteIp: string | null;
  result: AuthResult;
  /** Attempt number within one call or request sequence, when known. */
  attempt: number | null;
}

/** Failure counter for one key (`user:<userId>`, `cid:<callerId>`, `ip:<address>`). */
export interface Lockout {
  key: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}
