/**
 * Rows that only ever grow unless someone deletes them: failure counters (lockouts) whose lock
 * and window have passed, and web logins past their expiry. The stale-session sweep purges them.
 */
import type { ServiceContext } from './service-context.ts';

export interface PurgeReport {
  lockouts: number;
  webSessions: number;
}

export async function purgeExpiredRecords(ctx: ServiceContext, now: Date): Promise<PurgeReport> {
  const { store, config } = ctx;
  // The longest window any limiter uses: a counter younger than that may still count.
  const windowMs = Math.max(config.lockWindowSec, config.addressWindowSec) * 1000;
  const lockouts = await store.lockouts.removeExpired(now, new Date(now.getTime() - windowMs));
  const webSessions = await store.webSessions.removeExpired(now);
  return { lockouts, webSessions };
}
