/**
 * Failure counters per lane (see login-lanes.ts), shared by every worker and node through the
 * lockouts table. The invariant: no number of attempts in flight at once, on any number of
 * workers and nodes, checks more secrets per lane and window than the lane's threshold.
 *
 * That is kept by reserving before verifying:
 * 1. reserve(): one transaction, the lanes' rows locked (sorted, so two reservations never wait
 *    on each other crosswise). A lane that is locked, or whose window already holds `threshold`
 *    attempts (settled failures and attempts still being verified alike), refuses the attempt.
 *    Otherwise the attempt is counted on every lane, as if it had failed, and may be verified.
 * 2. the caller verifies the secret, then settles: fail() leaves the count and locks each lane
 *    that has reached its threshold; succeed() gives the attempt's slot back on every lane. A
 *    success never resets a counter, so a valid login cannot launder guesses made beside it.
 * An attempt that is never settled (a crash, the database gone) stays counted: it fails safe.
 *
 * A window is fixed: it starts at the first attempt and lasts `windowSec`; a lock lasts
 * `durationSec` from the failure that reached the threshold. Either ending starts the lane afresh.
 */
import type { Lockout } from './auth-event.ts';
import type { ServiceContext } from './service-context.ts';

/** When a lane locks, and for how long. */
export interface LanePolicy {
  threshold: number;
  windowSec: number;
  durationSec: number;
}

export interface Lane {
  key: string;
  policy: LanePolicy;
  /** Failures here make the caller wait before the next attempt (the growing delay). */
  paces: boolean;
}

/** What reserve() answered. */
export type Reservation = GrantedReservation | RefusedReservation;

export interface GrantedReservation {
  readonly granted: true;
  readonly lanes: readonly Lane[];
  /** The window each lane's attempt was counted in: a settle only touches that window. */
  readonly windows: ReadonlyMap<string, number>;
}

export interface RefusedReservation {
  readonly granted: false;
  /** The lane that refused (the first one found locked or full). */
  readonly lane: Lane;
  /** Until when, at the latest: the lock's end, or the window's end when attempts still pending fill it. */
  readonly lockedUntil: Date;
}

export interface FailureState {
  /** Set when this failure locked a lane (or one was already locked): until when. */
  lockedUntil: Date | null;
  /** The key of that lane (the one locked longest). */
  lockedKey: string | null;
  /** How long the caller should wait before the next attempt. */
  delayMs: number;
}

/** A lane's counter as it stands, for views. */
export interface LaneState {
  key: string;
  failures: number;
  windowStart: Date;
  lockedAt: Date | null;
  lockedUntil: Date | null;
  lastOrigin: string | null;
}

export interface AttemptLimiter {
  /**
   * Reserves one attempt on every lane, or on none. `origin` (a caller ID or client address) is
   * kept on the row so admins can see where the attempts came from; never a secret.
   */
  reserve(lanes: readonly Lane[], now: Date, origin?: string | null): Promise<Reservation>;
  /** The secret was wrong: the attempt stays counted, and a lane at its threshold locks. */
  fail(reservation: GrantedReservation, now: Date): Promise<FailureState>;
  /** The secret was right: the attempt's slot is given back on every lane. */
  succeed(reservation: GrantedReservation, now: Date): Promise<void>;
  /** The lanes' counters as they stand now (expired ones are absent). */
  peek(keys: readonly string[], now: Date): Promise<LaneState[]>;
  /** Clears a lane's counter and lock (an admin's unlock); false when it had none. */
  clear(key: string, now: Date): Promise<boolean>;
}

/** Delay before the next attempt after n failures: min(base · 2^(n-1), max). */
export function pacingDelayMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(baseMs * 2 ** (failures - 1), maxMs);
}

/** The row if it still counts at `now`: a passed window or an ended lock counts from zero again. */
export function liveCounter(row: Lockout | undefined, policy: LanePolicy, now: Date): Lockout | undefined {
  if (!row) return undefined;
  if (row.lockedUntil) return row.lockedUntil > now ? row : undefined;
  if (now.getTime() - row.windowStart.getTime() >= policy.windowSec * 1000) return undefined;
  return row.failures > 0 ? row : undefined;
}

export function createAttemptLimiter(ctx: ServiceContext): AttemptLimiter {
  const { store, config } = ctx;
  const byKey = (a: Lane, b: Lane) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

  return {
    async reserve(lanes, now, origin = null) {
      const sorted = [...lanes].sort(byKey);
      return store.transaction(async (tx): Promise<Reservation> => {
        const live: Array<Lockout | undefined> = [];
        for (const lane of sorted) {
          const row = liveCounter(await tx.lockouts.find(lane.key, { forUpdate: true }), lane.policy, now);
          if (row?.lockedUntil) return { granted: false, lane, lockedUntil: row.lockedUntil };
          if (row && row.failures >= lane.policy.threshold) {
            const windowEnd = new Date(row.windowStart.getTime() + lane.policy.windowSec * 1000);
            return { granted: false, lane, lockedUntil: windowEnd };
          }
          live.push(row);
        }
        const windows = new Map<string, number>();
        for (const [i, lane] of sorted.entries()) {
          const row = live[i];
          const windowStart = row?.windowStart ?? now;
          windows.set(lane.key, windowStart.getTime());
          await tx.lockouts.save({
            key: lane.key,
            failures: (row?.failures ?? 0) + 1,
            windowStart,
            lockedUntil: null,
            lockedAt: null,
            lastOrigin: origin ?? row?.lastOrigin ?? null,
          });
        }
        return { granted: true, lanes: sorted, windows };
      });
    },

    async fail(reservation, now) {
      return store.transaction(async (tx) => {
        let lockedUntil: Date | null = null;
        let lockedKey: string | null = null;
        let pacing = 0;
        for (const lane of reservation.lanes) {
          const row = await tx.lockouts.find(lane.key, { forUpdate: true });
          if (!row || row.windowStart.getTime() !== reservation.windows.get(lane.key)) continue;
          let until = row.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
          if (!until && row.failures >= lane.policy.threshold) {
            until = new Date(now.getTime() + lane.policy.durationSec * 1000);
            await tx.lockouts.save({ ...row, lockedUntil: until, lockedAt: now });
          }
          if (until && (!lockedUntil || until > lockedUntil)) {
            lockedUntil = until;
            lockedKey = lane.key;
          }
          if (lane.paces) pacing = Math.max(pacing, row.failures);
        }
        return {
          lockedUntil,
          lockedKey,
          delayMs: pacingDelayMs(pacing, config.delayBaseMs, config.delayMaxMs),
        };
      });
    },

    async succeed(reservation, now) {
      await store.transaction(async (tx) => {
        for (const lane of reservation.lanes) {
          const row = await tx.lockouts.find(lane.key, { forUpdate: true });
          if (!row || row.windowStart.getTime() !== reservation.windows.get(lane.key)) continue;
          if (row.lockedUntil && row.lockedUntil > now) continue;
          await tx.lockouts.save({ ...row, failures: Math.max(0, row.failures - 1) });
        }
      });
    },

    async peek(keys, now) {
      const rows = await store.lockouts.findMany(keys);
      return rows
        .filter((row) => (row.lockedUntil ? row.lockedUntil > now : row.failures > 0))
        .map((row) => ({ ...row }));
    },

    async clear(key, now) {
      return store.transaction(async (tx) => {
        const row = await tx.lockouts.find(key, { forUpdate: true });
        const counted = row && (row.failures > 0 || (row.lockedUntil !== null && row.lockedUntil > now));
        if (!counted) return false;
        await tx.lockouts.save({
          key,
          failures: 0,
          windowStart: now,
          lockedUntil: null,
          lockedAt: null,
          lastOrigin: null,
        });
        return true;
      });
    },
  };
}
