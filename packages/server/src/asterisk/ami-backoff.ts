/** Reconnect delays: exponential, capped, with jitter so a fleet of nodes does not reconnect in step. */
export interface BackoffOptions {
  /** First delay (ms). */
  initialMs: number;
  /** Upper bound on any delay (ms). */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Fraction (0..1) of the delay that is randomised away: delay * (1 - jitter * random()). */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
});

/** Delay before reconnect attempt `attempt` (0 for the first retry). `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.max(0, Math.round(base * (1 - jitter * random())));
}
