/**
 * One timer for many deadlines, checked in coarse steps, instead of a timer per item. Made for the
 * environment deadline of AGI sessions and the default deadline of their commands: every
 * connection and nearly every command gets one, nearly all are met within milliseconds, and arming
 * and clearing a Node timer each time costs as much as the work it guards.
 *
 * An item expires between its `ms` and `ms` plus two steps after it was added (a step is a quarter
 * of the watch's `ms`, between 5 and 250 ms; `add` may give an item a longer deadline of its own).
 * Like a timer per item, it keeps the process alive while items wait, and only then.
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

  /** Watches `item` for `ms` (default: the watch's own length); adding it again restarts it. */
  add(item: T, ms: number = this.#ms): void {
    // The current step has partly passed: count it as not begun, so no item expires early.
    this.#waiting.set(item, this.#steps + Math.ceil(ms / this.#stepMs) + 1);
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
