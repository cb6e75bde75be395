import { AgiError } from '../errors.ts';
import { isHangupError } from './hangup-error.ts';
import type { IvrChannel } from './ivr-channel.ts';

/** Why a collection gave up. `timeout`: nothing keyed; `invalid`: keyed but refused. */
export type CollectFailureReason = 'timeout' | 'invalid' | 'hangup';

export type DigitValidator = (digits: string) => boolean | Promise<boolean>;

export interface CollectDigitsOptions {
  /** Sound file played by GET DATA (no extension), e.g. `agent-user`. */
  prompt: string;
  /** Played instead of `prompt` from the second attempt on (Adhearsion's re-prompt). */
  retryPrompt?: string;
  /** Most digits accepted; GET DATA returns as soon as this many are keyed. Default 20. */
  maxDigits?: number;
  /** Fewest digits accepted; shorter entries are `invalid`. Default 1. */
  minDigits?: number;
  /** Time allowed for each digit, in ms (GET DATA's timeout). Default 5000. */
  timeoutMs?: number;
  /** Tries before giving up. Default 3. */
  attempts?: number;
  /** Accepts or refuses a non-empty entry (after the min/max digit checks). */
  validate?: DigitValidator;
  /** Played after an entry that was refused. */
  invalidPrompt?: string;
  /** Played after an attempt where nothing was keyed. */
  timeoutPrompt?: string;
  /** Stops between attempts with AGI_ERR_ABORTED. */
  signal?: AbortSignal;
}

export type CollectDigitsResult =
  | { readonly ok: true; readonly digits: string; readonly attempt: number }
  | { readonly ok: false; readonly reason: CollectFailureReason; readonly attempt: number };

const DEFAULTS = { maxDigits: 20, minDigits: 1, timeoutMs: 5000, attempts: 3 } as const;

/**
 * Prompt for digits and collect them with GET DATA, up to `attempts` times, in the spirit of PAGI's
 * nodes and Adhearsion's `ask`. Nothing is ever logged here: the digits may be a PIN.
 *
 * A caller who hangs up (at any command) yields `{ ok: false, reason: 'hangup' }`; other AGI errors
 * (a missing prompt file, a closed server) are thrown.
 */
export async function collectDigits(
  channel: IvrChannel,
  options: CollectDigitsOptions,
): Promise<CollectDigitsResult> {
  const maxDigits = options.maxDigits ?? DEFAULTS.maxDigits;
  const minDigits = options.minDigits ?? DEFAULTS.minDigits;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const attempts = options.attempts ?? DEFAULTS.attempts;
  checkLimits(maxDigits, minDigits, timeoutMs, attempts);

  let reason: CollectFailureReason = 'timeout';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (options.signal?.aborted) {
      throw new AgiError('AGI_ERR_ABORTED', 'collectDigits: aborted', { cause: options.signal.reason });
    }
    const prompt = attempt > 1 && options.retryPrompt !== undefined ? options.retryPrompt : options.prompt;
    try {
      const entry = await channel.getData(prompt, { digitTimeoutMs: timeoutMs, maxDigits });
      const verdict = await judge(entry.digits, minDigits, maxDigits, options.validate);
      if (verdict === undefined) return { ok: true, digits: entry.digits, attempt };
      reason = verdict;
      const followUp = verdict === 'timeout' ? options.timeoutPrompt : options.invalidPrompt;
      if (followUp !== undefined) await channel.streamFile(followUp);
    } catch (err) {
      if (isHangupError(err)) return { ok: false, reason: 'hangup', attempt };
      throw err;
    }
  }
  return { ok: false, reason, attempt: attempts };
}

/** undefined = accepted. An empty entry (timeout, or `#` alone) counts as no input. */
async function judge(
  digits: string,
  minDigits: number,
  maxDigits: number,
  validate: DigitValidator | undefined,
): Promise<'timeout' | 'invalid' | undefined> {
  if (digits === '') return 'timeout';
  if (digits.length < minDigits || digits.length > maxDigits) return 'invalid';
  if (validate !== undefined && !(await validate(digits))) return 'invalid';
  return undefined;
}

function checkLimits(maxDigits: number, minDigits: number, timeoutMs: number, attempts: number): void {
  const fine =
    Number.isInteger(maxDigits) &&
    maxDigits >= 1 &&
    Number.isInteger(minDigits) &&
    minDigits >= 0 &&
    minDigits <= maxDigits &&
    Number.isFinite(timeoutMs) &&
    timeoutMs > 0 &&
    Number.isInteger(attempts) &&
    attempts >= 1;
  if (!fine) {
    throw new AgiError(
      'AGI_ERR_BAD_ARGUMENT',
      `collectDigits: need 1 <= maxDigits, 0 <= minDigits <= maxDigits, timeoutMs > 0, attempts >= 1 (got maxDigits=${maxDigits}, minDigits=${minDigits}, timeoutMs=${timeoutMs}, attempts=${attempts})`,
    );
  }
}
