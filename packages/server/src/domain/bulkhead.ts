/**
 * At most `limit` tasks at once; the rest wait their turn in memory, first come first served.
 * Reservations on a hot lane queue on its row lock while holding a database connection: run
 * through a bulkhead, a flood of them waits here instead, and leaves the connection pool to
 * everything else (the agents' own lanes, the web console, the apps).
 */
export class Bulkhead {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next task: the count stays as it is.
      if (next) next();
      else this.#running--;
    }
  }
}
