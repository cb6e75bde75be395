import type { AgiSendOptions } from '../session/agi-session.ts';
import type { AgiDeadlines } from './command-deadlines.ts';

/** Options of AgiChannel and of its methods. */

/**
 * Deadline and cancellation of one command; every method takes them. `timeoutMs` replaces the
 * command's default deadline (0: none).
 */
export type AgiCommandOptions = AgiSendOptions;

export interface AgiChannelOptions {
  /**
   * How long a command that answered `result=-1` waits for the `HANGUP` line (or SIGHUP) before
   * deciding between AGI_ERR_HANGUP and AGI_ERR_COMMAND_FAILED. Asterisk sends the reply first and
   * `HANGUP` about 40 ms later (transcripts/hangup*.txt); default 100, 0 = decide at once.
   */
  hangupGraceMs?: number;
  /** The default deadline of each command (see CommandDeadlines); per call, `timeoutMs` wins. */
  deadlines?: AgiDeadlines;
}

export interface EscapeDigitsOption {
  /** Digits that stop playback ('' = none, the default). */
  escapeDigits?: string;
}

export interface StreamFileOptions extends AgiCommandOptions, EscapeDigitsOption {
  /** Start this many samples into the file. */
  offsetSamples?: number;
}

export interface ControlStreamFileOptions extends AgiCommandOptions, EscapeDigitsOption {
  /** Skip for fast-forward and rewind (Asterisk's default 3000). */
  skipMs?: number;
  /** Fast-forward key (default `#`). */
  forwardKey?: string;
  /** Rewind key (default `*`). */
  rewindKey?: string;
  /** Pause key (default none). */
  pauseKey?: string;
  /** Start this many milliseconds into the file. */
  offsetMs?: number;
}

export interface GetOptionOptions extends AgiCommandOptions, EscapeDigitsOption {
  /** How long to wait for a digit after playback (default: the dialplan's digit timeout). */
  digitTimeoutMs?: number;
}

export interface GetDataOptions extends AgiCommandOptions {
  /**
   * Time allowed for each digit: the first after the prompt, then between digits. Omitted or 0:
   * the dialplan's response/digit timeouts; negative: wait (almost) forever.
   */
  digitTimeoutMs?: number;
  /** Stop after this many digits (Asterisk's default 1024). */
  maxDigits?: number;
}

export interface RecordFileOptions extends AgiCommandOptions, EscapeDigitsOption {
  /** Longest recording (default -1 = no limit). */
  maxDurationMs?: number;
  /** Append starting at this sample offset. */
  offsetSamples?: number;
  /** Play a beep before recording. */
  beep?: boolean;
  /** Stop after this many seconds of silence. */
  silenceSeconds?: number;
}

export interface SayNumberOptions extends AgiCommandOptions, EscapeDigitsOption {
  /** Gender for languages that have one (`f`, `m`, `c`, `n`). */
  gender?: string;
}

export interface SayDateTimeOptions extends AgiCommandOptions, EscapeDigitsOption {
  /** Asterisk's say format, e.g. `HM` or `ABdY 'digits/at' IMp` (default: per language). */
  format?: string;
  /** Time zone, e.g. `UTC` or `Europe/Berlin` (needs format). */
  timezone?: string;
}

export interface SpeechRecognizeOptions extends AgiCommandOptions {
  /** Start the prompt this many samples in. */
  offsetSamples?: number;
}
