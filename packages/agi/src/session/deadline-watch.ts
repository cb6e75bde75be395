/**
 * One timer for many deadlines of the same length, checked in coarse steps, instead of a timer per
 * item. Made for the environment deadline of AGI sessions: every accepted connection gets one,
 * nearly every environment arrives within a millisecond, and arming and clearing a Node timer per
 * connection costs as much as parsing its environment.
 *
 * An item expires between `ms` and `ms` plus two steps after it was added (a step is a quarter of
 * `ms`, between 5 and 250 ms). Like a timer per item, it keeps the process alive while items wait,
 * and only then.
 */
export class DeadlineWatch<T> {
  readonly #ms: number;
  readonly #stepMs: number;
  readonly #onExpire: (item: T) => void;
  /** Each waiting item and the step count at which it expires. */
  readonly #waiting = new Map<T, number>();
  #steps = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number, onExpire: (item: T) => void) {
    this.#ms = ms;
    this.#stepMs = Math.min(250, Math.max(5, Math.ceil(ms / 4)));
    this.#onExpire = onExpire;
  }

  get size(): number {
    return this.#waiting.size;
  }

  add(item: T): void {
    // The current step has partly passed: count it as not begun, so no item expires early.
    this.#waiting.set(item, this.#steps + Math.ceil(this.#ms / this.#stepMs) + 1);
    this.#timer ??= setInterval(() => this.#step(), this.#stepMs);
  }

  delete(item: T): void {
    this.#waiting.delete(item);
  }

  #step(): void {
    const now = ++this.#steps;
    for (const [item, expiresAt] of this.#waiting) {
      if (expiresAt > now) continue;
      this.#waiting.delete(item);
      this.#onExpire(item);
    }
    if (this.#waiting.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
