import { AgiError } from '../errors.ts';
import { type AgiArgument, encodeCommand } from '../protocol/command-encoder.ts';
import type { AgiEnvironment } from '../protocol/environment.ts';
import { replyExcerpt } from '../protocol/input-commands.ts';
import type { AgiReply } from '../protocol/reply.ts';
import type { AgiReplyDecoder, AgiSession } from '../session/agi-session.ts';
import type {
  AgiChannelOptions,
  AgiCommandOptions,
  ControlStreamFileOptions,
  EscapeDigitsOption,
  GetDataOptions,
  GetOptionOptions,
  RecordFileOptions,
  SayDateTimeOptions,
  SayNumberOptions,
  SpeechRecognizeOptions,
  StreamFileOptions,
} from './agi-channel-options.ts';
import { CommandDeadlines } from './command-deadlines.ts';
import type {
  ChannelStatus,
  ControlPlaybackResult,
  GetDataResult,
  PlaybackResult,
  ReceiveCharResult,
  RecordResult,
  SpeechRecognition,
  TddMode,
} from './command-results.ts';
import {
  assertSuccess,
  channelStatusOf,
  digitOfCode,
  integerAttribute,
  integerResult,
  speechRecognitionOf,
} from './reply-decoding.ts';

/** The session enforces the configured line limit, so the encoder need not. */
const UNCAPPED = { maxBytes: Number.POSITIVE_INFINITY } as const;

/** The dead-channel answer of HANGUP on our own channel: it is already gone. */
const DEAD = 511;

/** The commands send()/sendWith() give the quick deadline; any other command name gets none. */
const QUICK_COMMANDS: ReadonlySet<string> = new Set([
  'ANSWER',
  'ASYNCAGI BREAK',
  'CHANNEL STATUS',
  'DATABASE DEL',
  'DATABASE DELTREE',
  'DATABASE GET',
  'DATABASE PUT',
  'GET FULL VARIABLE',
  'GET VARIABLE',
  'HANGUP',
  'NOOP',
  'SEND IMAGE',
  'SEND TEXT',
  'SET AUTOHANGUP',
  'SET CALLERID',
  'SET CONTEXT',
  'SET EXTENSION',
  'SET MUSIC',
  'SET PRIORITY',
  'SET VARIABLE',
  'SPEECH ACTIVATE GRAMMAR',
  'SPEECH CREATE',
  'SPEECH DEACTIVATE GRAMMAR',
  'SPEECH DESTROY',
  'SPEECH LOAD GRAMMAR',
  'SPEECH SET',
  'SPEECH UNLOAD GRAMMAR',
  'TDD MODE',
  'VERBOSE',
]);

/**
 * The typed AGI API: one method per command of Asterisk 18–22 (the 46 of res_agi plus GOSUB), each
 * sending exactly one command line through the session and decoding its reply.
 *
 * Errors (AgiError codes): AGI_ERR_INVALID_COMMAND (510), AGI_ERR_DEAD_CHANNEL (511: the channel
 * hung up and the command is not allowed on a dead channel), AGI_ERR_USAGE (520, with the usage
 * text), AGI_ERR_HANGUP (`result=-1` because the channel hung up), AGI_ERR_COMMAND_FAILED (the
 * command ran and failed: missing file, unknown application, database error...), plus the
 * session's AGI_ERR_CLOSED / TIMEOUT / ABORTED / BUSY / BAD_ARGUMENT / COMMAND_TOO_LONG.
 *
 * Deadlines: a command without `timeoutMs` (and on a session without `commandTimeoutMs`) gets
 * the default fitted to it by `deadlines` (see CommandDeadlines): a few seconds for quick
 * commands, its own time limits plus a margin for those that play sound or wait for the caller,
 * none for those that may rightly last the whole call. AGI_ERR_TIMEOUT when it passes.
 */
export class AgiChannel {
  readonly session: AgiSession;
  readonly #hangupGraceMs: number;
  readonly #deadlines: CommandDeadlines;

  constructor(session: AgiSession, options?: AgiChannelOptions) {
    this.session = session;
    this.#hangupGraceMs = options?.hangupGraceMs ?? 100;
    this.#deadlines = CommandDeadlines.of(options?.deadlines);
  }

  /** The default deadlines of this channel's commands. */
  get deadlines(): CommandDeadlines {
    return this.#deadlines;
  }

  /** The environment; throws AGI_ERR_PROTOCOL before `session.ready()` resolved. */
  get env(): AgiEnvironment {
    const environment = this.session.environment;
    if (!environment) {
      throw new AgiError(
        'AGI_ERR_PROTOCOL',
        'the AGI environment has not arrived yet: await session.ready()',
      );
    }
    return environment;
  }

  get hungUp(): boolean {
    return this.session.hungUp;
  }

  // ── raw ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends any command (e.g. one a module registers) with its arguments encoded, and returns the 200
   * reply; 510/511/520 throw their typed errors. Its default deadline is the quick one for the
   * commands that neither play sound nor wait for the caller, none otherwise: use the typed
   * method, or pass `timeoutMs` to sendWith().
   */
  send(command: string, ...args: AgiArgument[]): Promise<AgiReply> {
    return this.sendWith(command, args);
  }

  /** send() with per-command options. */
  async sendWith(
    command: string,
    args: readonly (AgiArgument | undefined)[],
    options: AgiCommandOptions = {},
  ): Promise<AgiReply> {
    const name = command
      .trim()
      .toUpperCase()
      .replace(/[ \t]+/g, ' ');
    const deadline = QUICK_COMMANDS.has(name) ? this.#deadlines.quickMs : 0;
    const [, reply] = await this.#call(command, args, options, deadline);
    return reply;
  }

  // ── channel ────────────────────────────────────────────────────────────────────────────────────

  /** ANSWER. Can take up to 500 ms when no audio flows. */
  answer(options?: AgiCommandOptions): Promise<void> {
    return this.#command('ANSWER', [], options, AgiChannel.#statusDone, this.#deadlines.quickMs);
  }

  /** ASYNCAGI BREAK: hands an Async AGI channel back to the dialplan. */
  asyncAgiBreak(options?: AgiCommandOptions): Promise<void> {
    return this.#command('ASYNCAGI BREAK', [], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** CHANNEL STATUS [channel]; undefined when no channel has that name. */
  async channelStatus(channelName?: string, options?: AgiCommandOptions): Promise<ChannelStatus | undefined> {
    const [line, reply] = await this.#call('CHANNEL STATUS', [channelName], options, this.#deadlines.quickMs);
    const code = integerResult(reply, line);
    return code < 0 ? undefined : channelStatusOf(code);
  }

  /**
   * HANGUP [channel]. Hanging up our own channel when it is already dead (511) is not an error.
   * A named channel that does not exist is AGI_ERR_COMMAND_FAILED.
   */
  async hangup(channelName?: string, options?: AgiCommandOptions): Promise<void> {
    const line = encodeCommand('HANGUP', [channelName], UNCAPPED);
    const raw = await this.session.sendDecoded(
      line,
      options,
      replyAsItIs,
      undefined,
      this.#deadlines.quickMs,
    );
    if (raw.code === DEAD && channelName === undefined) return;
    const reply = assertSuccess(raw, line);
    if (integerResult(reply, line) !== 1) throw failed(line, reply, 'no such channel');
  }

  /** SET AUTOHANGUP <seconds>: hang up after this many seconds; 0 cancels. */
  setAutoHangup(seconds: number, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SET AUTOHANGUP', [seconds], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** SET CALLERID <callerid>, e.g. `"Name" <5550000>`. */
  setCallerId(callerId: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SET CALLERID', [callerId], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** SET CONTEXT: where the dialplan continues after the AGI. */
  setContext(context: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SET CONTEXT', [context], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** SET EXTENSION: where the dialplan continues after the AGI. */
  setExtension(extension: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SET EXTENSION', [extension], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** SET PRIORITY <number or label>; an unknown label is AGI_ERR_USAGE (Asterisk answers 520). */
  setPriority(priority: string | number, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SET PRIORITY', [priority], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** SET MUSIC on|off [class]: music on hold while the AGI runs. */
  setMusic(on: boolean, musicClass?: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command(
      'SET MUSIC',
      [on ? 'on' : 'off', musicClass],
      options,
      AgiChannel.#done,
      this.#deadlines.quickMs,
    );
  }

  /** TDD MODE on|off|mate|tdd; false when the channel is not TDD-capable. */
  async tddMode(mode: TddMode, options?: AgiCommandOptions): Promise<boolean> {
    const [line, reply] = await this.#call('TDD MODE', [mode], options, this.#deadlines.quickMs);
    return integerResult(reply, line) === 1;
  }

  // ── variables and database ─────────────────────────────────────────────────────────────────────

  /** GET VARIABLE <name> (functions such as `CALLERID(num)` work too); undefined when unset. */
  getVariable(name: string, options?: AgiCommandOptions): Promise<string | undefined> {
    return this.#command('GET VARIABLE', [name], options, AgiChannel.#variable, this.#deadlines.quickMs);
  }

  /**
   * GET FULL VARIABLE <expression> [channel]: evaluates `${...}` expressions. An unset variable reads
   * as ''; undefined only when the named channel does not exist.
   */
  getFullVariable(
    expression: string,
    channelName?: string,
    options?: AgiCommandOptions,
  ): Promise<string | undefined> {
    return this.#command(
      'GET FULL VARIABLE',
      [expression, channelName],
      options,
      AgiChannel.#variable,
      this.#deadlines.quickMs,
    );
  }

  /** SET VARIABLE <name> <value>. */
  setVariable(name: string, value: string | number, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SET VARIABLE', [name, value], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** DATABASE GET <family> <key>; undefined when the key does not exist. */
  databaseGet(family: string, key: string, options?: AgiCommandOptions): Promise<string | undefined> {
    return this.#command(
      'DATABASE GET',
      [family, key],
      options,
      AgiChannel.#variable,
      this.#deadlines.quickMs,
    );
  }

  /** DATABASE PUT <family> <key> <value>; AGI_ERR_COMMAND_FAILED when Asterisk's database fails. */
  async databasePut(
    family: string,
    key: string,
    value: string | number,
    options?: AgiCommandOptions,
  ): Promise<void> {
    const [line, reply] = await this.#call(
      'DATABASE PUT',
      [family, key, value],
      options,
      this.#deadlines.quickMs,
    );
    if (integerResult(reply, line) !== 1) throw failed(line, reply, 'database write failed');
  }

  /**
   * DATABASE DEL <family> <key>. Asterisk reports success for a missing key too, so this only
   * throws (AGI_ERR_COMMAND_FAILED) when its database fails.
   */
  async databaseDel(family: string, key: string, options?: AgiCommandOptions): Promise<void> {
    const [line, reply] = await this.#call('DATABASE DEL', [family, key], options, this.#deadlines.quickMs);
    if (integerResult(reply, line) !== 1) throw failed(line, reply, 'database delete failed');
  }

  /**
   * DATABASE DELTREE <family> [keytree]; true when something was deleted. (Asterisk answers 0 when
   * it deleted entries and 1 when there were none, against its own documentation.)
   */
  async databaseDelTree(family: string, keyTree?: string, options?: AgiCommandOptions): Promise<boolean> {
    const [line, reply] = await this.#call(
      'DATABASE DELTREE',
      [family, keyTree],
      options,
      this.#deadlines.quickMs,
    );
    return integerResult(reply, line) === 0;
  }

  // ── dialplan ───────────────────────────────────────────────────────────────────────────────────

  /**
   * EXEC <application> <options>: runs a dialplan application; the arguments are joined with `,`
   * into the one options token Asterisk passes on. Resolves with the application's return value
   * (0 normally; -1 when it ended the call, e.g. Hangup). An unknown application (-2) is
   * AGI_ERR_COMMAND_FAILED. No `${}` substitution happens unless the channel has AGIEXECFULL=yes.
   */
  exec(application: string, ...args: AgiArgument[]): Promise<number> {
    return this.execWith(application, args);
  }

  /**
   * exec() with per-command options. Not an async function: a call held in EXEC (ConfBridge,
   * Dial) for its whole length keeps a suspended frame alive; a promise reaction is lighter.
   */
  execWith(application: string, args: readonly AgiArgument[], options?: AgiCommandOptions): Promise<number> {
    const token = args.length === 0 ? undefined : args.map(String).join(',');
    const deadline = this.#deadlines.forExec(application, token);
    return this.#command('EXEC', [application, token], options, AgiChannel.#exec, deadline);
  }

  /**
   * GOSUB <context> <extension> <priority> [args]: runs a dialplan subroutine now and returns when
   * it does (read GOSUB_RETVAL afterwards). A missing label is AGI_ERR_COMMAND_FAILED. Its default
   * deadline is the quick one for Asterisk's `100 Trying`, then none: the subroutine may Dial.
   */
  gosub(
    context: string,
    extension: string,
    priority: string | number,
    ...args: AgiArgument[]
  ): Promise<void> {
    return this.gosubWith(context, extension, priority, args);
  }

  /** gosub() with per-command options. */
  async gosubWith(
    context: string,
    extension: string,
    priority: string | number,
    args: readonly AgiArgument[],
    options?: AgiCommandOptions,
  ): Promise<void> {
    const token = args.length === 0 ? undefined : args.map(String).join(',');
    const [line, reply] = await this.#call(
      'GOSUB',
      [context, extension, priority, token],
      options,
      this.#deadlines.quickMs,
    );
    if (integerResult(reply, line) !== 0) throw failed(line, reply, 'Gosub label not found');
  }

  /** NOOP [text]: does nothing; allowed on a dead channel (a cheap liveness round trip). */
  noop(text?: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command('NOOP', [text], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  /** VERBOSE <message> [level]: logs on the Asterisk console. */
  verbose(message: string, level?: 1 | 2 | 3 | 4, options?: AgiCommandOptions): Promise<void> {
    return this.#command('VERBOSE', [message, level], options, AgiChannel.#done, this.#deadlines.quickMs);
  }

  // ── audio and digits ───────────────────────────────────────────────────────────────────────────

  /** STREAM FILE <file> <escape digits> [offset]: plays a file (no extension). */
  streamFile(file: string, options: StreamFileOptions = {}): Promise<PlaybackResult> {
    const args = [file, options.escapeDigits ?? '', options.offsetSamples];
    return this.#command('STREAM FILE', args, options, AgiChannel.#playback, this.#deadlines.playback());
  }

  /** CONTROL STREAM FILE: plays a file the caller can fast-forward, rewind, pause and stop. */
  async controlStreamFile(
    file: string,
    options: ControlStreamFileOptions = {},
  ): Promise<ControlPlaybackResult> {
    const { skipMs, forwardKey, rewindKey, pauseKey, offsetMs } = options;
    // Positional: once a later option is set, the earlier ones go as Asterisk's defaults ('' = default).
    const later = [forwardKey, rewindKey, pauseKey, offsetMs].some((v) => v !== undefined);
    const args: (AgiArgument | undefined)[] = [
      file,
      options.escapeDigits ?? '',
      skipMs ?? (later ? 3000 : undefined),
    ];
    const rest = [forwardKey, rewindKey, pauseKey];
    const lastString = offsetMs !== undefined ? rest.length : rest.findLastIndex((v) => v !== undefined) + 1;
    for (let i = 0; i < lastString; i++) args.push(rest[i] ?? '');
    if (offsetMs !== undefined) args.push(offsetMs);
    // With a pause key the caller may pause for as long as they like: no default deadline.
    const deadline = pauseKey ? 0 : this.#deadlines.playback();
    const [line, reply] = await this.#status('CONTROL STREAM FILE', args, options, deadline);
    const endpos = reply.attributes.endpos === undefined ? -1 : integerAttribute(reply, 'endpos', line);
    return { digit: digitOfCode(integerResult(reply, line)), endposMs: endpos < 0 ? undefined : endpos };
  }

  /** GET OPTION <file> <escape digits> [timeout]: STREAM FILE, then waits for one of the digits. */
  getOption(file: string, options: GetOptionOptions = {}): Promise<PlaybackResult> {
    const args = [file, options.escapeDigits ?? '', options.digitTimeoutMs];
    const deadline = this.#deadlines.getOption(options.digitTimeoutMs);
    return this.#command('GET OPTION', args, options, AgiChannel.#playback, deadline);
  }

  /**
   * GET DATA <file> [timeout] [maxdigits]: plays a prompt and collects digits until `#`, the digit
   * timeout or maxDigits. A missing prompt file or a hangup throws (COMMAND_FAILED / HANGUP).
   */
  getData(file: string, options: GetDataOptions = {}): Promise<GetDataResult> {
    const { digitTimeoutMs, maxDigits } = options;
    const timeout = digitTimeoutMs ?? (maxDigits !== undefined ? 0 : undefined);
    const deadline = this.#deadlines.getData(digitTimeoutMs, maxDigits);
    return this.#command('GET DATA', [file, timeout, maxDigits], options, AgiChannel.#data, deadline);
  }

  /** WAIT FOR DIGIT <timeout>: the digit pressed, or undefined on timeout; -1 waits forever. */
  async waitForDigit(timeoutMs: number, options?: AgiCommandOptions): Promise<string | undefined> {
    const deadline = this.#deadlines.waitFor(timeoutMs, false);
    const [line, reply] = await this.#status('WAIT FOR DIGIT', [timeoutMs], options, deadline);
    return digitOfCode(integerResult(reply, line));
  }

  /**
   * RECORD FILE <file> <format> <escape digits> <timeout> [offset] [BEEP] [s=silence]. A hangup
   * ends the recording normally (reason 'hangup': the file is kept); an unwritable path is
   * AGI_ERR_COMMAND_FAILED.
   */
  async recordFile(file: string, format: string, options: RecordFileOptions = {}): Promise<RecordResult> {
    const { offsetSamples, beep, silenceSeconds } = options;
    const args: (AgiArgument | undefined)[] = [
      file,
      format,
      options.escapeDigits ?? '',
      options.maxDurationMs ?? -1,
    ];
    if (offsetSamples !== undefined || beep || silenceSeconds !== undefined) args.push(offsetSamples ?? 0);
    if (beep) args.push('BEEP');
    if (silenceSeconds !== undefined) args.push(`s=${silenceSeconds}`);
    const deadline = this.#deadlines.record(options.maxDurationMs);
    const [line, reply] = await this.#call('RECORD FILE', args, options, deadline);
    const result = integerResult(reply, line);
    const endposSamples = reply.attributes.endpos === undefined ? 0 : integerAttribute(reply, 'endpos', line);
    if (reply.data === 'hangup') return { reason: 'hangup', digit: undefined, endposSamples };
    // The reason word Asterisk gives (`writefile`); anything else in its place may be caller input.
    const why = reply.data !== undefined && /^[a-z]{1,20}$/.test(reply.data) ? reply.data : 'error';
    if (result < 0) throw failed(line, reply, `recording failed (${why})`);
    if (reply.data === 'dtmf') return { reason: 'dtmf', digit: digitOfCode(result), endposSamples };
    return { reason: 'timeout', digit: undefined, endposSamples };
  }

  /** SAY ALPHA <text> <escape digits>: spells letters and digits. */
  async sayAlpha(
    text: string,
    options: EscapeDigitsOption & AgiCommandOptions = {},
  ): Promise<string | undefined> {
    return this.#say('SAY ALPHA', [text, options.escapeDigits ?? ''], options);
  }

  /** SAY DIGITS <digits> <escape digits>. */
  async sayDigits(
    digits: string | number,
    options: EscapeDigitsOption & AgiCommandOptions = {},
  ): Promise<string | undefined> {
    return this.#say('SAY DIGITS', [digits, options.escapeDigits ?? ''], options);
  }

  /** SAY NUMBER <number> <escape digits> [gender]. */
  async sayNumber(value: number | string, options: SayNumberOptions = {}): Promise<string | undefined> {
    return this.#say('SAY NUMBER', [value, options.escapeDigits ?? '', options.gender], options);
  }

  /** SAY PHONETIC <text> <escape digits>: spells with the NATO alphabet. */
  async sayPhonetic(
    text: string,
    options: EscapeDigitsOption & AgiCommandOptions = {},
  ): Promise<string | undefined> {
    return this.#say('SAY PHONETIC', [text, options.escapeDigits ?? ''], options);
  }

  /** SAY DATE <seconds since epoch> <escape digits>. */
  async sayDate(
    date: Date | number,
    options: EscapeDigitsOption & AgiCommandOptions = {},
  ): Promise<string | undefined> {
    return this.#say('SAY DATE', [epochSeconds(date), options.escapeDigits ?? ''], options);
  }

  /** SAY TIME <seconds since epoch> <escape digits>. */
  async sayTime(
    date: Date | number,
    options: EscapeDigitsOption & AgiCommandOptions = {},
  ): Promise<string | undefined> {
    return this.#say('SAY TIME', [epochSeconds(date), options.escapeDigits ?? ''], options);
  }

  /** SAY DATETIME <seconds since epoch> <escape digits> [format] [timezone]. */
  async sayDateTime(date: Date | number, options: SayDateTimeOptions = {}): Promise<string | undefined> {
    const { format, timezone } = options;
    if (timezone !== undefined && format === undefined) {
      // An empty format would make Asterisk say nothing; its default format depends on the language.
      throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'SAY DATETIME: a timezone needs a format');
    }
    return this.#say(
      'SAY DATETIME',
      [epochSeconds(date), options.escapeDigits ?? '', format, timezone],
      options,
    );
  }

  // ── text, images, TDD ──────────────────────────────────────────────────────────────────────────

  /** SEND TEXT <text>: succeeds silently on channels without text support. */
  sendText(text: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SEND TEXT', [text], options, AgiChannel.#statusDone, this.#deadlines.quickMs);
  }

  /** SEND IMAGE <image>: succeeds silently on channels without image support. */
  sendImage(image: string, options?: AgiCommandOptions): Promise<void> {
    return this.#command('SEND IMAGE', [image], options, AgiChannel.#statusDone, this.#deadlines.quickMs);
  }

  /** RECEIVE CHAR <timeout>: one character of text (channels that support text). */
  async receiveChar(timeoutMs: number, options?: AgiCommandOptions): Promise<ReceiveCharResult> {
    const deadline = this.#deadlines.waitFor(timeoutMs, true);
    const [line, reply] = await this.#status('RECEIVE CHAR', [timeoutMs], options, deadline);
    const code = integerResult(reply, line);
    return { char: digitOfCode(code), timeout: code === 0 };
  }

  /** RECEIVE TEXT <timeout>: a text message (channels that support text). */
  async receiveText(timeoutMs: number, options?: AgiCommandOptions): Promise<string> {
    const deadline = this.#deadlines.waitFor(timeoutMs, true);
    const [, reply] = await this.#status('RECEIVE TEXT', [timeoutMs], options, deadline);
    return reply.data ?? '';
  }

  // ── speech (res_speech; needs a speech engine module) ──────────────────────────────────────────

  /** SPEECH CREATE <engine>; AGI_ERR_COMMAND_FAILED when the engine does not exist. */
  async speechCreate(engine: string, options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH CREATE', [engine], options);
  }

  /** SPEECH SET <name> <value>: sets an engine setting. */
  async speechSet(name: string, value: string | number, options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH SET', [name, value], options);
  }

  /** SPEECH DESTROY. */
  async speechDestroy(options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH DESTROY', [], options);
  }

  /** SPEECH LOAD GRAMMAR <name> <path>. */
  async speechLoadGrammar(name: string, path: string, options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH LOAD GRAMMAR', [name, path], options);
  }

  /** SPEECH UNLOAD GRAMMAR <name>. */
  async speechUnloadGrammar(name: string, options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH UNLOAD GRAMMAR', [name], options);
  }

  /** SPEECH ACTIVATE GRAMMAR <name>. */
  async speechActivateGrammar(name: string, options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH ACTIVATE GRAMMAR', [name], options);
  }

  /** SPEECH DEACTIVATE GRAMMAR <name>. */
  async speechDeactivateGrammar(name: string, options?: AgiCommandOptions): Promise<void> {
    await this.#speech('SPEECH DEACTIVATE GRAMMAR', [name], options);
  }

  /**
   * SPEECH RECOGNIZE <prompt> <timeout seconds> [offset]: plays the prompt and listens. Resolves
   * with speech results, a digit, a timeout or a hangup; AGI_ERR_COMMAND_FAILED when no speech
   * object exists or the engine fails.
   */
  async speechRecognize(
    prompt: string,
    timeoutSeconds: number,
    options: SpeechRecognizeOptions = {},
  ): Promise<SpeechRecognition> {
    const [line, reply] = await this.#call(
      'SPEECH RECOGNIZE',
      [prompt, timeoutSeconds, options.offsetSamples],
      options,
      this.#deadlines.speechRecognize(timeoutSeconds),
    );
    const recognition = speechRecognitionOf(reply, line);
    if (!recognition) throw failed(line, reply, 'speech recognition failed');
    return recognition;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────

  /** Encodes, sends, and turns a non-200 reply into its typed error. */
  #call(
    command: string,
    args: readonly (AgiArgument | undefined)[],
    options: AgiCommandOptions | undefined,
    deadlineMs: number,
  ): Promise<Sent> {
    return this.#command(command, args, options, AgiChannel.#pair, deadlineMs);
  }

  /** #call for commands whose `result=-1` means "failed or hung up". */
  #status(
    command: string,
    args: readonly (AgiArgument | undefined)[],
    options: AgiCommandOptions | undefined,
    deadlineMs: number,
  ): Promise<Sent> {
    return this.#command(command, args, options, AgiChannel.#statusPair, deadlineMs);
  }

  /**
   * Encodes and sends; the session settles the one promise with the decoded reply. Not an async
   * function, and no reaction or closure of its own: every command goes through here, and a call
   * held in a long command (EXEC ConfBridge) keeps each suspended frame and promise alive.
   */
  #command<T>(
    command: string,
    args: readonly (AgiArgument | undefined)[],
    options: AgiCommandOptions | undefined,
    decoder: AgiReplyDecoder<T, AgiChannel>,
    deadlineMs: number,
  ): Promise<T> {
    let line: string;
    try {
      line = encodeCommand(command, args, UNCAPPED);
    } catch (error) {
      return Promise.reject(error);
    }
    // The session reads only `signal` and `timeoutMs` from the options.
    return this.session.sendDecoded(line, options, decoder, this, deadlineMs);
  }

  /**
   * A decoder for #command: a non-200 reply becomes its typed error, then (`checkStatus`) a
   * negative result is a failure or a hangup, then `decode` gives the method's result. Made once
   * per kind of command, not per command.
   */
  static #decoder<T>(
    checkStatus: boolean,
    decode: (line: string, reply: SuccessReply, channel: AgiChannel) => T | Promise<T>,
  ): AgiReplyDecoder<T, AgiChannel> {
    return (reply, line, channel) => {
      const sent = assertSuccess(reply, line);
      return checkStatus && integerResult(sent, line) < 0
        ? channel.#failure(line, sent)
        : decode(line, sent, channel);
    };
  }

  static readonly #done = AgiChannel.#decoder(false, nothing);
  static readonly #statusDone = AgiChannel.#decoder(true, nothing);
  static readonly #pair = AgiChannel.#decoder(false, sentPair);
  static readonly #statusPair = AgiChannel.#decoder(true, sentPair);
  static readonly #variable = AgiChannel.#decoder(false, variableValue);
  static readonly #playback = AgiChannel.#decoder(true, playbackResult);
  static readonly #exec = AgiChannel.#decoder(false, execResult);
  static readonly #data = AgiChannel.#decoder(
    false,
    (line, reply, channel): Promise<GetDataResult> | GetDataResult =>
      // GET DATA's `-1` is a failure or a hangup, which #failure tells apart.
      reply.result === '-1'
        ? channel.#failure(line, reply)
        : { digits: reply.result, timeout: reply.data === 'timeout' },
  );

  async #say(
    command: string,
    args: readonly (AgiArgument | undefined)[],
    options: AgiCommandOptions | undefined,
  ): Promise<string | undefined> {
    const [line, reply] = await this.#status(command, args, options, this.#deadlines.playback());
    return digitOfCode(integerResult(reply, line));
  }

  async #speech(
    command: string,
    args: readonly (AgiArgument | undefined)[],
    options: AgiCommandOptions | undefined,
  ): Promise<void> {
    const [line, reply] = await this.#call(command, args, options, this.#deadlines.quickMs);
    if (integerResult(reply, line) !== 1) throw failed(line, reply, `${command} failed`);
  }

  /**
   * `result=-1` means the command failed or the channel hung up; Asterisk sends the `HANGUP` line
   * only after the reply, so wait briefly for it before telling the two apart.
   */
  async #failure(line: string, reply: AgiReply): Promise<never> {
    if (!this.session.hungUp && this.#hangupGraceMs > 0 && !this.session.closed) {
      await waitForHangup(this.session, this.#hangupGraceMs);
    }
    if (this.session.hungUp) {
      throw new AgiError('AGI_ERR_HANGUP', 'the channel hung up', { command: line });
    }
    throw failed(line, reply, 'the command failed');
  }
}

type SuccessReply = AgiReply & { result: string };
type Sent = [line: string, reply: SuccessReply];

function replyAsItIs(reply: AgiReply): AgiReply {
  return reply;
}

function sentPair(line: string, reply: SuccessReply): Sent {
  return [line, reply];
}

function nothing(): undefined {
  return undefined;
}

/** GET VARIABLE and the like: `result=1 (value)`, or `result=0` when there is none. */
function variableValue(line: string, reply: SuccessReply): string | undefined {
  return integerResult(reply, line) === 1 ? (reply.data ?? '') : undefined;
}

/** STREAM FILE and GET OPTION: the digit that stopped playback, and where it stopped. */
function playbackResult(line: string, reply: SuccessReply): PlaybackResult {
  return {
    digit: digitOfCode(integerResult(reply, line)),
    endposSamples: integerAttribute(reply, 'endpos', line),
  };
}

/** EXEC's result: -2 means Asterisk has no such application (named in the line, `EXEC <app> ...`). */
function execResult(line: string, reply: SuccessReply): number {
  const result = integerResult(reply, line);
  if (result === -2) throw failed(line, reply, `unknown application ${line.split(' ')[1] ?? ''}`);
  return result;
}

function failed(line: string, reply: AgiReply, what: string): AgiError {
  return new AgiError('AGI_ERR_COMMAND_FAILED', `${what}: ${replyExcerpt(reply.raw, line)}`, {
    command: line,
  });
}

function epochSeconds(date: Date | number): number {
  return typeof date === 'number' ? Math.trunc(date) : Math.floor(date.getTime() / 1000);
}

function waitForHangup(session: AgiSession, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      session.off('hangup', done);
      session.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    session.on('hangup', done);
    session.on('close', done);
  });
}
