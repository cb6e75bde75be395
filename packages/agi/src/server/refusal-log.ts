import type { AgiLogger } from './agi-logger.ts';
import type { AgiRefusalReason } from './server-stats.ts';

/** How long the refusals of one reason and peer are summed into one log line. */
const QUIET_MS = 10_000;
/** Peers remembered at once; a scan from many addresses starts the memory over. */
const MAX_PEERS = 1024;

interface Tally {
  /** When the last line for this reason and peer was written. */
  loggedAt: number;
  /** Refusals since, not yet written. */
  unlogged: number;
}

/**
 * Writes refused connections to the log without letting a flood flood the log: the first refusal
 * of a reason from a peer is logged at once, later ones within 10 s are counted and reported in
 * the next line for that reason and peer (`suppressed`). The counters in stats() stay exact.
 */
export class RefusalLog {
  readonly #log: AgiLogger;
  readonly #tallies = new Map<string, Tally>();

  constructor(log: AgiLogger) {
    this.#log = log;
  }

  refused(reason: AgiRefusalReason, remoteAddress: string, why: string, now = Date.now()): void {
    const key = `${reason} ${remoteAddress}`;
    const tally = this.#tallies.get(key);
    if (tally !== undefined && now - tally.loggedAt < QUIET_MS) {
      tally.unlogged++;
      return;
    }
    const suppressed = tally?.unlogged ?? 0;
    if (tally === undefined && this.#tallies.size >= MAX_PEERS) this.#tallies.clear();
    this.#tallies.set(key, { loggedAt: now, unlogged: 0 });
    this.#log.warn(
      { remoteAddress, reason, ...(suppressed > 0 ? { suppressed } : {}) },
      `FastAGI connection refused: ${why}${suppressed > 0 ? ` (${suppressed} more since the last such line)` : ''}`,
    );
  }
}
