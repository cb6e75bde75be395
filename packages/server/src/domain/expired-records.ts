/**
 * Rows that only ever grow unless someone deletes them: failure counters (lockouts) whose lock
 * and window have passed, web logins past their expiry, and device cookies unused for a long
 * time. The stale-session sweep purges them.
 */
import type { ServiceContext } from './service-context.ts';

export interface PurgeReport {
  lockouts: number;
  webSessions: number;
  loginDevices: number;
}

/** A browser not used to sign in for this long is a stranger again. */
export const LOGIN_DEVICE_UNUSED_DAYS = 180;

export async function purgeExpiredRecords(ctx: ServiceContext, now: Date): Promise<PurgeReport> {
  const { store, config } = ctx;
  // The longest window any limiter uses: a counter younger than that may still count.
  // The daily twins of the user and server-wide lanes count over a day.
  const windowMs =
    Math.max(config.lockWindowSec, config.addressWindowSec, config.anyWindowSec, 86_400) * 1000;
  const lockouts = await store.lockouts.removeExpired(
    new Date(now.getTime() - windowMs),
    new Date(now.getTime() - config.lockMaxDurationSec * 1000),
  );
  const webSessions = await store.webSessions.removeExpired(now);
  const loginDevices = await store.loginDevices.removeUnusedSince(
    new Date(now.getTime() - LOGIN_DEVICE_UNUSED_DAYS * 86_400_000),
  );
  return { lockouts, webSessions, loginDevices };
}
