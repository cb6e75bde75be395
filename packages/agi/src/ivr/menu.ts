import { AgiError } from '../errors.ts';
import { type CollectFailureReason, collectDigits } from './collect-digits.ts';
import type { IvrChannel } from './ivr-channel.ts';

export interface MenuOptions<T> {
  /** Sound file that lists the choices, e.g. `press-1-for-sales`. */
  prompt: string;
  /** Key (digits or `*`, e.g. '1', '0', '12') → what that choice means to the caller of `menu`. */
  options: Readonly<Record<string, T>>;
  /** Played instead of `prompt` from the second attempt on. */
  retryPrompt?: string;
  /** Tries before giving up. Default 3. */
  attempts?: number;
  /** Time allowed for each key, in ms. Default 5000. */
  timeoutMs?: number;
  /** Played after a key that is not one of the options. */
  invalidPrompt?: string;
  /** Played after an attempt where nothing was keyed. */
  timeoutPrompt?: string;
  signal?: AbortSignal;
}

export type MenuResult<T> =
  | { readonly ok: true; readonly key: string; readonly value: T; readonly attempt: number }
  | { readonly ok: false; readonly reason: CollectFailureReason; readonly attempt: number };

const KEY = /^[0-9*]+$/;

/**
 * Play a menu and return the chosen option (Adhearsion's `menu`). Single-key menus return at the
 * first key; with longer keys the caller ends the entry with `#` or waits for the timeout.
 * The values are yours: strings to switch on, or functions to call.
 */
export async function menu<T>(channel: IvrChannel, options: MenuOptions<T>): Promise<MenuResult<T>> {
  const keys = Object.keys(options.options);
  if (keys.length === 0 || !keys.every((key) => KEY.test(key))) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'menu: options need at least one key made of digits or *');
  }
  const result = await collectDigits(channel, {
    prompt: options.prompt,
    maxDigits: Math.max(...keys.map((key) => key.length)),
    validate: (digits) => Object.hasOwn(options.options, digits),
    ...pick(options, ['retryPrompt', 'attempts', 'timeoutMs', 'invalidPrompt', 'timeoutPrompt', 'signal']),
  });
  if (!result.ok) return result;
  return {
    ok: true,
    key: result.digits,
    value: options.options[result.digits] as T,
    attempt: result.attempt,
  };
}

function pick<O extends object, K extends keyof O>(source: O, names: readonly K[]): Partial<Pick<O, K>> {
  const out: Partial<Pick<O, K>> = {};
  for (const name of names) if (source[name] !== undefined) out[name] = source[name];
  return out;
}
