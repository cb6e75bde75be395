/** Server-side settings of the extension router. Every prompt is a sound file name. */

export interface RouterPrompts {
  /** Unknown or disabled extension: "The number you have dialed is not in service." */
  readonly unknown: string;
  /** Nobody answered and there is no voicemail box: "Nobody is available to take your call." */
  readonly noVoicemail: string;
  /** A database outage or any internal error: "Please try your call again later." */
  readonly apology: string;
  readonly goodbye: string;
}

export interface RouterSettings {
  readonly prompts: RouterPrompts;
  /** Context that sends calls to an agent's mobile out a trunk (`Local/<number>@<context>/n`). */
  readonly mobileTrunkContext: string;
  /** Dial() options (letters only, e.g. `tT`); empty for none. */
  readonly dialOptions: string;
  /** VoiceMailMain() options (e.g. `s` to skip the password; think twice). */
  readonly voicemailMainOptions: string;
}

export const DEFAULT_ROUTER_PROMPTS: RouterPrompts = {
  unknown: 'ss-noservice',
  noVoicemail: 'vm-nobodyavail',
  apology: 'please-try-call-later',
  goodbye: 'vm-goodbye',
};

export const DEFAULT_ROUTER_SETTINGS: RouterSettings = {
  prompts: DEFAULT_ROUTER_PROMPTS,
  mobileTrunkContext: 'callgate-mobile',
  dialOptions: '',
  voicemailMainOptions: '',
};

export type RouterSettingsInput = Partial<Omit<RouterSettings, 'prompts'>> & {
  readonly prompts?: Partial<RouterPrompts>;
};

/** Defaults filled in and checked; a bad value throws a RangeError naming the setting. */
export function resolveRouterSettings(input: RouterSettingsInput = {}): RouterSettings {
  const settings: RouterSettings = {
    ...DEFAULT_ROUTER_SETTINGS,
    ...definedOnly(input),
    prompts: { ...DEFAULT_ROUTER_PROMPTS, ...definedOnly(input.prompts ?? {}) },
  };
  // They end up inside dialplan application arguments: keep them to plain tokens.
  for (const [key, value] of Object.entries(settings.prompts)) {
    if (!/^[A-Za-z0-9_./-]+$/.test(value))
      throw new RangeError(`extension-router prompt ${key} is not a plain name`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(settings.mobileTrunkContext)) {
    throw new RangeError('extension-router setting mobileTrunkContext is not a plain context name');
  }
  if (!/^[A-Za-z]*$/.test(settings.dialOptions)) {
    throw new RangeError('extension-router setting dialOptions must be letters only');
  }
  if (!/^[A-Za-z]*$/.test(settings.voicemailMainOptions)) {
    throw new RangeError('extension-router setting voicemailMainOptions must be letters only');
  }
  return settings;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
