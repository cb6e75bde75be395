export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

export interface ShutdownSignals {
  /** Resolves with the first SIGTERM or SIGINT received. */
  readonly first: Promise<ShutdownSignal>;
  /** Called on any signal after the first (an impatient operator pressing Ctrl+C again). */
  onRepeat(fn: (signal: ShutdownSignal) => void): void;
  /** Removes the handlers, giving the signals back their default behaviour. */
  dispose(): void;
}

/**
 * Listens for SIGTERM and SIGINT. While listening the process does not die on them, so the
 * server can drain: stop accepting, let calls finish, close the database.
 */
export function listenForShutdownSignals(): ShutdownSignals {
  const signals: ShutdownSignal[] = ['SIGTERM', 'SIGINT'];
  let received = false;
  let repeat: (signal: ShutdownSignal) => void = () => {};
  let resolveFirst: (signal: ShutdownSignal) => void = () => {};
  const first = new Promise<ShutdownSignal>((resolve) => {
    resolveFirst = resolve;
  });
  const handler = (signal: ShutdownSignal): void => {
    if (received) {
      repeat(signal);
      return;
    }
    received = true;
    resolveFirst(signal);
  };
  for (const signal of signals) process.on(signal, handler);
  return {
    first,
    onRepeat(fn) {
      repeat = fn;
    },
    dispose() {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
