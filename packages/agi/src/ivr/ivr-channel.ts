/**
 * The part of a channel the IVR helpers use. `AgiChannel` satisfies it; keeping the helpers on this
 * narrow shape lets them run on any channel-like object (a wrapper that adds logging, for example).
 */
export interface IvrChannel {
  /** GET DATA: play `file`, then collect up to `maxDigits` digits, `#` ends the entry. */
  getData(file: string, options?: { digitTimeoutMs?: number; maxDigits?: number }): Promise<IvrGetDataResult>;
  /** STREAM FILE without escape digits: a prompt the caller cannot interrupt. */
  streamFile(file: string, options?: { escapeDigits?: string }): Promise<unknown>;
}

/** What the helpers read from a GET DATA reply. */
export interface IvrGetDataResult {
  /** The digits keyed, without the ending `#` ('' when none). */
  readonly digits: string;
  /** True when the entry ended by the per-digit timeout rather than `#` or max digits. */
  readonly timeout: boolean;
}
