/**
 * Time as the simulated Asterisk sees it, in ms since the call started. The virtual clock jumps
 * straight to the end of every wait, so a call with a 10 s timeout takes microseconds; the real-time
 * clock really waits (the `callgate call` phone).
 */
export interface SimulationClock {
  readonly mode: 'virtual' | 'realtime';
  /** True while the call waits for something only a live action can end (a wait with no deadline). */
  readonly stalled: boolean;
  now(): number;
  /** Resolves at `at` (virtual: at once, moving time forward), or early when `wake` fires. */
  sleepUntil(at: number, wake: AbortSignal): Promise<void>;
}

export class VirtualClock implements SimulationClock {
  readonly mode = 'virtual';
  #now = 0;
  #stalled = false;
  readonly #onStall: (() => void) | undefined;

  /** `onStall` runs when a wait could only end by a live action (nothing scripted will end it). */
  constructor(onStall?: () => void) {
    this.#onStall = onStall;
  }

  get stalled(): boolean {
    return this.#stalled;
  }

  now(): number {
    return this.#now;
  }

  async sleepUntil(at: number, wake: AbortSignal): Promise<void> {
    if (wake.aborted) return;
    if (Number.isFinite(at)) {
      if (at > this.#now) this.#now = at;
      return;
    }
    // Forever, in virtual time, means: until someone acts on the live call.
    const woken = new Promise<void>((resolve) =>
      wake.addEventListener('abort', () => resolve(), { once: true }),
    );
    this.#stalled = true;
    if (this.#onStall) queueMicrotask(this.#onStall);
    await woken;
    this.#stalled = false;
  }

  /** Moves time forward (never back). */
  advanceTo(at: number): void {
    if (at > this.#now) this.#now = at;
  }
}

export class RealtimeClock implements SimulationClock {
  readonly mode = 'realtime';
  readonly #start = performance.now();
  readonly #onStall: (() => void) | undefined;
  #stalled = false;

  /** `onStall` runs when a wait has no deadline (only the caller can end it). */
  constructor(onStall?: () => void) {
    this.#onStall = onStall;
  }

  get stalled(): boolean {
    return this.#stalled;
  }

  now(): number {
    return Math.round(performance.now() - this.#start);
  }

  async sleepUntil(at: number, wake: AbortSignal): Promise<void> {
    if (wake.aborted) return;
    const forever = !Number.isFinite(at);
    if (forever) {
      this.#stalled = true;
      if (this.#onStall) queueMicrotask(this.#onStall);
    }
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        wake.removeEventListener('abort', finish);
        resolve();
      };
      const delay = at - this.now();
      const timer = forever ? undefined : setTimeout(finish, Math.max(0, delay));
      wake.addEventListener('abort', finish, { once: true });
    });
    if (forever) this.#stalled = false;
  }
}
