/**
 * Failure counters per lane (see login-lanes.ts), shared by every worker and node through the
 * lockouts table. The invariant: no number of attempts in flight at once, on any number of
 * workers and nodes, checks more secrets per lane and window than the lane's threshold.
 *
 * That is kept by reserving before verifying:
 * 1. reserve(): one transaction, the lanes' rows locked (sorted, so two reservations never wait
 *    on each other crosswise). (A lane found locked by a plain read first refuses at once.) A lane that is locked, or whose window already holds `threshold`
 *    attempts (settled failures and attempts still being verified alike), refuses the attempt.
 *    Otherwise the attempt is counted on every lane, as if it had failed, and may be verified.
 * 2. the caller verifies the secret, then settles: fail() leaves the count and locks each lane
 *    that has reached its threshold; succeed() gives the attempt's slot back on every lane. A
 *    success never resets a counter, so a valid login cannot launder guesses made beside it.
 * An attempt that is never settled (a crash, the database gone) stays counted: it fails safe.
 *
 * A window is fixed: it starts at the first attempt and lasts `windowSec`; a lock lasts from the
 * failure that reached the threshold, `durationSec` the first time and twice as long each time the
 * lane locks again, up to `maxDurationSec`. Either ending starts a new window; the lane forgets its
 * locks in a row once `maxDurationSec` has passed without another.
 */
import type { Lockout } from './auth-event.ts';
import { Bulkhead } from './bulkhead.ts';
import type { ServiceContext } from './service-context.ts';

/** When a lane locks, and for how long. */
export interface LanePolicy {
  threshold: number;
  windowSec: number;
  /** The first lock's length. */
  durationSec: number;
  /** The longest lock; also how long a quiet lane remembers its locks in a row. */
  maxDurationSec: number;
}

export interface Lane {
  key: string;
  policy: LanePolicy;
  /** Failures here make the caller wait before the next attempt (the growing delay). */
  paces: boolean;
  /**
   * Every stranger's attempt of a kind counts here (the server-wide lanes): reservations on it
   * queue apart, so a flood of them never delays the agents' own lanes.
   */
  shared?: boolean;
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

/** The locks in a row a lane starting a new window carries over (0 once it has been quiet long enough). */
function carriedLocks(raw: Lockout | undefined, policy: LanePolicy, now: Date): number {
  if (!raw || raw.locks === 0) return 0;
  const since = raw.lockedUntil ?? raw.windowStart;
  return now.getTime() - since.getTime() < policy.maxDurationSec * 1000 ? raw.locks : 0;
}

function windowEnd(row: Lockout, policy: LanePolicy): Date {
  return new Date(row.windowStart.getTime() + policy.windowSec * 1000);
}

/** How long the lane's next lock lasts, after `locks` locks in a row. */
export function lockDurationSec(policy: LanePolicy, locks: number): number {
  return Math.min(
    policy.durationSec * 2 ** Math.min(locks, 30),
    Math.max(policy.maxDurationSec, policy.durationSec),
  );
}

/** Reservations run at once per process and queue (see Bulkhead); the rest wait without a connection. */
const CONCURRENT_RESERVATIONS = 3;

export function createAttemptLimiter(ctx: ServiceContext): AttemptLimiter {
  const { store, config } = ctx;
  const byKey = (a: Lane, b: Lane) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  // Strangers' attempts (on a shared lane) and the agents' own queue apart.
  const sharedQueue = new Bulkhead(CONCURRENT_RESERVATIONS);
  const ownQueue = new Bulkhead(CONCURRENT_RESERVATIONS);

  /** A lane found locked, or full of attempts, by a plain read: refused without a transaction. */
  async function lockedLane(sorted: readonly Lane[], now: Date): Promise<RefusedReservation | undefined> {
    for (const row of await store.lockouts.findMany(sorted.map((l) => l.key))) {
      const lane = sorted.find((l) => l.key === row.key);
      const live = lane && liveCounter(row, lane.policy, now);
      if (!lane || !live) continue;
      if (live.lockedUntil) return { granted: false, lane, lockedUntil: live.lockedUntil };
      if (live.failures >= lane.policy.threshold) {
        return { granted: false, lane, lockedUntil: windowEnd(live, lane.policy) };
      }
    }
    return undefined;
  }

  async function reserveInTransaction(
    sorted: readonly Lane[],
    now: Date,
    origin: string | null,
  ): Promise<Reservation> {
    // Refused meanwhile (the flood locked the lane while this one waited its turn)?
    const refused = await lockedLane(sorted, now);
    if (refused) return refused;
    return store.transaction(async (tx): Promise<Reservation> => {
      const live: Array<{ row: Lockout | undefined; locks: number }> = [];
      for (const lane of sorted) {
        const raw = await tx.lockouts.find(lane.key, { forUpdate: true });
        const row = liveCounter(raw, lane.policy, now);
        if (row?.lockedUntil) return { granted: false, lane, lockedUntil: row.lockedUntil };
        if (row && row.failures >= lane.policy.threshold) {
          return { granted: false, lane, lockedUntil: windowEnd(row, lane.policy) };
        }
        live.push({ row, locks: row ? row.locks : carriedLocks(raw, lane.policy, now) });
      }
      const windows = new Map<string, number>();
      for (const [i, lane] of sorted.entries()) {
        const { row, locks } = live[i] ?? { row: undefined, locks: 0 };
        const windowStart = row?.windowStart ?? now;
        windows.set(lane.key, windowStart.getTime());
        await tx.lockouts.save({
          key: lane.key,
          failures: (row?.failures ?? 0) + 1,
          windowStart,
          lockedUntil: null,
          lockedAt: null,
          lastOrigin: origin ?? row?.lastOrigin ?? null,
          locks,
        });
      }
      return { granted: true, lanes: sorted, windows };
    });
  }

  return {
    async reserve(lanes, now, origin = null) {
      const sorted = [...lanes].sort(byKey);
      // A lane already locked refuses without a transaction: under a flood, once a lane locks,
      // every further attempt costs one read and waits on no row lock. Only the transaction grants.
      const refused = await lockedLane(sorted, now);
      if (refused) return refused;
      const queue = sorted.some((l) => l.shared) ? sharedQueue : ownQueue;
      return queue.run(() => reserveInTransaction(sorted, now, origin));
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
            until = new Date(now.getTime() + lockDurationSec(lane.policy, row.locks) * 1000);
            await tx.lockouts.save({ ...row, lockedUntil: until, lockedAt: now, locks: row.locks + 1 });
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
          locks: 0,
        });
        return true;
      });
    },
  };
}
