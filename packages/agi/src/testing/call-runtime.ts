import type { AsteriskDatabase } from './asterisk-database.ts';
import type { CallEvent } from './call-events.ts';
import type { CallRecording } from './call-recording.ts';
import type { CallerInput } from './caller-input.ts';
import type { CallerEvent } from './caller-script.ts';
import type { ChannelModel } from './channel-model.ts';
import type { DialplanConfig } from './dialplan-config.ts';
import type { SoundLibrary } from './sound-library.ts';
import type { SimulationClock } from './virtual-clock.ts';

export interface PlayResult {
  /** The escape key that stopped the prompt. */
  key?: string;
  /** The application wrote a new command: the command ends without a reply. */
  superseded?: boolean;
  hungUp: boolean;
  /** False when the file does not exist (nothing played). */
  found: boolean;
  /** How far it played, in ms (from the start of the file, offset included). */
  positionMs: number;
  lengthMs: number;
}

export interface DigitResult {
  key?: string;
  hungUp: boolean;
  /** The application wrote a new command: the command ends without a reply. */
  superseded?: boolean;
}

/** Asterisk reads and writes audio in 20 ms frames. */
const frameMs = 20;

type Recorded = Pick<CallRecording, 'prompts' | 'keys' | 'apps' | 'variablesSet' | 'transcript'>;

/**
 * What AGI commands and dialplan apps run on: the channel, the caller, the clock and the sound files,
 * with the waits a channel does (play a prompt until an escape key, wait for a digit, hold until
 * hangup) computed on the call's clock.
 */
export class CallRuntime {
  readonly channel: ChannelModel;
  readonly clock: SimulationClock;
  readonly input: CallerInput;
  readonly sounds: SoundLibrary;
  readonly database: AsteriskDatabase;
  readonly dialplan: DialplanConfig;
  readonly recorded: Recorded = { prompts: [], keys: [], apps: [], variablesSet: [], transcript: [] };
  readonly #emit: (event: CallEvent) => void;
  /** The command or app being run, for the recording. */
  activity = '';
  /**
   * Whether bytes from the application end the running command (Asterisk passes its AGI fd to
   * ast_waitstream_full for STREAM FILE, GET DATA, SAY *, ...: "a new command" stops them silently).
   */
  supersedable = false;

  constructor(parts: {
    channel: ChannelModel;
    clock: SimulationClock;
    input: CallerInput;
    sounds: SoundLibrary;
    database: AsteriskDatabase;
    dialplan: DialplanConfig;
    emit: (event: CallEvent) => void;
  }) {
    this.channel = parts.channel;
    this.clock = parts.clock;
    this.input = parts.input;
    this.sounds = parts.sounds;
    this.database = parts.database;
    this.dialplan = parts.dialplan;
    this.#emit = parts.emit;
  }

  now(): number {
    return this.clock.now();
  }

  emit(event: CallEvent): void {
    this.#emit(event);
  }

  /** Lets live listeners (a test awaiting `waitFor`) act before the channel goes on. */
  async yieldToListeners(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** The caller hung up at `at` (or the application did). */
  hangUp(by: 'caller' | 'application', at = this.now()): void {
    if (this.channel.hungUp) return;
    this.channel.hangUp(by, at);
    this.emit({ type: 'hangup', at, by });
  }

  /** Plays a file; escape keys stop it; a hangup stops it. */
  async play(file: string, escapeDigits: string, offsetMs = 0): Promise<PlayResult> {
    const lengthMs = this.sounds.lengthMs(file);
    if (lengthMs === undefined)
      return { hungUp: this.channel.hungUp, found: false, positionMs: 0, lengthMs: 0 };
    const startedAt = this.now();
    const start = Math.min(offsetMs, lengthMs);
    if (this.channel.hungUp) return { hungUp: true, found: true, positionMs: start, lengthMs };
    this.input.reached('prompt', file, startedAt);
    this.emit({ type: 'prompt', at: startedAt, file, by: this.activity });
    await this.yieldToListeners();
    const endAt = startedAt + (lengthMs - start);
    const accepts = (digit: string): boolean => escapeDigits.includes(digit);
    while (true) {
      const event = await this.input.next(endAt, { accepts });
      // Asterisk streams 20 ms frames: when a key or hangup arrives, the frame in progress was sent.
      const elapsed = this.now() - startedAt;
      const positionMs = Math.min(lengthMs, start + (Math.floor(elapsed / frameMs) + 1) * frameMs);
      const record = (interrupted: boolean, key?: string): void => {
        this.recorded.prompts.push({
          file,
          by: this.activity,
          startedAt,
          endedAt: this.now(),
          interrupted,
          ...(key === undefined ? {} : { key }),
        });
      };
      if (event === undefined) {
        record(false);
        return { hungUp: false, found: true, positionMs: lengthMs, lengthMs };
      }
      if (event.kind === 'hangup') {
        this.hangUp('caller', event.at);
        record(true);
        return { hungUp: true, found: true, positionMs, lengthMs };
      }
      if (event.kind === 'dtmf' && event.digit && accepts(event.digit)) {
        this.consumeKey(event.digit);
        record(true, event.digit);
        return { key: event.digit, hungUp: false, found: true, positionMs, lengthMs };
      }
      if (event.kind === 'app-data' && this.supersedable) {
        record(true);
        return { superseded: true, hungUp: false, found: true, positionMs, lengthMs };
      }
    }
  }

  /** Waits up to `timeoutMs` (negative: forever) for a key this wait accepts (default: any). */
  async waitForDigit(
    timeoutMs: number,
    accepts: (digit: string) => boolean = () => true,
  ): Promise<DigitResult> {
    if (this.channel.hungUp) return { hungUp: true };
    const deadline = timeoutMs < 0 ? Number.POSITIVE_INFINITY : this.now() + timeoutMs;
    while (true) {
      const event = await this.input.next(deadline, { accepts });
      if (event === undefined) return { hungUp: false };
      if (event.kind === 'hangup') {
        this.hangUp('caller', event.at);
        return { hungUp: true };
      }
      if (event.kind === 'dtmf' && event.digit && accepts(event.digit)) {
        this.consumeKey(event.digit);
        return { key: event.digit, hungUp: false };
      }
      if (event.kind === 'app-data' && this.supersedable) return { hungUp: false, superseded: true };
    }
  }

  /**
   * Holds the channel for `ms` (Infinity: until something happens), keys ignored. Returns what ended
   * the wait: the caller hanging up, a kick (when `kickable`), or the time running out.
   */
  async hold(ms: number, kickable = false): Promise<'hangup' | 'kick' | 'timeout'> {
    if (this.channel.hungUp) return 'hangup';
    const deadline = this.now() + ms;
    while (true) {
      const event: CallerEvent | undefined = await this.input.next(deadline);
      if (event === undefined) return 'timeout';
      if (event.kind === 'hangup') {
        this.hangUp('caller', event.at);
        return 'hangup';
      }
      if (event.kind === 'kick' && kickable) return 'kick';
    }
  }

  consumeKey(key: string): void {
    this.recorded.keys.push({ key, at: this.now(), by: this.activity });
  }

  setVariable(name: string, value: string): void {
    this.channel.write(name, value);
  }

  getVariable(name: string): string | undefined {
    return this.channel.read(name);
  }
}
