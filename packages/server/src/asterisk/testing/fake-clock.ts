/**
 * When the fake Asterisk does what a real one does later (a phone that answers after 8 s, a ring
 * timeout): `real` runs it on a Node timer; `manual` keeps it until the test fires it, so a
 * conformance replay decides when time passes instead of waiting for it.
 */
export type FakeClockMode = 'real' | 'manual';

interface ManualTimer {
  dueMs: number;
  order: number;
  run: () => void;
}

export class FakeClock {
  readonly mode: FakeClockMode;
  private readonly timers = new Set<NodeJS.Timeout>();
  private manual: ManualTimer[] = [];
  private nowMs = 0;
  private order = 0;

  constructor(mode: FakeClockMode = 'real') {
    this.mode = mode;
  }

  /** Runs `fn` after `delayMs` (real) or when fired (manual); `cancel` drops it. */
  later(delayMs: number, fn: () => void): { cancel(): void } {
    if (this.mode === 'manual') {
      const timer: ManualTimer = { dueMs: this.nowMs + Math.max(0, delayMs), order: this.order++, run: fn };
      this.manual.push(timer);
      return { cancel: () => this.dropManual(timer) };
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, delayMs);
    this.timers.add(t);
    return {
      cancel: () => {
        clearTimeout(t);
        this.timers.delete(t);
      },
    };
  }

  /** Manual mode: whether something is waiting to be fired. */
  get pending(): number {
    return this.mode === 'manual' ? this.manual.length : this.timers.size;
  }

  /** Manual mode: fires the earliest pending timer (time jumps to it). False when none is left. */
  fireNext(): boolean {
    const next = [...this.manual].sort((a, b) => a.dueMs - b.dueMs || a.order - b.order)[0];
    if (!next) return false;
    this.dropManual(next);
    this.nowMs = Math.max(this.nowMs, next.dueMs);
    next.run();
    return true;
  }

  /** Forgets every pending timer. */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.manual = [];
  }

  private dropManual(timer: ManualTimer): void {
    this.manual = this.manual.filter((t) => t !== timer);
  }
}
