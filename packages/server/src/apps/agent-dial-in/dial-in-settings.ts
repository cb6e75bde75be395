/**
 * Server-side settings of the dial-in app (the per-call options are in dial-in-options.ts).
 * Every prompt defaults to an Asterisk core sound and can be replaced by any sound file name.
 */

export interface DialInPrompts {
  /** "Agent login. Please enter your agent number followed by the pound key." */
  readonly userId: string;
  /** "Please enter your password followed by the pound key." */
  readonly pin: string;
  /** Re-asks for the ID after a failed attempt: "Login incorrect. Please enter your agent number…" */
  readonly retryUserId: string;
  /** The one generic failure message after the last attempt or a lockout: "Login incorrect." */
  readonly failure: string;
  /** "Agent logged in." Played before joining the conference or jumping to A. */
  readonly loginOk: string;
  /** No open session for the agent (hang-up setting, or the hold ran out). */
  readonly noSession: string;
  /** The session already has a phone leg. */
  readonly legExists: string;
  /** A database outage or any internal error: "Please try your call again later." */
  readonly apology: string;
  readonly goodbye: string;
}

export interface DialInSettings {
  readonly prompts: DialInPrompts;
  /** Login attempts per call. */
  readonly attempts: number;
  readonly userIdMaxDigits: number;
  readonly pinMaxDigits: number;
  /** GET DATA per-digit timeout. */
  readonly digitTimeoutMs: number;
  /** Valid login, no open session: say so and hang up, or hold with music while polling. */
  readonly noSession: 'hangup' | 'hold';
  /** Longest hold for the `hold` setting. */
  readonly holdSeconds: number;
  /** Music played per poll: the session is looked up again after each stretch. */
  readonly holdPollSeconds: number;
  readonly musicClass: string;
  /** A session whose console was not seen for this long is not joined (lagged browser). */
  readonly sessionFreshSeconds: number;
  /** A second caller for a session that already has a phone leg: refuse, or replace the first leg. */
  readonly secondLeg: 'refuse' | 'replace';
  /**
   * A second caller finds a leg whose channel Asterisk no longer knows (CHANNEL STATUS <channel>
   * fails): take that stale leg over instead of refusing. Turn off when several Asterisk servers
   * share one Callgate database (a channel on another server is unknown here).
   */
  readonly reclaimStaleLegs: boolean;
  /** `confbridge`: join inside the AGI. `dialplan`: SET CONTEXT/EXTENSION/PRIORITY and let the AGI end. */
  readonly bridge: 'confbridge' | 'dialplan';
  readonly bridgeProfile: string;
  readonly userProfile: string;
  /** `dialplan` bridge: the context whose extension `<conference room>` priority 1 joins the room. */
  readonly dialplanContext: string;
}

export const DEFAULT_DIAL_IN_PROMPTS: DialInPrompts = {
  userId: 'agent-user',
  pin: 'agent-pass',
  retryUserId: 'agent-incorrect',
  failure: 'vm-incorrect',
  loginOk: 'agent-loginok',
  noSession: 'agent-loggedoff',
  legExists: 'agent-alreadyon',
  apology: 'please-try-call-later',
  goodbye: 'vm-goodbye',
};

export const DEFAULT_DIAL_IN_SETTINGS: DialInSettings = {
  prompts: DEFAULT_DIAL_IN_PROMPTS,
  attempts: 3,
  userIdMaxDigits: 12,
  pinMaxDigits: 12,
  digitTimeoutMs: 5000,
  noSession: 'hangup',
  holdSeconds: 60,
  holdPollSeconds: 5,
  musicClass: 'default',
  sessionFreshSeconds: 120,
  secondLeg: 'refuse',
  reclaimStaleLegs: true,
  bridge: 'confbridge',
  bridgeProfile: 'callgate_bridge',
  userProfile: 'callgate_agent',
  dialplanContext: 'callgate-conference',
};

export type DialInSettingsInput = Partial<Omit<DialInSettings, 'prompts'>> & {
  readonly prompts?: Partial<DialInPrompts>;
};

/** Defaults filled in and checked; a bad value throws a RangeError naming the setting. */
export function resolveDialInSettings(input: DialInSettingsInput = {}): DialInSettings {
  const settings: DialInSettings = {
    ...DEFAULT_DIAL_IN_SETTINGS,
    ...definedOnly(input),
    prompts: { ...DEFAULT_DIAL_IN_PROMPTS, ...definedOnly(input.prompts ?? {}) },
  };
  const positive: Array<keyof DialInSettings> = [
    'attempts',
    'userIdMaxDigits',
    'pinMaxDigits',
    'digitTimeoutMs',
    'holdPollSeconds',
    'sessionFreshSeconds',
  ];
  for (const key of positive) {
    const value = settings[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new RangeError(`dial-in setting ${key} must be a whole number of at least 1`);
    }
  }
  if (!Number.isInteger(settings.holdSeconds) || settings.holdSeconds < 0) {
    throw new RangeError('dial-in setting holdSeconds must be a whole number of at least 0');
  }
  if (!['hangup', 'hold'].includes(settings.noSession)) {
    throw new RangeError('dial-in setting noSession must be hangup or hold');
  }
  if (!['refuse', 'replace'].includes(settings.secondLeg)) {
    throw new RangeError('dial-in setting secondLeg must be refuse or replace');
  }
  if (typeof settings.reclaimStaleLegs !== 'boolean') {
    throw new RangeError('dial-in setting reclaimStaleLegs must be true or false');
  }
  if (!['confbridge', 'dialplan'].includes(settings.bridge)) {
    throw new RangeError('dial-in setting bridge must be confbridge or dialplan');
  }
  // These end up as AGI arguments and dialplan names: keep them to plain tokens.
  const names = { ...settings.prompts, ...pickNames(settings) };
  for (const [key, value] of Object.entries(names)) {
    if (!/^[A-Za-z0-9_./-]+$/.test(value)) throw new RangeError(`dial-in setting ${key} is not a plain name`);
  }
  return settings;
}

function pickNames(settings: DialInSettings): Record<string, string> {
  const { musicClass, bridgeProfile, userProfile, dialplanContext } = settings;
  return { musicClass, bridgeProfile, userProfile, dialplanContext };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
