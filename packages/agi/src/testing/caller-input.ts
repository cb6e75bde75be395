import {
  type CallerAction,
  type CallerEvent,
  type CallMoment,
  type MomentKind,
  momentKind,
  momentMatches,
} from './caller-script.ts';
import type { SimulationClock } from './virtual-clock.ts';

export const defaultKeyGapMs = 250;

interface PendingTrigger {
  moment: CallMoment;
  seen: number;
  schedule: (at: number) => void;
}

/** What a waiting command accepts; digits it does not accept are heard and dropped. */
export interface ListenOptions {
  /** Digits this command takes from typed-ahead keys (none when omitted). */
  accepts?: (digit: string) => boolean;
}

/**
 * The caller's side of the line as the channel hears it: scripted key presses and hangups on the
 * call's clock, keys typed ahead, and live actions (press, hangup, kick) from a test or a terminal.
 */
export class CallerInput {
  readonly #clock: SimulationClock;
  #queue: CallerEvent[] = [];
  #typeahead: string[] = [];
  #typeaheadGapMs = defaultKeyGapMs;
  #lastTypeaheadAt = Number.NEGATIVE_INFINITY;
  #triggers: PendingTrigger[] = [];
  #wake = new AbortController();
  #closed = false;

  constructor(clock: SimulationClock, actions: readonly CallerAction[] = []) {
    this.#clock = clock;
    for (const action of actions) this.#addAction(action);
  }

  /** Something happened on the call that relative moments may refer to. */
  reached(kind: MomentKind, name: string, at: number): void {
    for (const trigger of [...this.#triggers]) {
      if (momentKind(trigger.moment) !== kind || !momentMatches(trigger.moment, name)) continue;
      trigger.seen += 1;
      const nth = 'nth' in trigger.moment ? (trigger.moment.nth ?? 1) : 1;
      if (trigger.seen !== nth) continue;
      this.#triggers = this.#triggers.filter((t) => t !== trigger);
      const afterMs = 'afterMs' in trigger.moment ? (trigger.moment.afterMs ?? 0) : 0;
      trigger.schedule(at + afterMs);
    }
  }

  /** A live action, now. */
  push(event: Omit<CallerEvent, 'at'> & { at?: number }): void {
    this.#insert({ ...event, at: event.at ?? this.#clock.now() });
    this.#wakeUp();
  }

  /** Keys the caller types ahead: each is pressed when a command listens for it. */
  typeAhead(keys: string, gapMs = defaultKeyGapMs): void {
    this.#typeahead.push(...[...keys].filter((k) => /[0-9*#A-Da-d]/.test(k)).map((k) => k.toUpperCase()));
    this.#typeaheadGapMs = gapMs;
    this.#wakeUp();
  }

  get typedAheadKeys(): string {
    return this.#typeahead.join('');
  }

  /**
   * The next caller event no later than `deadline` (Infinity: wait until something happens),
   * moving the clock to it; undefined when the deadline passes first.
   */
  async next(deadline: number, listen: ListenOptions = {}): Promise<CallerEvent | undefined> {
    while (true) {
      if (this.#closed) return undefined;
      const now = this.#clock.now();
      const queued = this.#queue[0];
      const typed = this.#typeahead[0];
      const typedAt =
        typed !== undefined && listen.accepts?.(typed)
          ? Math.max(now, this.#lastTypeaheadAt + this.#typeaheadGapMs)
          : Number.POSITIVE_INFINITY;
      const queuedAt = queued?.at ?? Number.POSITIVE_INFINITY;
      const nextAt = Math.min(queuedAt, typedAt);
      if (nextAt <= deadline && Number.isFinite(nextAt)) {
        if (nextAt > now) {
          await this.#clock.sleepUntil(nextAt, this.#wake.signal);
          if (this.#clock.now() < nextAt) continue; // woken by a live action
        }
        if (queuedAt <= typedAt && queued) {
          this.#queue.shift();
          return { ...queued, at: Math.max(queued.at, this.#clock.now()) };
        }
        this.#typeahead.shift();
        this.#lastTypeaheadAt = this.#clock.now();
        return { at: this.#clock.now(), kind: 'dtmf', digit: typed! };
      }
      await this.#clock.sleepUntil(deadline, this.#wake.signal);
      if (this.#clock.now() >= deadline) return undefined;
    }
  }

  /** The AGI ended: every wait ends at once. */
  close(): void {
    this.#closed = true;
    this.#wakeUp();
  }

  /** Keys pressed while no command listened (up to `at`) are lost, as on a real channel. */
  dropDigitsUpTo(at: number): void {
    this.#queue = this.#queue.filter((e) => (e.kind !== 'dtmf' && e.kind !== 'app-data') || e.at > at);
  }

  /** A hangup (or kick) that has happened by `at`, removed from the queue. */
  takeDue(kind: 'hangup' | 'kick', at: number): CallerEvent | undefined {
    const index = this.#queue.findIndex((e) => e.kind === kind && e.at <= at);
    if (index === -1) return undefined;
    return this.#queue.splice(index, 1)[0];
  }

  /** When the next scheduled hangup happens (Infinity if none is scheduled yet). */
  nextHangupAt(): number {
    return this.#queue.find((e) => e.kind === 'hangup')?.at ?? Number.POSITIVE_INFINITY;
  }

  /** A signal that fires at the next live action or newly scheduled event. */
  get wakeSignal(): AbortSignal {
    return this.#wake.signal;
  }

  #addAction(action: CallerAction): void {
    if ('keys' in action) {
      const gap = action.gapMs ?? defaultKeyGapMs;
      if (action.at === undefined) {
        this.typeAhead(action.keys, gap);
        return;
      }
      const keys = [...action.keys];
      this.#when(action.at, (at) => {
        for (const [i, digit] of keys.entries()) {
          this.#insert({ at: at + i * gap, kind: 'dtmf', digit: digit.toUpperCase() });
        }
      });
      return;
    }
    const kind = 'hangup' in action ? 'hangup' : 'kick';
    this.#when(action.at, (at) => this.#insert({ at, kind }));
  }

  #when(moment: CallMoment, schedule: (at: number) => void): void {
    if ('atMs' in moment) schedule(moment.atMs);
    else this.#triggers.push({ moment, seen: 0, schedule });
  }

  #insert(event: CallerEvent): void {
    const index = this.#queue.findIndex((e) => e.at > event.at);
    if (index === -1) this.#queue.push(event);
    else this.#queue.splice(index, 0, event);
    this.#wakeUp();
  }

  #wakeUp(): void {
    // Swap first: a listener that re-arms during the abort must get the new signal.
    const woken = this.#wake;
    this.#wake = new AbortController();
    woken.abort();
  }
}
