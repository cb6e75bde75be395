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

export interface SessionSweeper {
  /** Stops the timer and waits for a sweep in progress, so the store can close after it. */
  stop(): Promise<void>;
}

/**
 * Runs the domain's stale-session sweep on a timer: consoles that stopped heartbeating get their
 * session paused as LAGGED, later ended; audit entries kept while the database was down are written. Sweeps never overlap; a failed sweep (database down) is
 * logged and retried at the next tick. The timer does not keep the process alive.
 */
export function startSessionSweeper(
  sessions: StaleSessionSweep,
  intervalMs: number,
  logger: CallgateLogger,
  audit?: DeferredAudit,
): SessionSweeper {
  let running: Promise<void> | undefined;
  const sweep = async (): Promise<void> => {
    if (audit) {
      const waiting = await audit.flushDeferred();
      if (waiting > 0) logger.warn({ waiting }, 'audit entries still wait for the database');
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
