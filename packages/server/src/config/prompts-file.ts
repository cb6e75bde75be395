/**
 * Prompt files: a JSON object naming the sound file of each prompt to replace, e.g.
 * `{"userId": "custom/enter-agent-id", "failure": "custom/sorry"}` for `--dialin-prompts`. The
 * dial-in app, the extension router and caller lookup each take one. Pure: the caller reads the
 * file; this checks its text.
 */
import { z } from 'zod';
import type { DialInPrompts } from '../apps/agent-dial-in/dial-in-settings.ts';
import type { RouterPrompts } from '../apps/extension-router/router-settings.ts';

/** Every prompt the dial-in app plays; a Record so a new prompt there fails to compile here. */
const DIAL_IN_PROMPTS: Record<keyof DialInPrompts, true> = {
  userId: true,
  pin: true,
  retryUserId: true,
  failure: true,
  loginOk: true,
  noSession: true,
  legExists: true,
  apology: true,
  goodbye: true,
};
const ROUTER_PROMPTS: Record<keyof RouterPrompts, true> = {
  unknown: true,
  noVoicemail: true,
  apology: true,
  goodbye: true,
};

/** What caller lookup plays: its greeting, and where contacts' recorded names are. */
export interface LookupPrompts {
  /** The greeting prompt (greetingPrompt). */
  readonly greeting: string;
  /** Contacts' recorded names are `<namePrefix><office number>` (namePromptPrefix). */
  readonly namePrefix: string;
}
const LOOKUP_PROMPTS: Record<keyof LookupPrompts, true> = { greeting: true, namePrefix: true };

export const DIAL_IN_PROMPT_KEYS = Object.keys(DIAL_IN_PROMPTS) as ReadonlyArray<keyof DialInPrompts>;
export const ROUTER_PROMPT_KEYS = Object.keys(ROUTER_PROMPTS) as ReadonlyArray<keyof RouterPrompts>;
export const LOOKUP_PROMPT_KEYS = Object.keys(LOOKUP_PROMPTS) as ReadonlyArray<keyof LookupPrompts>;

/** A sound file name as the apps pass it to STREAM FILE: no extension, no spaces or quotes. */
const soundName = z.string().regex(/^[A-Za-z0-9_./-]{1,200}$/);

/** Thrown with a short reason (no path: the caller names the flag or variable and the file). */
export class PromptsFileError extends Error {
  override readonly name = 'PromptsFileError';
}

/** Parses a prompt file's text into overrides for `keys`; throws PromptsFileError saying what is wrong. */
export function parsePromptsFile<K extends string>(
  text: string,
  keys: readonly K[],
): Partial<Record<K, string>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PromptsFileError('not valid JSON');
  }
  const schema = z.strictObject(Object.fromEntries(keys.map((key) => [key, soundName.optional()])));
  const result = schema.safeParse(json);
  if (result.success) {
    return Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) as Partial<
      Record<K, string>
    >;
  }
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new PromptsFileError(`unknown prompt "${issue.keys[0]}"; known: ${keys.join(', ')}`);
  }
  if (issue && issue.path.length > 0) {
    throw new PromptsFileError(`prompt "${String(issue.path[0])}" is not a plain sound file name`);
  }
  throw new PromptsFileError('not a JSON object of prompt names');
}
