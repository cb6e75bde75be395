/**
 * The `--dialin-prompts` file: a JSON object naming the sound file of each dial-in prompt to
 * replace, e.g. `{"userId": "custom/enter-agent-id", "failure": "custom/sorry"}`. Pure: the caller
 * reads the file; this checks its text.
 */
import { z } from 'zod';
import type { DialInPrompts } from '../apps/agent-dial-in/dial-in-settings.ts';

/** Every prompt the dial-in app plays; a Record so a new prompt there fails to compile here. */
const PROMPT_KEYS: Record<keyof DialInPrompts, true> = {
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

export const DIAL_IN_PROMPT_KEYS = Object.keys(PROMPT_KEYS) as ReadonlyArray<keyof DialInPrompts>;

/** A sound file name as the app passes it to STREAM FILE: no extension, no spaces or quotes. */
const soundName = z.string().regex(/^[A-Za-z0-9_./-]{1,200}$/);

const promptsSchema = z.strictObject(
  Object.fromEntries(DIAL_IN_PROMPT_KEYS.map((key) => [key, soundName.optional()])) as Record<
    keyof DialInPrompts,
    z.ZodOptional<typeof soundName>
  >,
);

/** Thrown with a short reason (no path: the caller names the flag or variable and the file). */
export class DialInPromptsFileError extends Error {
  override readonly name = 'DialInPromptsFileError';
}

/** Parses the file's text into prompt overrides; throws DialInPromptsFileError saying what is wrong. */
export function parseDialInPromptsFile(text: string): Partial<DialInPrompts> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DialInPromptsFileError('not valid JSON');
  }
  const result = promptsSchema.safeParse(json);
  if (result.success) {
    return Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined));
  }
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new DialInPromptsFileError(
      `unknown prompt "${issue.keys[0]}"; known: ${DIAL_IN_PROMPT_KEYS.join(', ')}`,
    );
  }
  if (issue && issue.path.length > 0) {
    throw new DialInPromptsFileError(`prompt "${String(issue.path[0])}" is not a plain sound file name`);
  }
  throw new DialInPromptsFileError('not a JSON object of prompt names');
}
