/**
 * Failure counters per key (`user:<id>`, `cid:<caller id>`, `ip:<address>`) shared by every node
 * through the lockouts table: a fixed window of failures, a lock once the threshold is reached, and
 * a growing delay between attempts.
 */
import type { Lockout } from './auth-event.ts';
import type { ServiceContext } from './service-context.ts';

export interface LimiterState {
  /** The most failures any of the keys has in its current window. */
  failures: number;
  /** Set while any key is locked: until when. */
  lockedUntil: Date | null;
  /** How long the caller should wait before the next attempt. */
  delayMs: number;
}

export interface AttemptLimiter {
  check(keys: string[], now: Date): Promise<LimiterState>;
  recordFailure(keys: string[], now: Date): Promise<LimiterState>;
  recordSuccess(keys: string[], now: Date): Promise<void>;
  /** Clears a key's counter and lock (an admin's unlock); false when it had none. */
  clear(key: string, now: Date): Promise<boolean>;
}

/** When a key locks, and for how long. Default: the config's lock threshold, window and duration. */
export interface LimiterPolicy {
  threshold: number;
  windowSec: number;
  durationSec: number;
}

export function createAttemptLimiter(ctx: ServiceContext, policy?: LimiterPolicy): AttemptLimiter {
  const { store, config } = ctx;
  const { threshold, windowSec, durationSec } = policy ?? {
    threshold: config.lockThreshold,
    windowSec: config.lockWindowSec,
    durationSec: config.lockDurationSec,
  };
  const windowMs = windowSec * 1000;

  function delayFor(failures: number): number {
    if (failures <= 0) return 0;
    return Math.min(config.delayBaseMs * 2 ** (failures - 1), config.delayMaxMs);
  }

  /** A window that has passed, or a lock that has expired, counts from zero again. */
  function current(row: Lockout | undefined, now: Date): Lockout | undefined {
    if (!row) return undefined;
    if (row.lockedUntil && row.lockedUntil > now) return row;
    if (row.lockedUntil && row.lockedUntil <= now) return undefined;
    if (now.getTime() - row.windowStart.getTime() >= windowMs) return undefined;
    return row;
  }

  function summarise(rows: Array<Lockout | undefined>, now: Date): LimiterState {
    let failures = 0;
    let lockedUntil: Date | null = null;
    for (const row of rows) {
      if (!row) continue;
      failures = Math.max(failures, row.failures);
      if (row.lockedUntil && row.lockedUntil > now && (!lockedUntil || row.lockedUntil > lockedUntil)) {
        lockedUntil = row.lockedUntil;
      }
    }
    return { failures, lockedUntil, delayMs: delayFor(failures) };
  }

  return {
    async check(keys, now) {
      const rows = await Promise.all(keys.map(async (key) => current(await store.lockouts.find(key), now)));
      return summarise(rows, now);
    },

    async recordFailure(keys, now) {
      const rows: Lockout[] = [];
      for (const key of keys) {
        // One transaction per key with the row locked, so failures from several nodes all count.
        rows.push(
          await store.transaction(async (tx) => {
            const live = current(await tx.lockouts.find(key, { forUpdate: true }), now);
            const failures = (live?.failures ?? 0) + 1;
            const row: Lockout = {
              key,
              failures,
              windowStart: live?.windowStart ?? now,
              lockedUntil: failures >= threshold ? new Date(now.getTime() + durationSec * 1000) : null,
            };
            await tx.lockouts.save(row);
            return row;
          }),
        );
      }
      return summarise(rows, now);
    },

    async clear(key, now) {
      const row = await store.lockouts.find(key);
      if (!row || (row.failures === 0 && !row.lockedUntil)) return false;
      await store.lockouts.save({ key, failures: 0, windowStart: now, lockedUntil: null });
      return true;
    },

    async recordSuccess(keys, now) {
      for (const key of keys) {
        const row = await store.lockouts.find(key);
        if (row && row.failures > 0)
          await store.lockouts.save({ key, failures: 0, windowStart: now, lockedUntil: null });
      }
    },
  };
}
