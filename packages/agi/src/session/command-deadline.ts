import { AgiError } from '../errors.ts';

/**
 * The deadline of one send(): its own timeout and AbortSignal. Work run under it rejects with
 * AGI_ERR_TIMEOUT or AGI_ERR_ABORTED when either fires first, after calling the work's onExpire
 * (which lets the session mark the command abandoned).
 */
export class CommandDeadline {
  readonly #line: string;
  readonly #signal: AbortSignal | undefined;
  #timer: NodeJS.Timeout | undefined;
  #expired: AgiError | undefined;
  #onExpire: (() => void) | undefined;
  #reject: ((error: AgiError) => void) | undefined;
  #onAbort: (() => void) | undefined;

  constructor(line: string, signal: AbortSignal | undefined, timeoutMs: number) {
    this.#line = line;
    this.#signal = signal;
    if (signal?.aborted) this.#expired = this.#abortError();
    else if (signal) {
      // Made here, not as an arrow class field: tsx (esbuild keepNames) names such closures, ~256 bytes each.
      this.#onAbort = () => this.#expire(this.#abortError());
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    if (timeoutMs > 0 && !this.#expired) {
      this.#timer = setTimeout(() => {
        this.#expire(new AgiError('AGI_ERR_TIMEOUT', `no reply within ${timeoutMs} ms`, { command: line }));
      }, timeoutMs);
    }
  }

  /** Starts work unless the deadline already passed; rejects as soon as it passes. */
  run<T>(work: () => Promise<T>, onExpire?: () => void): Promise<T> {
    if (this.#expired) return Promise.reject(this.#expired);
    this.#onExpire = onExpire;
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work().then(resolve, reject);
    });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#onAbort) this.#signal?.removeEventListener('abort', this.#onAbort);
  }

  #abortError(): AgiError {
    return new AgiError('AGI_ERR_ABORTED', 'command aborted', {
      command: this.#line,
      cause: this.#signal?.reason,
    });
  }

  #expire(error: AgiError): void {
    if (this.#expired) return;
    this.#expired = error;
    this.#onExpire?.();
    this.#reject?.(error);
  }
}
