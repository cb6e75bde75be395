import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { AgiError, isAgiError } from '../errors.ts';
import { assertLineFits, DEFAULT_MAX_COMMAND_BYTES } from '../protocol/command-encoder.ts';
import { type AgiEnvironment, environmentOf, parseEnvironmentLineAt } from '../protocol/environment.ts';
import { parseEnvironmentBlock } from '../protocol/environment-block.ts';
import { replyExcerpt } from '../protocol/input-commands.ts';
import {
  type AgiReply,
  classifyLine,
  parseReplyLine,
  stripCarriageReturn,
  usageReply,
} from '../protocol/reply.ts';
import { CommandDeadline } from './command-deadline.ts';
import { DeadlineWatch } from './deadline-watch.ts';
import { LineSplitter } from './line-splitter.ts';

/** The byte stream one AGI conversation runs over: a socket, stdin/stdout, or a test pair. */
export interface AgiTransport {
  readable: NodeJS.ReadableStream;
  writable: NodeJS.WritableStream;
  destroy(): void;
}

export interface AgiSessionOptions {
  /** Longest line accepted from the peer, without `\n` (default 65536). */
  maxLineBytes?: number;
  /** Largest environment block, lines and newlines included (default 16384). */
  maxEnvironmentBytes?: number;
  /**
   * Time allowed for the whole environment block to arrive (default 10000; slowloris guard).
   * Sessions share one timer per length, stepping a quarter of it (at most 250 ms): up to two
   * steps late.
   */
  environmentTimeoutMs?: number;
  /**
   * Deadline of every command, in place of the fitted default a typed channel gives each one (see
   * sendDecoded); 0 = none. Unset: a command sent with neither this nor a default has none.
   */
  commandTimeoutMs?: number;
  /**
   * After an abandoned command, how long the resynchronising line may wait for its answer; a peer
   * that gives none is taken as gone and the session closes with AGI_ERR_TIMEOUT. Default 5000;
   * 0 = wait as long as the next command's own deadline allows.
   */
  resyncTimeoutMs?: number;
  /** Deadline of the whole session, counted from construction (default 0 = none). */
  sessionTimeoutMs?: number;
  /** Longest command line, `\n` included (default 8191; 2047 for Asterisk 18). */
  maxCommandBytes?: number;
  /** Aborting it closes the session. */
  signal?: AbortSignal;
  /** Sees every line in and out, without its `\n`. Must not throw. */
  onTranscript?: (direction: 'in' | 'out', line: string) => void;
}

export interface AgiSendOptions {
  signal?: AbortSignal;
  /** Overrides commandTimeoutMs for this command (0 = none). */
  timeoutMs?: number;
}

/** Turns a command's reply into what its caller gets (see sendDecoded); may throw or return a promise. */
export type AgiReplyDecoder<T, C> = (reply: AgiReply, line: string, context: C) => T | PromiseLike<T>;

interface PendingCommand {
  readonly line: string;
  /** performance.now() at send, taken only when someone listens to 'reply' (0 otherwise). */
  readonly startedAt: number;
  /** Sent without a deadline: settling it ends the send (see send()). */
  readonly endsSend: boolean;
  /** Applied to the reply before the promise settles; none: it resolves with the reply. */
  readonly decode: AgiReplyDecoder<unknown, unknown> | undefined;
  readonly context: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The resynchronising command in flight: see AgiSession. */
interface PendingSync {
  readonly token: string;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: AgiError): void;
}

/** send() without options: shared rather than made per command. */
const NO_OPTIONS: AgiSendOptions = Object.freeze({});

const EMPTY = Buffer.alloc(0);

/** The end of the environment block: its last line's `\n` and the blank line. */
const BLANK_LINE = Buffer.from('\n\n');

/** Bytes and lines of usage text accepted in one 520 block (Asterisk's usage texts are a few KB at most). */
const MAX_USAGE_BYTES = 16384;
const MAX_USAGE_LINES = 256;

const DEFAULT_RESYNC_TIMEOUT_MS = 5000;

/** What the shared deadline watch is timing for a session, if anything. */
enum Watched {
  Nothing = 0,
  /** The pending command's default deadline (see sendDecoded). */
  Command = 1,
  /** The resynchronising line's answer. */
  Sync = 2,
}

/**
 * One AGI conversation over a byte stream, in strict lockstep: one command in flight, each command
 * line sent in ONE write, its final reply read before the next is sent.
 *
 * The reader is a state machine over bytes — environment → replies (idle / awaiting a reply /
 * inside a 520 block) → closed — that never assumes one reply per chunk. The unsolicited `HANGUP`
 * line is recorded whenever it arrives (before, after or merged with a reply) and never taken as a
 * reply. A reply that arrives when no command is pending is reported as 'protocolError' and dropped.
 *
 * A command abandoned by its deadline or signal leaves Asterisk and us out of step: Asterisk may
 * still answer it later (EXEC, WAIT FOR DIGIT), or print no reply at all when our next line
 * interrupts it (STREAM FILE, GET DATA, GET OPTION, SAY * end silently when a new command arrives).
 * If its late reply arrives while idle, it is dropped and the session is in step again. Otherwise
 * the next send() first writes `GET FULL VARIABLE callgate-sync-<n>` (allowed on dead channels),
 * drops every reply until the one echoing that token, and only then writes its own line. That
 * extra line shows in the transcript, the 'command' event and commandCount. A peer that does not
 * answer that line either, within `resyncTimeoutMs`, is not answering at all: the session closes
 * (AGI_ERR_TIMEOUT). So a silent peer holds a session at most one command's deadline plus that.
 *
 * Deadlines: a send's own `timeoutMs` or signal, else the session's `commandTimeoutMs`, each with
 * its own timer; else the default the caller passes (a typed channel fits one to each command),
 * checked by one timer shared by every session. GOSUB's default covers only the wait for its
 * `100 Trying`: the subroutine it then runs may last as long as the call.
 *
 * Reply text is never put in an error or a 'protocolError' when it may answer an input command
 * (GET DATA, STREAM FILE... see input-commands.ts): it may carry the digits of a PIN.
 *
 * A transport's streams carry one session for good: a second session on the same stream is
 * refused (AGI_ERR_BAD_ARGUMENT), as both would read every chunk.
 *
 * Reply lines ending in `\r` (never sent by Asterisk; some test peers do) are accepted without it.
 * Environment lines are taken as they are.
 *
 * Events: 'hangup' (), 'command' (line), 'reply' (line, reply, ms; heard by listeners registered
 * before the command was sent, as only then is its start timed), 'close' (error?: AgiError; none
 * for close() or a peer that closed), 'protocolError' (error: AgiError) for stray or garbage lines.
 */
export class AgiSession extends EventEmitter {
  static fromSocket(socket: Socket, options?: AgiSessionOptions): AgiSession {
    socket.setNoDelay(true);
    return new AgiSession(new SocketTransport(socket), options);
  }

  readonly #transport: AgiTransport;
  readonly #maxEnvironmentBytes: number;
  readonly #maxLineBytes: number;
  readonly #maxCommandBytes: number;
  readonly #commandTimeoutMs: number | undefined;
  readonly #resyncTimeoutMs: number;
  readonly #onTranscript: ((direction: 'in' | 'out', line: string) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #splitter: LineSplitter;
  /**
   * Made by the first ready() before the environment arrived, and dropped once it settles, with
   * its resolvers: an idle session keeps no promise of its own.
   */
  #ready: ReadyPromise | undefined;
  /** Why the session closed before its environment arrived. */
  #closeReason: AgiError | undefined;
  /** The error that closed the session, if one did. */
  #closeError: AgiError | undefined;

  #environment: AgiEnvironment | undefined;
  /** The environment's `key: value` pairs so far, each checked as it arrived. */
  #environmentPairs: [key: string, value: string][] = [];
  #environmentBytes = 0;
  #usage: string[] | undefined;
  #usageBytes = 0;
  /** The last command line written (not the resynchronising one): whose reply a stray line may be. */
  #lastLine: string | undefined;
  /** The shared watch timing this session's command or resync, and for how long. */
  #watch: DeadlineWatch<AgiSession> | undefined;
  #watched: Watched = Watched.Nothing;
  #watchedMs = 0;
  #pending: PendingCommand | undefined;
  #sync: PendingSync | undefined;
  /** An abandoned command may still be answered: replies cannot be paired until resynchronised. */
  #outOfStep = false;
  #syncCount = 0;
  /** A send() owns the session from its call to its settling. */
  #busy = false;
  #hungUp = false;
  #closed = false;
  #commandCount = 0;
  /** Watches the environment deadline until the environment arrives or the session closes. */
  #environmentWatch: DeadlineWatch<AgiSession> | undefined;
  #sessionTimer: NodeJS.Timeout | undefined;

  /** Made on first use: only a session given a signal needs it. */
  #onSessionAbort: (() => void) | undefined;

  constructor(transport: AgiTransport, options: AgiSessionOptions = {}) {
    super();
    this.#transport = transport;
    this.#maxEnvironmentBytes = options.maxEnvironmentBytes ?? 16384;
    this.#maxCommandBytes = options.maxCommandBytes ?? DEFAULT_MAX_COMMAND_BYTES;
    this.#commandTimeoutMs = options.commandTimeoutMs;
    this.#resyncTimeoutMs = options.resyncTimeoutMs ?? DEFAULT_RESYNC_TIMEOUT_MS;
    this.#onTranscript = options.onTranscript;
    this.#signal = options.signal;
    this.#maxLineBytes = options.maxLineBytes ?? 65536;
    this.#splitter = new LineSplitter(Math.min(this.#maxLineBytes, this.#environmentRoom()));

    const { readable, writable } = transport;
    feed(readable, this);
    readable.on('data', AgiSession.#onData);
    readable.on('end', AgiSession.#onEnd);
    readable.on('close', AgiSession.#onEnd);
    readable.on('error', AgiSession.#onStreamError);
    if ((writable as unknown) !== (readable as unknown)) {
      feed(writable, this);
      writable.on('error', AgiSession.#onStreamError);
    }

    const environmentTimeoutMs = options.environmentTimeoutMs ?? 10000;
    if (environmentTimeoutMs > 0) {
      this.#environmentWatch = AgiSession.#environmentWatchOf(environmentTimeoutMs);
      this.#environmentWatch.add(this);
    }
    const sessionTimeoutMs = options.sessionTimeoutMs ?? 0;
    if (sessionTimeoutMs > 0) {
      this.#sessionTimer = setTimeout(() => {
        this.#fail(new AgiError('AGI_ERR_TIMEOUT', `session deadline of ${sessionTimeoutMs} ms passed`));
      }, sessionTimeoutMs);
    }
    const signal = this.#signal;
    if (signal) {
      const onAbort = (): void => {
        this.#fail(new AgiError('AGI_ERR_ABORTED', 'the AGI session was aborted', { cause: signal.reason }));
      };
      this.#onSessionAbort = onAbort;
      if (signal.aborted) queueMicrotask(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  /** One watch per deadline length, shared by every session (see DeadlineWatch). */
  static readonly #environmentWatches = new Map<number, DeadlineWatch<AgiSession>>();
  /** Command and resync deadlines: one watch per step length, shared by every session. */
  static readonly #commandWatches = new Map<number, DeadlineWatch<AgiSession>>();

  static #commandWatchOf(ms: number): DeadlineWatch<AgiSession> {
    // A quarter of the deadline, 5 to 250 ms: every deadline of a second or more shares one watch.
    const stepMs = Math.min(250, Math.max(5, Math.ceil(ms / 4)));
    let watch = AgiSession.#commandWatches.get(stepMs);
    if (!watch) {
      watch = new DeadlineWatch<AgiSession>(stepMs * 4, (session) => session.#onWatchExpired());
      AgiSession.#commandWatches.set(stepMs, watch);
    }
    return watch;
  }

  static #environmentWatchOf(ms: number): DeadlineWatch<AgiSession> {
    let watch = AgiSession.#environmentWatches.get(ms);
    if (!watch) {
      watch = new DeadlineWatch<AgiSession>(ms, (session) => {
        session.#environmentWatch = undefined;
        session.#fail(new AgiError('AGI_ERR_TIMEOUT', `no complete environment within ${ms} ms`));
      });
      AgiSession.#environmentWatches.set(ms, watch);
    }
    return watch;
  }

  static #takeLine(session: AgiSession, line: string, size: number): boolean {
    session.#onLine(line, size);
    return !session.#closed;
  }

  // The stream listeners are shared by every session, not closures made per session (thousands of
  // calls sit held at once): each finds its session on the stream it was called on.
  static #onData(this: FedStream, chunk: Buffer | string): void {
    // biome-ignore lint/complexity/noThisInStatic: a listener's `this` is the stream it listens to
    const session = this[FED_SESSION];
    if (session) session.#read(chunk);
  }

  static #onEnd(this: FedStream): void {
    // biome-ignore lint/complexity/noThisInStatic: a listener's `this` is the stream it listens to
    const session = this[FED_SESSION];
    if (session) session.#finish(undefined);
  }

  static #onStreamError(this: FedStream, error: Error): void {
    // biome-ignore lint/complexity/noThisInStatic: a listener's `this` is the stream it listens to
    const session = this[FED_SESSION];
    if (session)
      session.#fail(new AgiError('AGI_ERR_CLOSED', `transport error: ${error.message}`, { cause: error }));
  }

  /** Resolves with the environment once its blank line arrived. */
  ready(): Promise<AgiEnvironment> {
    if (this.#environment) return Promise.resolve(this.#environment);
    if (this.#closeReason) return Promise.reject(this.#closeReason);
    this.#ready ??= new ReadyPromise();
    return this.#ready.promise;
  }

  get environment(): AgiEnvironment | undefined {
    return this.#environment;
  }

  /** True once a `HANGUP` line arrived or markHungUp() was called: the channel is dead. */
  get hungUp(): boolean {
    return this.#hungUp;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The error that closed the session (a deadline, the transport...); undefined while open or after close(). */
  get closeError(): AgiError | undefined {
    return this.#closeError;
  }

  /** Command lines written so far. */
  get commandCount(): number {
    return this.#commandCount;
  }

  /**
   * Sends one already-encoded command line (without `\n`) and resolves with its final reply; 510,
   * 511 and 520 are resolved, not thrown. Waits for the environment first if it has not arrived.
   * Rejects AGI_ERR_CLOSED, AGI_ERR_TIMEOUT, AGI_ERR_ABORTED, AGI_ERR_BUSY, AGI_ERR_BAD_ARGUMENT,
   * AGI_ERR_COMMAND_TOO_LONG, or the error that closed the session.
   */
  send(line: string, options: AgiSendOptions = NO_OPTIONS): Promise<AgiReply> {
    return this.#send<AgiReply, undefined>(line, options, undefined, undefined, 0);
  }

  /**
   * send(), with the reply passed through `decode(reply, line, context)` before the promise
   * settles: one promise per command where send().then() makes two (what a typed channel method
   * needs on every command). `decode` runs as the reply is read, after the session is free for the
   * next command; what it throws rejects the promise, a promise it returns is followed.
   *
   * `defaultTimeoutMs` is the command's deadline when neither `options.timeoutMs` nor the
   * session's `commandTimeoutMs` is set (0 = none); it is checked by one timer shared by every
   * session, in steps of at most 250 ms, so it may pass up to half a second late.
   */
  sendDecoded<T, C>(
    line: string,
    options: AgiSendOptions | undefined,
    decode: AgiReplyDecoder<T, C>,
    context: C,
    defaultTimeoutMs = 0,
  ): Promise<T> {
    return this.#send(line, options ?? NO_OPTIONS, decode, context, defaultTimeoutMs);
  }

  #send<T, C>(
    line: string,
    options: AgiSendOptions,
    decode: AgiReplyDecoder<T, C> | undefined,
    context: C,
    defaultTimeoutMs: number,
  ): Promise<T> {
    try {
      assertLineFits(line, this.#maxCommandBytes);
      if (!this.#environment) {
        return this.ready().then(() => this.#sendReady(line, options, decode, context, defaultTimeoutMs));
      }
      return this.#sendReady(line, options, decode, context, defaultTimeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The common case, a command with no deadline of its own and no signal on a session in step, is
   * one plain promise settled by the reply: no async frame, no deadline object, no timer of its
   * own (thousands of calls wait in one EXEC at once); a default deadline only enters it in the
   * shared watch. The rest goes through #sendWithDeadline.
   */
  #sendReady<T, C>(
    line: string,
    options: AgiSendOptions,
    decode: AgiReplyDecoder<T, C> | undefined,
    context: C,
    defaultTimeoutMs: number,
  ): Promise<T> {
    this.#assertCanSend(line, options.signal);
    const ownTimeoutMs = options.timeoutMs ?? this.#commandTimeoutMs;
    const timeoutMs = ownTimeoutMs ?? 0;
    const watchMs = ownTimeoutMs === undefined ? defaultTimeoutMs : 0;
    if (timeoutMs > 0 || options.signal || this.#outOfStep) {
      const reply = this.#sendWithDeadline(line, options.signal, timeoutMs, watchMs);
      return decode ? reply.then((r) => decode(r, line, context)) : (reply as Promise<T>);
    }
    this.#busy = true;
    const reply = this.#exchange(line, true, decode, context);
    if (watchMs > 0) this.#watchCommand(watchMs);
    return reply;
  }

  async #sendWithDeadline(
    line: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    watchMs: number,
  ): Promise<AgiReply> {
    this.#busy = true;
    const deadline = new CommandDeadline(line, signal, timeoutMs);
    try {
      if (this.#outOfStep) await deadline.run(() => this.#resynchronise());
      return await deadline.run(
        () => {
          const reply = this.#exchange<AgiReply, undefined>(line, false, undefined, undefined);
          if (watchMs > 0) this.#watchCommand(watchMs);
          return reply;
        },
        () => this.#abandon(),
      );
    } finally {
      deadline.dispose();
      this.#busy = false;
    }
  }

  /** Times the pending command in the shared watch (its default deadline). */
  #watchCommand(ms: number): void {
    if (!this.#pending) return;
    this.#startWatch(Watched.Command, ms);
  }

  #startWatch(what: Watched, ms: number): void {
    const watch = AgiSession.#commandWatchOf(ms);
    watch.add(this, ms);
    this.#watch = watch;
    this.#watched = what;
    this.#watchedMs = ms;
  }

  #stopWatch(): void {
    if (this.#watch === undefined) return;
    this.#watch.delete(this);
    this.#watch = undefined;
    this.#watched = Watched.Nothing;
  }

  /** The shared watch says the command or the resync it timed got no answer in time. */
  #onWatchExpired(): void {
    const what = this.#watched;
    const ms = this.#watchedMs;
    this.#watch = undefined;
    this.#watched = Watched.Nothing;
    if (what === Watched.Sync) {
      this.#fail(
        new AgiError(
          'AGI_ERR_TIMEOUT',
          `no answer to the resynchronising command within ${ms} ms: the peer is not answering`,
        ),
      );
      return;
    }
    const pending = this.#pending;
    if (what !== Watched.Command || !pending) return;
    // Abandoned as by its own deadline: a late reply must not be paired with the next command.
    this.#pending = undefined;
    this.#outOfStep = true;
    if (pending.endsSend) this.#busy = false;
    pending.reject(new AgiError('AGI_ERR_TIMEOUT', `no reply within ${ms} ms`, { command: pending.line }));
  }

  /** For standard AGI: SIGHUP means the channel hung up (there is no `HANGUP` line). */
  markHungUp(): void {
    if (this.#hungUp) return;
    this.#hungUp = true;
    this.emit('hangup');
  }

  /** Ends the output, then destroys the transport. Idempotent; a pending command rejects AGI_ERR_CLOSED. */
  close(): void {
    this.#finish(undefined);
  }

  #assertCanSend(line: string, signal: AbortSignal | undefined): void {
    if (this.#closed) throw new AgiError('AGI_ERR_CLOSED', 'the AGI session is closed', { command: line });
    if (signal?.aborted) {
      throw new AgiError('AGI_ERR_ABORTED', 'command aborted', { command: line, cause: signal.reason });
    }
    if (this.#busy) {
      const inFlight = this.#pending?.line ?? 'another command';
      throw new AgiError('AGI_ERR_BUSY', `a command is in flight: ${inFlight}`, { command: line });
    }
  }

  /** Writes one line and waits for its reply; `endsSend`: settling it ends the send (no deadline). */
  #exchange<T, C>(
    line: string,
    endsSend: boolean,
    decode: AgiReplyDecoder<T, C> | undefined,
    context: C,
  ): Promise<T> {
    if (this.#closed) {
      if (endsSend) this.#busy = false;
      return Promise.reject(new AgiError('AGI_ERR_CLOSED', 'the AGI session is closed'));
    }
    const promise = new Promise<T>(takeSettlers);
    const resolve = taken.resolve as (value: unknown) => void;
    const reject = taken.reject;
    const startedAt = this.listenerCount('reply') > 0 ? performance.now() : 0;
    this.#lastLine = line;
    this.#pending = {
      line,
      startedAt,
      endsSend,
      decode: decode as AgiReplyDecoder<unknown, unknown> | undefined,
      context,
      resolve,
      reject,
    };
    try {
      this.#write(line);
    } catch (error) {
      // A transport that throws on write (instead of emitting 'error') must not leave us busy.
      this.#pending = undefined;
      if (endsSend) this.#busy = false;
      reject(error);
    }
    return promise;
  }

  #write(line: string): void {
    this.#commandCount++;
    this.#onTranscript?.('out', line);
    this.emit('command', line);
    this.#transport.writable.write(`${line}\n`);
  }

  /** The pending command's deadline passed: its reply, if any, must not be paired with the next one. */
  #abandon(): void {
    if (!this.#pending) return;
    this.#stopWatch();
    this.#pending = undefined;
    this.#outOfStep = true;
  }

  /** Gets back in step (see the class comment); one sync line at a time, shared by later sends. */
  #resynchronise(): Promise<void> {
    if (this.#sync) return this.#sync.done;
    if (this.#closed) return Promise.reject(new AgiError('AGI_ERR_CLOSED', 'the AGI session is closed'));
    const token = `callgate-sync-${++this.#syncCount}`;
    let resolve!: () => void;
    let reject!: (error: AgiError) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A send that timed out while waiting leaves nobody listening; the next send picks it up.
    done.catch(() => {});
    this.#sync = { token, done, resolve, reject };
    this.#write(`GET FULL VARIABLE ${token}`);
    if (this.#resyncTimeoutMs > 0) this.#startWatch(Watched.Sync, this.#resyncTimeoutMs);
    return done;
  }

  #read(chunk: Buffer | string): void {
    if (this.#closed) return;
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      if (this.#environmentBytes === 0 && !this.#environment && this.#splitter.empty) {
        const rest = this.#readWholeEnvironment(bytes);
        if (rest !== undefined) {
          if (rest.length === 0 || this.#closed) return;
          bytes = rest;
        }
      }
      const fits = this.#splitter.push(bytes, AgiSession.#takeLine, this);
      if (!fits) this.#fail(this.#lineTooLong());
    } catch (error) {
      if (!isAgiError(error)) throw error;
      this.#fail(error);
    }
  }

  #lineTooLong(): AgiError {
    return !this.#environment && this.#environmentRoom() < this.#maxLineBytes
      ? new AgiError('AGI_ERR_BAD_ENVIRONMENT', `environment larger than ${this.#maxEnvironmentBytes} bytes`)
      : new AgiError(
          'AGI_ERR_LINE_TOO_LONG',
          `a line from the peer is longer than ${this.#maxLineBytes} bytes`,
        );
  }

  #onLine(line: string, size: number): void {
    this.#onTranscript?.('in', line);
    if (this.#environment) this.#onReplyLine(stripCarriageReturn(line));
    else this.#onEnvironmentLine(line, size);
  }

  /** Bytes the next environment line may have, without its `\n`. */
  #environmentRoom(): number {
    return this.#maxEnvironmentBytes - this.#environmentBytes - 1;
  }

  /**
   * The first chunk usually holds the whole environment (Asterisk writes it at once): then it is
   * parsed as one block, and what follows the blank line is returned for the reply reader.
   * Undefined, with nothing consumed, when the line-by-line reader must take it: the block is
   * incomplete, too big, has a line over the limit, or every line must go to the transcript.
   */
  #readWholeEnvironment(bytes: Buffer): Buffer | undefined {
    if (bytes[0] === 0x0a || this.#onTranscript) return undefined;
    // Decoded whole: finding the blank line in the text is cheaper than in the bytes.
    const text = bytes.toString('utf8');
    const end = text.indexOf('\n\n');
    if (end === -1) return undefined;
    // Where the blank line ends in bytes: the same offset unless some character took several.
    const blockBytes = (text.length === bytes.length ? end : bytes.indexOf(BLANK_LINE)) + 2;
    if (blockBytes > this.#maxEnvironmentBytes || blockBytes - 2 > this.#maxLineBytes) return undefined;
    this.#environmentBytes = blockBytes;
    this.#environmentReady(parseEnvironmentBlock(text.slice(0, end + 1)));
    return blockBytes === bytes.length ? EMPTY : bytes.subarray(blockBytes);
  }

  #onEnvironmentLine(line: string, size: number): void {
    this.#environmentBytes += size + 1;
    if (line !== '') {
      // Garbage fails now, not at the blank line.
      this.#environmentPairs.push(parseEnvironmentLineAt(line, this.#environmentPairs.length));
      this.#splitter.limit = Math.min(this.#maxLineBytes, this.#environmentRoom());
      return;
    }
    const environment = environmentOf(this.#environmentPairs);
    this.#environmentPairs = [];
    this.#environmentReady(environment);
  }

  #stopEnvironmentWatch(): void {
    this.#environmentWatch?.delete(this);
    this.#environmentWatch = undefined;
  }

  #environmentReady(environment: AgiEnvironment): void {
    this.#stopEnvironmentWatch();
    this.#environment = environment;
    this.#splitter.limit = this.#maxLineBytes;
    const ready = this.#ready;
    this.#ready = undefined;
    ready?.resolve(environment);
  }

  #onReplyLine(line: string): void {
    if (this.#usage) {
      if (line.startsWith('520 ')) {
        const body = this.#usage;
        this.#usage = undefined;
        this.#deliver(usageReply(body, line));
        return;
      }
      this.#usageBytes += Buffer.byteLength(line) + 1;
      if (this.#usageBytes > MAX_USAGE_BYTES || this.#usage.length >= MAX_USAGE_LINES) {
        throw new AgiError(
          'AGI_ERR_PROTOCOL',
          `520 usage block longer than ${MAX_USAGE_LINES} lines or ${MAX_USAGE_BYTES} bytes`,
        );
      }
      this.#usage.push(line);
      return;
    }
    switch (classifyLine(line)) {
      case 'hangup':
        this.markHungUp();
        return;
      case 'provisional':
        if (!this.#pending && !this.#sync && !this.#outOfStep) this.#stray(line);
        // GOSUB's subroutine has begun: it may last as long as the call (a Dial inside it).
        else if (this.#watched === Watched.Command && isGosub(this.#pending?.line)) this.#stopWatch();
        return;
      case 'usage-start':
        this.#usage = [];
        this.#usageBytes = 0;
        return;
      case 'final':
        this.#deliver(parseReplyLine(line));
        return;
      default:
        this.emit(
          'protocolError',
          new AgiError('AGI_ERR_PROTOCOL', `not an AGI reply: ${replyExcerpt(line, this.#lastLine)}`),
        );
    }
  }

  #deliver(reply: AgiReply): void {
    const sync = this.#sync;
    if (sync) {
      // Until the token comes back, every reply belongs to the abandoned command.
      if (reply.code === 200 && reply.data === sync.token) {
        this.#stopWatch();
        this.#sync = undefined;
        this.#outOfStep = false;
        sync.resolve();
      }
      return;
    }
    const pending = this.#pending;
    if (!pending) {
      if (this.#outOfStep) {
        // The abandoned command's late reply: in step again.
        this.#outOfStep = false;
      } else {
        this.#stray(reply.raw);
      }
      return;
    }
    this.#pending = undefined;
    if (this.#watched === Watched.Command) this.#stopWatch();
    if (pending.startedAt > 0) this.emit('reply', reply.raw, reply, performance.now() - pending.startedAt);
    if (pending.endsSend) this.#busy = false;
    const { decode } = pending;
    if (decode === undefined) {
      pending.resolve(reply);
      return;
    }
    try {
      pending.resolve(decode(reply, pending.line, pending.context));
    } catch (error) {
      pending.reject(error);
    }
  }

  #stray(line: string): void {
    this.emit(
      'protocolError',
      new AgiError(
        'AGI_ERR_PROTOCOL',
        `reply with no command pending: ${replyExcerpt(line, this.#lastLine)}`,
      ),
    );
  }

  #fail(error: AgiError): void {
    this.#finish(error);
  }

  #finish(error: AgiError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    this.#stopEnvironmentWatch();
    this.#stopWatch();
    clearTimeout(this.#sessionTimer);
    if (this.#onSessionAbort) this.#signal?.removeEventListener('abort', this.#onSessionAbort);
    const pending = this.#pending;
    const sync = this.#sync;
    // An error (and its stack) is made only when someone is waiting to receive it.
    if (pending || sync || !this.#environment) {
      const reason = error ?? new AgiError('AGI_ERR_CLOSED', 'the AGI session closed');
      if (!this.#environment) {
        this.#closeReason = reason;
        const ready = this.#ready;
        this.#ready = undefined;
        ready?.reject(reason);
      }
      this.#pending = undefined;
      if (pending?.endsSend) this.#busy = false;
      pending?.reject(
        new AgiError(reason.code, reason.message, { command: pending.line, cause: reason.cause ?? error }),
      );
      this.#sync = undefined;
      sync?.reject(reason);
    }
    this.#endTransport();
    this.emit('close', error);
  }

  /** Ends our side (Asterisk sees EOF and lets the call go on), then destroys once flushed or after 1 s. */
  #endTransport(): void {
    const transport = this.#transport;
    if (isSocket(transport.writable) && transport.writable.writableLength === 0) {
      // Nothing left to flush: the FIN goes out without the peer's help, so no fallback timer.
      transport.writable.end(() => transport.destroy());
      return;
    }
    let destroyed = false;
    // Inline arrows, not named consts: tsx (esbuild keepNames) would name each one on every close.
    const fallback = setTimeout(() => {
      destroyed = true;
      transport.destroy();
    }, 1000);
    fallback.unref();
    try {
      transport.writable.end(() => {
        clearTimeout(fallback);
        if (destroyed) return;
        destroyed = true;
        transport.destroy();
      });
    } catch {
      clearTimeout(fallback);
      destroyed = true;
      transport.destroy();
    }
  }
}

/** Marks the session a stream feeds, for the shared listeners. */
const FED_SESSION = Symbol('callgate.agiSession');
type FedStream = { [FED_SESSION]?: AgiSession };

/** A stream feeds one session for good: a second would get every chunk twice, so it is refused. */
function feed(stream: NodeJS.ReadableStream | NodeJS.WritableStream, session: AgiSession): void {
  const fed = stream as unknown as FedStream;
  if (fed[FED_SESSION]) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'this stream already carries an AGI session');
  }
  fed[FED_SESSION] = session;
}

function ignore(): void {}

/**
 * The settle functions of the promise just made by `new Promise(takeSettlers)`: one shared
 * executor instead of a closure per command. Read them right after, before anything else runs.
 */
const taken: { resolve: (value: never) => void; reject: (reason: unknown) => void } = {
  resolve: ignore,
  reject: ignore,
};

function takeSettlers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  taken.resolve = resolve;
  taken.reject = reject;
}

function isSocket(stream: NodeJS.WritableStream): stream is Socket {
  return stream instanceof Socket;
}

function isGosub(line: string | undefined): boolean {
  return line !== undefined && line.slice(0, 6).toUpperCase() === 'GOSUB ';
}

/** A socket is its own readable and writable side. A class, so no closure is kept per session. */
class SocketTransport implements AgiTransport {
  readonly readable: Socket;
  readonly writable: Socket;

  constructor(socket: Socket) {
    this.readable = socket;
    this.writable = socket;
  }

  destroy(): void {
    this.readable.destroy();
  }
}

/** The promise ready() hands out while the environment is on its way, with its resolvers. */
class ReadyPromise {
  readonly promise: Promise<AgiEnvironment>;
  resolve!: (environment: AgiEnvironment) => void;
  reject!: (error: AgiError) => void;

  constructor() {
    this.promise = new Promise<AgiEnvironment>(takeSettlers);
    this.resolve = taken.resolve as (environment: AgiEnvironment) => void;
    this.reject = taken.reject;
    // A caller that dropped the promise still sees the failure through 'close'.
    this.promise.catch(ignore);
  }
}
