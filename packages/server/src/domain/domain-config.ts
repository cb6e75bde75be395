/** Tunables of the domain rules; every field has a default (see DEFAULT_DOMAIN_CONFIG). */
export interface DomainConfig {
  /** Conference rooms handed to sessions, inclusive. */
  conferenceRange: { first: number; last: number };
  /** A session whose console was not seen for this long is paused as LAGGED. */
  lagTimeoutSec: number;
  /** A session whose console was not seen for this long is ended ('lagged'). */
  endAfterSec: number;
  pinMinLength: number;
  pinMaxLength: number;
  passwordMinLength: number;
  /** Failures per key within `lockWindowSec` that lock the key. */
  lockThreshold: number;
  lockWindowSec: number;
  /** The first lock's length; each lock in a row lasts twice the one before, up to `lockMaxDurationSec`. */
  lockDurationSec: number;
  /**
   * The longest lock. A lane that has not locked again for this long after its last lock starts
   * from `lockDurationSec` again.
   */
  lockMaxDurationSec: number;
  /**
   * Failures per user lane within a day (a second, daily window beside `lockWindowSec`): an
   * attacker who stays under the threshold in every short window still gets no more than this.
   */
  lockDailyThreshold: number;
  /**
   * Failed web logins from one client address within `addressWindowSec` after which that address
   * is refused until the window ends: a rate limit, not a lockout, and much higher than
   * `lockThreshold`, because a whole office behind one NAT address shares it.
   */
  addressFailureLimit: number;
  addressWindowSec: number;
  /**
   * Failed logins by strangers (not from an agent's known caller ID or browser) over all user IDs
   * together, per kind (phone PINs, web passwords), within `anyWindowSec`: past it strangers are
   * refused until the window ends, so guessing across many user IDs stays bounded too.
   */
  anyFailureLimit: number;
  anyWindowSec: number;
  /** The same over a day. */
  anyDailyLimit: number;
  /** A caller ID the agent dialled in from successfully within this many days is their own. */
  knownCallerDays: number;
  /** Delay before the next attempt after n failures: min(base * 2^(n-1), max); 0 with none. */
  delayBaseMs: number;
  delayMaxMs: number;
  /** What a second dial-in for a session with a connected leg does. */
  phoneLegPolicy: 'refuse' | 'replace';
  /** Roles allowed to dial in. */
  dialInRoles: Array<'agent' | 'supervisor' | 'admin'>;
  /** A web login not seen for this long is signed out. */
  webSessionIdleSec: number;
  /** A web login is signed out this long after it began, whatever happens. */
  webSessionAbsoluteSec: number;
  /** A web login's last-seen time is written at most this often (not on every request). */
  webSessionTouchSec: number;
}

export const DEFAULT_DOMAIN_CONFIG: Readonly<DomainConfig> = Object.freeze({
  conferenceRange: { first: 8600051, last: 8600999 },
  lagTimeoutSec: 60,
  endAfterSec: 600,
  pinMinLength: 4,
  pinMaxLength: 12,
  passwordMinLength: 8,
  lockThreshold: 5,
  lockWindowSec: 15 * 60,
  lockDurationSec: 15 * 60,
  lockMaxDurationSec: 24 * 3600,
  lockDailyThreshold: 20,
  addressFailureLimit: 50,
  addressWindowSec: 15 * 60,
  anyFailureLimit: 100,
  anyWindowSec: 3600,
  anyDailyLimit: 500,
  knownCallerDays: 90,
  delayBaseMs: 1000,
  delayMaxMs: 4000,
  phoneLegPolicy: 'refuse',
  dialInRoles: ['agent', 'supervisor', 'admin'],
  webSessionIdleSec: 12 * 3600,
  webSessionAbsoluteSec: 24 * 3600,
  webSessionTouchSec: 60,
}) as Readonly<DomainConfig>;

export function resolveDomainConfig(overrides: Partial<DomainConfig> = {}): DomainConfig {
  const config = { ...DEFAULT_DOMAIN_CONFIG, ...overrides };
  return { ...config, conferenceRange: { ...config.conferenceRange } };
}
