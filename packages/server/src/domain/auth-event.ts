/** `admin`: an admin acted on someone's login (an unlock). */
export const AUTH_SOURCES = ['web', 'dialin', 'api', 'admin'] as const;
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
  /** The attempt could not be counted (the database did not answer), so nothing was checked. */
  'unavailable',
  /** An admin lifted a lock. */
  'unlocked',
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
  /** The admin who acted (source `admin`). */
  actorAgentId: number | null;
  /** What an admin's action was about (the lock lifted), in words; never a secret. */
  detail: string | null;
}

/** Attempt counter of one lane (see login-lanes.ts for the keys). */
export interface Lockout {
  key: string;
  /** Attempts counted in the current window: failures, and attempts still being verified. */
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
  /** When the current lock began. */
  lockedAt: Date | null;
  /** Caller ID or client address of the latest attempt: never a secret. */
  lastOrigin: string | null;
  /** Locks in a row (see attempt-limiter.ts): each lasts twice the one before. */
  locks: number;
}
