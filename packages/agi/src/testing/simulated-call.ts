import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { AgiError } from '../errors.ts';
import { findAgiCommand, usageLines } from './agi-command-table.ts';
import { buildEnvironment, encodeEnvironment } from './agi-environment.ts';
import { AgiLineReader } from './agi-line-reader.ts';
import { AsteriskDatabase } from './asterisk-database.ts';
import type { CallEvent } from './call-events.ts';
import { nextCallIdentity } from './call-identity.ts';
import type { FaultOptions, StartCallOptions } from './call-options.ts';
import type { AgiStatus, CallRecording } from './call-recording.ts';
import { CallRuntime } from './call-runtime.ts';
import { CallerInput, defaultKeyGapMs } from './caller-input.ts';
import { ChannelModel } from './channel-model.ts';
import { tokenizeCommandLine } from './command-line-tokenizer.ts';
import { builtinDialplanApps } from './dialplan-apps.ts';
import type { DialOutcome, DialplanConfig } from './dialplan-config.ts';
import { OtherChannels } from './other-channels.ts';
import { SoundLibrary } from './sound-library.ts';
import { RealtimeClock, type SimulationClock, VirtualClock } from './virtual-clock.ts';

const notPermitted = '511 Command Not Permitted on a dead channel or intercept routine';
const unknownCommand = '510 Invalid or unknown command';
/** Asterisk's HANGUP line trails the reply by tens of ms (real-time mode only). */
const hangupLagMs = 40;

const isFalse = (value: string | undefined): boolean => /^(no|false|n|f|0|off)$/i.test(value ?? '');
const isTrue = (value: string | undefined): boolean => /^(yes|true|y|t|1|on)$/i.test(value ?? '');

/** Parses agi://host[:port]/script?query; throws AGI_ERR_BAD_ARGUMENT for anything else. */
export function parseAgiUrl(url: string): { host: string; port: number; script: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', `not a URL: ${url}`, { cause });
  }
  if (parsed.protocol !== 'agi:' || parsed.hostname === '') {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', `expected agi://host[:port]/script, got ${url}`);
  }
  const port = parsed.port === '' ? 4573 : Number.parseInt(parsed.port, 10);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, script: `${parsed.pathname.replace(/^\//, '')}${parsed.search}` };
}

function dialScript(option: StartCallOptions['dial']): (destination: string, args: string[]) => DialOutcome {
  if (option === undefined) return () => ({ status: 'NOANSWER' });
  if (typeof option === 'function') return option;
  if ('status' in option && typeof option.status === 'string') return () => option as DialOutcome;
  const table = option as Record<string, DialOutcome>;
  return (destination) => table[destination] ?? { status: 'CHANUNAVAIL' };
}

/**
 * One call from the simulated Asterisk to an AGI application: FastAGI over a real TCP connection, or
 * standard AGI to a spawned process. It sends the environment, answers every command as Asterisk 22
 * does, plays the scripted caller, and records everything. Use `startCall` / `simulateCall`.
 */
export class SimulatedCall extends EventEmitter {
  /** Resolves with the recording when the AGI ends (never rejects). */
  readonly done: Promise<CallRecording>;
  readonly runtime: CallRuntime;
  readonly #options: StartCallOptions;
  readonly #clock: SimulationClock;
  readonly #input: CallerInput;
  readonly #reader: AgiLineReader;
  readonly #faults: FaultOptions;
  readonly #history: CallEvent[] = [];
  #resolveDone!: (recording: CallRecording) => void;
  #socket: Socket | undefined;
  #child: ChildProcess | undefined;
  #busy = false;
  #ended = false;
  #dead = false;
  #status: AgiStatus = 'SUCCESS';
  #commands = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #armedSignal: AbortSignal | undefined;
  #error: string | undefined;
  #writeChain: Promise<void> = Promise.resolve();
  #inputEnded = false;

  constructor(options: StartCallOptions) {
    super();
    if ((options.url === undefined) === (options.spawn === undefined)) {
      throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'give exactly one of url (FastAGI) or spawn (standard AGI)');
    }
    if (options.url !== undefined) parseAgiUrl(options.url);
    this.#options = options;
    this.#faults = options.faults ?? {};
    const onStall = (): void => {
      if (options.whenStalled === 'hangup' || this.#inputEnded) this.hangup();
    };
    this.#clock = options.clock === 'realtime' ? new RealtimeClock(onStall) : new VirtualClock(onStall);
    this.#input = new CallerInput(this.#clock, options.caller ?? []);
    this.#reader = new AgiLineReader(options.maxLineBytes);
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    const channel = new ChannelModel(
      {
        ...nextCallIdentity(),
        language: 'en',
        type: 'PJSIP',
        callerIdNum: '',
        callerIdName: '',
        accountCode: '',
        ...options.channel,
      },
      { context: 'default', extension: 's', priority: 1, ...options.location },
      options.variables ?? {},
      options.answered ?? false,
      (name, value) => this.runtime.recorded.variablesSet.push({ name, value, at: this.#clock.now() }),
    );
    if (options.callerId !== undefined) channel.setCallerId(options.callerId);
    const apps = builtinDialplanApps();
    for (const [name, app] of Object.entries(options.apps ?? {})) apps.set(name.toLowerCase(), app);
    const dialplan: DialplanConfig = {
      labels: options.labels ?? {},
      subroutines: options.subroutines ?? {},
      dial: dialScript(options.dial),
      linkedChannels: options.linkedChannels ?? [],
      otherChannels: new OtherChannels(options.otherChannels),
      canWrite: options.canWrite ?? (() => true),
      apps,
      answerDelayMs: options.answerDelayMs ?? 500,
    };
    this.runtime = new CallRuntime({
      channel,
      clock: this.#clock,
      input: this.#input,
      sounds: new SoundLibrary(options.sounds),
      database: options.database ?? new AsteriskDatabase(),
      dialplan,
      emit: (event) => this.#emitEvent(event),
    });
  }

  /** Presses keys now (`gapMs` apart); keys pressed while no command listens are lost. */
  press(keys: string, gapMs = defaultKeyGapMs): void {
    [...keys].forEach((digit, i) => {
      this.#input.push({ kind: 'dtmf', digit: digit.toUpperCase(), at: this.#clock.now() + i * gapMs });
    });
  }

  /** Types keys ahead: each is pressed when a command listens for it (like a terminal phone). */
  type(keys: string, gapMs = defaultKeyGapMs): void {
    this.#input.typeAhead(keys, gapMs);
  }

  /** The caller hangs up now. */
  hangup(): void {
    this.#input.push({ kind: 'hangup' });
  }

  /**
   * The caller has nothing more to press (their keys came from a pipe that ended): from now on,
   * once the call waits for something only the caller could bring, they hang up — at once if it
   * already does.
   */
  endInput(): void {
    this.#inputEnded = true;
    if (this.#clock.stalled) this.hangup();
  }

  /** Kicks the caller out of the ConfBridge they are in (ConfbridgeKick). */
  kick(): void {
    this.#input.push({ kind: 'kick' });
  }

  /** Events so far, in order. */
  get events(): readonly CallEvent[] {
    return this.#history;
  }

  /** The first event (already seen or coming) that matches; rejects if the call ends first. */
  waitFor(predicate: (event: CallEvent) => boolean): Promise<CallEvent> {
    const seen = this.#history.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (event: CallEvent): void => {
        if (predicate(event)) {
          this.off('event', listener);
          resolve(event);
        } else if (event.type === 'end') {
          this.off('event', listener);
          reject(new AgiError('AGI_ERR_CLOSED', 'the call ended before the awaited event'));
        }
      };
      this.on('event', listener);
    });
  }

  /** Starts the call; `startCall` does this for you. */
  start(): this {
    if (this.#options.url !== undefined) this.#startFastAgi(this.#options.url);
    else this.#startProcess();
    return this;
  }

  #emitEvent(event: CallEvent): void {
    this.#history.push(event);
    this.emit('event', event);
    this.emit(event.type, event);
  }

  #environmentLines(request: string, networkScript?: string): string[] {
    const channel = this.runtime.channel;
    return encodeEnvironment(
      buildEnvironment({
        request,
        ...(networkScript === undefined ? {} : { networkScript }),
        identity: channel.identity,
        location: channel.location,
        args: this.#options.args ?? [],
        ...(this.#options.environment ? { overrides: this.#options.environment } : {}),
      }),
    );
  }

  #startFastAgi(url: string): void {
    const { host, port, script } = parseAgiUrl(url);
    // Half-open: after the app's FIN, Asterisk still writes its last HANGUP (halfclose.txt).
    const socket = connect({ host, port, allowHalfOpen: true });
    this.#socket = socket;
    socket.setNoDelay(true);
    const connectTimer = setTimeout(() => {
      socket.destroy();
      this.#finish('connect-failed', `connect to ${host}:${port} timed out`);
    }, this.#options.connectTimeoutMs ?? 2000);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      void this.#writeLines(this.#environmentLines(url, script));
      this.#armIdleWatch();
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    // The application closed (or half-closed) its side: the AGI ends.
    socket.on('end', () => this.#endAgi('app-closed'));
    socket.on('close', () => this.#endAgi('app-closed'));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      if (this.#commands === 0 && !socket.remoteAddress) this.#finish('connect-failed', err.message);
    });
  }

  #startProcess(): void {
    const { command, args = [], env, cwd, stderr = 'ignore' } = this.#options.spawn!;
    const argv = [...args, ...(this.#options.args ?? [])];
    const child = spawn(command, argv, { stdio: ['pipe', 'pipe', stderr], env: env ?? process.env, cwd });
    this.#child = child;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EACCES') this.#finish('not-found', err.message);
      else this.#finish('process-exited', err.message);
    });
    child.stdin.on('error', () => {});
    child.stdout.on('data', (chunk: Buffer) => this.#onData(chunk));
    // 'close', not 'exit': every line the program wrote before exiting is read first.
    child.on('close', (code) => {
      if (code !== 0 && code !== null && this.#status === 'SUCCESS') this.#status = 'FAILURE';
      this.#endAgi('process-exited');
    });
    child.once('spawn', () => {
      void this.#writeLines(this.#environmentLines(command));
      this.#armIdleWatch();
    });
  }

  #onData(chunk: Buffer): void {
    if (this.#ended) return;
    this.#reader.push(chunk);
    if (this.#busy && this.runtime.supersedable) this.#input.push({ kind: 'app-data' });
    void this.#pump();
  }

  async #pump(): Promise<void> {
    while (!this.#busy && !this.#ended && this.#reader.readable) {
      const line = this.#reader.nextLine();
      if (line === undefined) return;
      this.#busy = true;
      try {
        await this.#runCommand(line);
      } catch (err) {
        // A throwing dialplan app or subroutine (user code): the command fails as an app would.
        this.#error ??= err instanceof Error ? err.message : String(err);
        this.runtime.activity = '';
        this.runtime.supersedable = false;
        await this.#writeLines(['200 result=-1']);
      } finally {
        this.#busy = false;
      }
      // A live hangup may have come in while the reply was being written.
      this.#onIdleWake();
    }
  }

  async #runCommand(raw: Buffer): Promise<void> {
    this.#commands += 1;
    const line = raw.toString('utf8');
    const rt = this.runtime;
    rt.recorded.transcript.push({ at: this.#clock.now(), from: 'app', line });
    if (this.#faults.closeAtCommand === this.#commands) {
      this.#closeTransport();
      this.#endAgi('app-closed');
      return;
    }
    const argv = tokenizeCommandLine(line);
    this.#input.dropDigitsUpTo(this.#clock.now());
    this.#input.reached('command', line, this.#clock.now());
    this.#emitEvent({ type: 'command', at: this.#clock.now(), line, argv });
    await rt.yieldToListeners();
    const command = findAgiCommand(argv);
    let lines: string[];
    if (command === undefined) lines = [unknownCommand];
    else if (this.#dead && !command.allowedWhenDead) lines = [notPermitted];
    else {
      rt.activity = command.words.join(' ').toUpperCase();
      rt.supersedable = command.supersedable;
      const outcome = await command.handler(rt, argv);
      rt.activity = '';
      rt.supersedable = false;
      lines = outcome.usage ? usageLines(command) : outcome.lines;
      if (outcome.failed && (this.#dead || !rt.channel.hungUp)) this.#status = 'FAILURE';
    }
    if (this.#ended) return;
    if (this.#faults.replyDelayMs) await new Promise((r) => setTimeout(r, this.#faults.replyDelayMs));
    // A command superseded by a new one prints nothing at all.
    if (lines.length > 0) this.#emitEvent({ type: 'reply', at: this.#clock.now(), lines });
    this.#takeDueHangup();
    const notice = this.#noticeHangup();
    if (this.#faults.mergeLines && notice === 'line') {
      await this.#writeLines([...lines, 'HANGUP'], true);
    } else {
      await this.#writeLines(lines, this.#faults.mergeLines);
      // The command's own reply comes first; the HANGUP line (or SIGHUP) follows.
      if (notice !== 'none' && this.#clock.mode === 'realtime')
        await new Promise((r) => setTimeout(r, hangupLagMs));
      await this.#tellHangup(notice);
    }
    this.#afterHangupNotice();
  }

  /** A scheduled hangup that has happened by now (while no command was waiting for it). */
  #takeDueHangup(): void {
    const due = this.#input.takeDue('hangup', this.#clock.now());
    if (due) this.runtime.hangUp('caller', due.at);
  }

  #get(name: string): string | undefined {
    return this.runtime.channel.read(name);
  }

  /**
   * Asterisk notices the hangup: the channel is dead from now on. Returns how the app is to be told:
   * a HANGUP line (FastAGI), SIGHUP (standard AGI), or not at all (AGISIGHUP=no, or already dead).
   */
  #noticeHangup(): 'none' | 'line' | 'signal' {
    if (this.#dead || !this.runtime.channel.hungUp) return 'none';
    this.#dead = true;
    if (this.#status === 'SUCCESS') this.#status = 'HANGUP';
    if (isFalse(this.#get('AGISIGHUP'))) return 'none';
    return this.#child ? 'signal' : 'line';
  }

  async #tellHangup(notice: 'none' | 'line' | 'signal'): Promise<void> {
    if (notice === 'line') await this.#writeLines(['HANGUP']);
    else if (notice === 'signal' && this.#child?.exitCode === null) this.#child.kill('SIGHUP');
  }

  #afterHangupNotice(): void {
    if (this.#dead && isTrue(this.#get('AGIEXITONHANGUP'))) this.#endAgi('exit-on-hangup');
  }

  /** While idle, a live hangup (or, in real time, a scheduled one) is noticed at once. */
  #armIdleWatch(): void {
    if (this.#ended) return;
    const signal = this.#input.wakeSignal;
    if (signal !== this.#armedSignal) {
      this.#armedSignal = signal;
      signal.addEventListener('abort', () => this.#onIdleWake(), { once: true });
    }
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    const at = this.#input.nextHangupAt();
    if (this.#clock.mode === 'realtime' && Number.isFinite(at)) {
      this.#idleTimer = setTimeout(() => this.#onIdleWake(), Math.max(0, at - this.#clock.now()));
    }
  }

  #onIdleWake(): void {
    if (this.#ended || this.#busy) return;
    this.#takeDueHangup();
    void this.#tellHangup(this.#noticeHangup()).then(() => this.#afterHangupNotice());
    this.#armIdleWatch();
  }

  #writeLines(lines: string[], merged = false): Promise<void> {
    const write = async (): Promise<void> => {
      for (const line of lines)
        this.runtime.recorded.transcript.push({ at: this.#clock.now(), from: 'asterisk', line });
      const chunks = merged ? [lines.map((l) => `${l}\n`).join('')] : lines.map((l) => `${l}\n`);
      for (const chunk of chunks) {
        const bytes = Buffer.from(chunk, 'utf8');
        if (this.#faults.splitWrites) {
          for (const byte of bytes) {
            this.#rawWrite(Buffer.from([byte]));
            await new Promise((r) => setImmediate(r));
          }
        } else {
          this.#rawWrite(bytes);
        }
      }
    };
    this.#writeChain = this.#writeChain.then(write, write);
    return this.#writeChain;
  }

  #rawWrite(bytes: Buffer): void {
    const stream = this.#socket ?? this.#child?.stdin;
    if (!stream || stream.destroyed || stream.writableEnded) return;
    stream.write(bytes);
  }

  #closeTransport(): void {
    this.#socket?.destroy();
    this.#child?.stdin?.end();
  }

  /** The AGI ends: Asterisk tells the app one last time (HANGUP / SIGHUP) and closes its side. */
  #endAgi(reason: CallRecording['endReason']): void {
    if (this.#ended) return;
    const sighup = !isFalse(this.#get('AGISIGHUP'));
    if (this.#socket) {
      const socket = this.#socket;
      if (sighup && !socket.destroyed && socket.writable) void this.#writeLines(['HANGUP']);
      void this.#writeChain.then(() => socket.end());
    } else if (this.#child) {
      if (sighup && this.#child.exitCode === null) this.#child.kill('SIGHUP');
      this.#child.stdin?.end();
    }
    this.#finish(reason);
  }

  #finish(reason: CallRecording['endReason'], error = this.#error): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#input.close();
    if (reason === 'connect-failed') this.#status = 'FAILURE';
    if (reason === 'not-found') this.#status = 'NOTFOUND';
    if (this.runtime.channel.hungUp && this.#status === 'SUCCESS') this.#status = 'HANGUP';
    const channel = this.runtime.channel;
    const { prompts, keys, apps, variablesSet, transcript } = this.runtime.recorded;
    const recording: CallRecording = {
      prompts: [...prompts],
      keys: [...keys],
      apps: [...apps],
      variablesSet: [...variablesSet],
      transcript,
      hungUpBy: channel.hungUpBy,
      hungUpAt: channel.hungUpAt,
      otherChannelsHungUp: [...this.runtime.dialplan.otherChannels.hungUp],
      agiStatus: this.#status,
      continuesAt:
        this.#status === 'HANGUP' || channel.hungUp
          ? undefined
          : { ...channel.location, priority: channel.location.priority + 1 },
      variables: { ...channel.variables(), AGISTATUS: this.#status },
      endReason: reason,
      durationMs: this.#clock.now(),
      ...(error === undefined ? {} : { error }),
    };
    this.#emitEvent({ type: 'end', at: this.#clock.now() });
    // Let the last writes (HANGUP) flush before the recording is handed over.
    void this.#writeChain.then(() => this.#resolveDone(recording));
  }
}

/** Starts a call and returns its live handle (press, hangup, kick, waitFor, done). */
export function startCall(options: StartCallOptions): SimulatedCall {
  return new SimulatedCall(options).start();
}

/** Runs a whole call and resolves with its recording. */
export function simulateCall(options: StartCallOptions): Promise<CallRecording> {
  return startCall(options).done;
}
