/**
 * Settings of the caller-lookup route: how caller IDs are normalised, what a known caller hears,
 * and where VIPs go. `greeting` and `vipContext` can also be given per call in the AGI URL's query
 * (`caller-lookup?greeting=name&vip=callgate-vip`).
 */
import { type CallerNumberRules, checkCallerNumberRules } from '../../domain/directory-caller-number.ts';

export const LOOKUP_GREETINGS = ['none', 'prompt', 'digits', 'name'] as const;
/**
 * - `none`: variables only.
 * - `prompt`: the greeting prompt (a fixed, recorded file: no text-to-speech needed).
 * - `digits`: the greeting prompt, then SAY DIGITS of the caller's number.
 * - `name`: the greeting prompt, then the contact's recorded name `<namePromptPrefix><officeNum>`;
 *   when that recording is missing, SAY DIGITS of the number instead.
 */
export type LookupGreeting = (typeof LOOKUP_GREETINGS)[number];

export interface LookupSettings {
  readonly numberRules: CallerNumberRules;
  readonly greeting: LookupGreeting;
  readonly greetingPrompt: string;
  readonly namePromptPrefix: string;
  /** Context VIPs continue in after the AGI; null: VIPs are only marked (CALLGATE_CALLER_VIP=1). */
  readonly vipContext: string | null;
  /** Extension in the VIP context; null keeps the dialled one. */
  readonly vipExtension: string | null;
  readonly vipPriority: number;
  /** Also set the channel's caller ID name to the contact's name (what agents' phones display). */
  readonly setCallerIdName: boolean;
}

export const DEFAULT_LOOKUP_SETTINGS: LookupSettings = {
  numberRules: {},
  greeting: 'none',
  greetingPrompt: 'hello',
  namePromptPrefix: 'callgate/names/',
  vipContext: null,
  vipExtension: null,
  vipPriority: 1,
  setCallerIdName: false,
};

export type LookupSettingsInput = Partial<LookupSettings>;

const PROMPT = /^[A-Za-z0-9_./-]+$/;
const NAME = /^[A-Za-z0-9_-]+$/;

export function resolveLookupSettings(input: LookupSettingsInput = {}): LookupSettings {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const settings: LookupSettings = { ...DEFAULT_LOOKUP_SETTINGS, ...defined };
  checkCallerNumberRules(settings.numberRules);
  checkGreeting(settings.greeting);
  if (!PROMPT.test(settings.greetingPrompt))
    throw new RangeError('caller-lookup greetingPrompt is not a plain name');
  if (settings.namePromptPrefix !== '' && !PROMPT.test(settings.namePromptPrefix)) {
    throw new RangeError('caller-lookup namePromptPrefix is not a plain path');
  }
  if (settings.vipContext !== null) checkVipContext(settings.vipContext);
  if (settings.vipExtension !== null && !/^[A-Za-z0-9_*#+-]+$/.test(settings.vipExtension)) {
    throw new RangeError('caller-lookup vipExtension is not a plain extension');
  }
  if (!Number.isInteger(settings.vipPriority) || settings.vipPriority < 1) {
    throw new RangeError('caller-lookup vipPriority must be a whole number of at least 1');
  }
  return settings;
}

export function checkGreeting(value: string): LookupGreeting {
  if (!(LOOKUP_GREETINGS as readonly string[]).includes(value)) {
    throw new RangeError(`caller-lookup greeting must be one of ${LOOKUP_GREETINGS.join(', ')}`);
  }
  return value as LookupGreeting;
}

export function checkVipContext(value: string): string {
  if (!NAME.test(value)) throw new RangeError('caller-lookup vipContext is not a plain context name');
  return value;
}

/** Per-call overrides from the AGI URL's query; a bad value is ignored (and reported) so the call still goes through. */
export function withQueryOverrides(
  settings: LookupSettings,
  query: Readonly<Record<string, string>>,
): { settings: LookupSettings; problems: string[] } {
  const problems: string[] = [];
  let result = settings;
  const greeting = query.greeting;
  if (greeting !== undefined) {
    try {
      result = { ...result, greeting: checkGreeting(greeting) };
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const vip = query.vip;
  if (vip !== undefined) {
    try {
      result = { ...result, vipContext: vip === '' ? null : checkVipContext(vip) };
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { settings: result, problems };
}
