import { AgiError } from '../errors.ts';

/**
 * The deadline each typed command gets when its caller sets none: a safety net against a peer
 * that stopped answering (a hung Asterisk, a broken proxy, a stranger on the port), so that no
 * command waits for ever. Each fits its command: quick commands a few seconds; commands that play
 * sound or wait for the caller their own time limits plus a margin; commands that may rightly
 * last as long as the call (EXEC of a bridging application, WAIT FOR DIGIT -1) none.
 *
 * A deadline passed abandons the command (AGI_ERR_TIMEOUT) exactly as `timeoutMs` does; see
 * AgiSession for what follows (the next command resynchronises; a peer that does not answer that
 * either is closed).
 */
export interface AgiDeadlines {
  /**
   * Commands that neither play sound nor wait for the caller: ANSWER, CHANNEL STATUS, HANGUP,
   * SET *, GET VARIABLE, DATABASE *, NOOP, VERBOSE, SEND TEXT/IMAGE, TDD MODE, ASYNCAGI BREAK,
   * SPEECH CREATE/SET/DESTROY and the grammar commands, EXEC of the quick applications, and the
   * wait for GOSUB's `100 Trying`. Default 5000; 0: no deadline for them.
   */
  readonly quickMs?: number;
  /**
   * Allowance for playing one sound file or spoken phrase, whose length the server cannot know:
   * STREAM FILE, CONTROL STREAM FILE, GET OPTION, SAY *, the prompt of GET DATA and SPEECH
   * RECOGNIZE, RECORD FILE's beep, EXEC Playback/Background/Say*. Default 120000 (2 minutes):
   * play anything longer with its own `timeoutMs`, or raise this. 0: no deadline for any command
   * that plays something.
   */
  readonly playbackMs?: number;
  /** Added to a command's own time limit (digit timeouts, recording length, Wait). Default 5000. */
  readonly marginMs?: number;
  /**
   * The wait for each digit assumed when GET DATA or GET OPTION leave it to the dialplan
   * (`TIMEOUT(response)`, 10 s by default, and `TIMEOUT(digit)`, 5 s). Default 10000.
   */
  readonly dialplanDigitMs?: number;
  /**
   * EXEC deadlines by application name (case-insensitive), in ms; 0 means none. They replace the
   * built-in rules (see execDeadlineMs) for the applications named.
   */
  readonly exec?: Readonly<Record<string, number>>;
}

export const DEFAULT_AGI_DEADLINES = Object.freeze({
  quickMs: 5000,
  playbackMs: 120_000,
  marginMs: 5000,
  dialplanDigitMs: 10_000,
});

/** GET DATA's own default when no digit count is given (res_agi: 1024). */
const ASTERISK_MAX_DIGITS = 1024;

/**
 * EXEC applications that bridge or hold the call for as long as it lasts, or that run dialplan or
 * another AGI: no deadline. (ConfBridge, Dial and Queue may rightly run for hours.)
 */
const OPEN_ENDED_APPS = new Set(
  [
    'AGI',
    'Bridge',
    'BridgeWait',
    'ChanSpy',
    'ConfBridge',
    'DeadAGI',
    'Dial',
    'Dictate',
    'DISA',
    'Directory',
    'EAGI',
    'Echo',
    'ExtenSpy',
    'FollowMe',
    'MeetMe',
    'Milliwatt',
    'Originate',
    'Page',
    'Park',
    'ParkAndAnnounce',
    'ParkedCall',
    'Pickup',
    'PickupChan',
    'Queue',
    'RetryDial',
    'Stasis',
    'VoiceMail',
    'VoiceMailMain',
  ].map((name) => name.toLowerCase()),
);

/** Applications that play one file or phrase: the playback allowance. */
const PLAYBACK_APPS = new Set(
  [
    'Background',
    'ControlPlayback',
    'Playback',
    'SayAlpha',
    'SayAlphaCase',
    'SayDigits',
    'SayMoney',
    'SayNumber',
    'SayOrdinal',
    'SayPhonetic',
    'SayUnixTime',
  ].map((name) => name.toLowerCase()),
);

/** Applications that return at once: the quick deadline. */
const QUICK_APPS = new Set(
  [
    'Answer',
    'CELGenUserEvent',
    'ChannelRedirect',
    'ForkCDR',
    'Gosub',
    'Goto',
    'GotoIf',
    'Hangup',
    'Log',
    'MixMonitor',
    'MSet',
    'NoCDR',
    'NoOp',
    'PJSIPAddHeader',
    'Progress',
    'ResetCDR',
    'Ringing',
    'Set',
    'SIPAddHeader',
    'SoftHangup',
    'StartMusicOnHold',
    'StopMixMonitor',
    'StopMusicOnHold',
    'UserEvent',
    'Verbose',
  ].map((name) => name.toLowerCase()),
);

/** Applications whose first argument is how many seconds they last (none or 0: open-ended). */
const TIMED_APPS = new Set(['wait', 'waitexten', 'waitdigit', 'busy', 'congestion']);

/**
 * The deadlines of one configuration, resolved once and shared by every channel of a server.
 * Every method returns milliseconds, 0 meaning no deadline.
 */
export class CommandDeadlines {
  readonly quickMs: number;
  readonly playbackMs: number;
  readonly marginMs: number;
  readonly dialplanDigitMs: number;
  readonly #exec: ReadonlyMap<string, number>;

  static readonly defaults = new CommandDeadlines();

  /** The resolved deadlines of `options` (an instance is returned as it is). */
  static of(options: AgiDeadlines | undefined): CommandDeadlines {
    if (options === undefined) return CommandDeadlines.defaults;
    return options instanceof CommandDeadlines ? options : new CommandDeadlines(options);
  }

  constructor(options: AgiDeadlines = {}) {
    this.quickMs = milliseconds(options.quickMs ?? DEFAULT_AGI_DEADLINES.quickMs, 'quickMs');
    this.playbackMs = milliseconds(options.playbackMs ?? DEFAULT_AGI_DEADLINES.playbackMs, 'playbackMs');
    this.marginMs = milliseconds(options.marginMs ?? DEFAULT_AGI_DEADLINES.marginMs, 'marginMs');
    this.dialplanDigitMs = milliseconds(
      options.dialplanDigitMs ?? DEFAULT_AGI_DEADLINES.dialplanDigitMs,
      'dialplanDigitMs',
    );
    const exec = new Map<string, number>();
    for (const [app, ms] of Object.entries(options.exec ?? {})) {
      exec.set(app.toLowerCase(), milliseconds(ms, `exec.${app}`));
    }
    this.#exec = exec;
  }

  /** One file or phrase played, nothing waited for after it. */
  playback(): number {
    return this.#withPlayback(0);
  }

  /**
   * GET DATA: the prompt, then up to `maxDigits` digits, each within `digitTimeoutMs` (Asterisk's
   * first-digit and between-digit timeout). Omitted or 0: the dialplan's; negative: "for ever",
   * so none. Without maxDigits Asterisk takes up to 1024 digits, and so does the deadline.
   */
  getData(digitTimeoutMs: number | undefined, maxDigits: number | undefined): number {
    if (digitTimeoutMs !== undefined && digitTimeoutMs < 0) return 0;
    const perDigit = digitTimeoutMs || this.dialplanDigitMs;
    const digits = maxDigits !== undefined && maxDigits > 0 ? maxDigits : ASTERISK_MAX_DIGITS;
    return this.#withPlayback(perDigit * digits);
  }

  /** GET OPTION: the file, then one wait for a digit (omitted or not positive: the dialplan's). */
  getOption(digitTimeoutMs: number | undefined): number {
    const wait = digitTimeoutMs !== undefined && digitTimeoutMs > 0 ? digitTimeoutMs : this.dialplanDigitMs;
    return this.#withPlayback(wait);
  }

  /**
   * WAIT FOR DIGIT, RECEIVE CHAR, RECEIVE TEXT: their timeout plus the margin. A negative timeout
   * (and 0 for RECEIVE CHAR/TEXT, `zeroMeansForever`) asks to wait for ever: none.
   */
  waitFor(timeoutMs: number, zeroMeansForever: boolean): number {
    if (timeoutMs < 0 || (zeroMeansForever && timeoutMs === 0)) return 0;
    return this.#timed(timeoutMs);
  }

  /** RECORD FILE: the beep, then up to `maxDurationMs` of recording; no limit (-1): none. */
  record(maxDurationMs: number | undefined): number {
    if (maxDurationMs === undefined || maxDurationMs < 0) return 0;
    return this.#withPlayback(maxDurationMs);
  }

  /** SPEECH RECOGNIZE: the prompt, then up to `timeoutSeconds` of listening. */
  speechRecognize(timeoutSeconds: number): number {
    return this.#withPlayback(Math.max(0, timeoutSeconds) * 1000);
  }

  /**
   * EXEC <application> <options>. In order: an override from `exec`; open-ended applications
   * (ConfBridge, Dial, Queue, VoiceMail, MeetMe, AGI...) none; quick ones (Set, NoOp, Goto...)
   * quick; playing ones (Playback, Background, Say*) the playback allowance; Wait, WaitExten,
   * WaitDigit, Busy and Congestion their seconds plus the margin (none without); MusicOnHold its
   * duration plus the margin (none without). Any other application: none, as it may bridge the
   * call for as long as it lasts — name it in `exec` to give it one.
   */
  forExec(application: string, options: string | undefined): number {
    const app = application.toLowerCase();
    const override = this.#exec.get(app);
    if (override !== undefined) return override;
    if (OPEN_ENDED_APPS.has(app)) return 0;
    if (QUICK_APPS.has(app)) return this.quickMs;
    if (PLAYBACK_APPS.has(app)) return this.playback();
    if (TIMED_APPS.has(app)) return this.#seconds(nthOption(options, 0));
    if (app === 'musiconhold') return this.#seconds(nthOption(options, 1));
    return 0;
  }

  /** `seconds` (text, may be fractional) plus the margin; none for 0, nothing or nonsense. */
  #seconds(seconds: string | undefined): number {
    const value = Number(seconds);
    if (seconds === undefined || seconds.trim() === '' || !Number.isFinite(value) || value <= 0) return 0;
    return this.#timed(Math.ceil(value * 1000));
  }

  #timed(waitMs: number): number {
    return waitMs + this.marginMs;
  }

  /** Something played (an unknown length), then `waitMs`; none when the allowance is switched off. */
  #withPlayback(waitMs: number): number {
    return this.playbackMs === 0 ? 0 : this.playbackMs + waitMs + this.marginMs;
  }
}

/** The `index`th comma-separated option of an EXEC options token. */
function nthOption(options: string | undefined, index: number): string | undefined {
  return options?.split(',')[index];
}

function milliseconds(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', `deadline ${name} must be at least 0 ms, got ${value}`);
  }
  return value;
}
