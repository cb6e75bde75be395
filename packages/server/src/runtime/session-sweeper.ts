import type { CallgateLogger } from '../logging/create-logger.ts';

export interface StaleSessionSweep {
  sweepStaleSessions(): Promise<{
    readonly paused: readonly { id: number }[];
    readonly ended: readonly { id: number }[];
  }>;
}

/** Audit entries that waited in memory while the database was down. */
export interface DeferredAudit {
  flushDeferred(): Promise<number>;
}

/** Phone legs no live call holds (see domain/leg-holders.ts). */
export interface OrphanedLegSweep {
  sweep(): Promise<{
    readonly released: readonly { session: { id: number }; holder: string; reason: string }[];
  }>;
}

export interface SweeperExtras {
  audit?: DeferredAudit;
  legs?: OrphanedLegSweep;
}

export interface SessionSweeper {
  /** Stops the timer and waits for a sweep in progress, so the store can close after it. */
  stop(): Promise<void>;
}

/**
 * Runs the domain's stale-session sweep on a timer: consoles that stopped heartbeating get their
 * session paused as LAGGED, later ended; audit entries kept while the database was down are written;
 * phone legs no live call holds are released. Sweeps never overlap; a failed sweep (database down) is
 * logged and retried at the next tick. The timer does not keep the process alive.
 */
export function startSessionSweeper(
  sessions: StaleSessionSweep,
  intervalMs: number,
  logger: CallgateLogger,
  extras: SweeperExtras = {},
): SessionSweeper {
  let running: Promise<void> | undefined;
  const sweep = async (): Promise<void> => {
    const { audit, legs } = extras;
    if (audit) {
      const waiting = await audit.flushDeferred();
      if (waiting > 0) logger.warn({ waiting }, 'audit entries still wait for the database');
    }
    if (legs) {
      try {
        for (const { session, holder, reason } of (await legs.sweep()).released) {
          logger.warn({ sessionId: session.id, holder, reason }, 'released a phone leg no live call holds');
        }
      } catch (err) {
        logger.warn({ err }, 'orphaned phone leg sweep failed; retrying at the next tick');
      }
    }
    try {
      const report = await sessions.sweepStaleSessions();
      if (report.paused.length > 0 || report.ended.length > 0) {
        logger.info(
          { paused: report.paused.map((s) => s.id), ended: report.ended.map((s) => s.id) },
          'stale agent sessions swept',
        );
      }
    } catch (err) {
      logger.warn({ err }, 'stale session sweep failed; retrying at the next tick');
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = sweep().finally(() => {
      running = undefined;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
