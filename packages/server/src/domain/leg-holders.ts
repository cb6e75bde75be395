/**
 * Phone legs that no live call holds any more. A dial-in joined to its conference inside the AGI
 * holds the session's phone leg for as long as its call lives; the node serving it is the leg's
 * holder. When that call ends the app releases the leg; but a crash (SIGKILL), or the database
 * down at that moment, leaves the leg `connected` with no call behind it. So:
 * - each node keeps the set of calls it is serving (`liveCalls`) and says it is alive (`nodes`);
 * - at start, a node releases every leg it held before (none of those calls survived it);
 * - at every sweep, it releases the legs it holds whose call is not live (the release that failed),
 *   and the legs of nodes not seen for a while (a node that died and did not come back).
 * Legs Callgate originated over AMI are Asterisk's to hold and are left to AMI tracking.
 */
import type { AgentSession } from './agent-session.ts';
import type { ServiceContext } from './service-context.ts';
import type { SessionService } from './session-service.ts';

/** The calls this process is serving, by uniqueid. */
export class LiveCalls {
  readonly #calls = new Map<string, number>();

  /** A call starts; the same uniqueid twice is counted twice (an AGI run twice on one channel). */
  add(uniqueid: string): void {
    this.#calls.set(uniqueid, (this.#calls.get(uniqueid) ?? 0) + 1);
  }

  delete(uniqueid: string): void {
    const n = (this.#calls.get(uniqueid) ?? 0) - 1;
    if (n > 0) this.#calls.set(uniqueid, n);
    else this.#calls.delete(uniqueid);
  }

  has(uniqueid: string): boolean {
    return this.#calls.has(uniqueid);
  }

  get size(): number {
    return this.#calls.size;
  }
}

export interface OrphanedLegReport {
  /** Sessions whose leg was released, and why. */
  released: Array<{ session: AgentSession; holder: string; reason: 'restarted' | 'call_gone' | 'node_gone' }>;
}

export interface LegHolderService {
  /** This process's node id: the holder of the legs its calls hold. */
  readonly nodeId: string;
  readonly liveCalls: LiveCalls;
  /** This node starts: records it, and releases every leg it held before it (re)started. */
  start(): Promise<OrphanedLegReport>;
  /** This node is alive; releases the legs no live call holds (see above). */
  sweep(): Promise<OrphanedLegReport>;
}

export function createLegHolderService(
  ctx: ServiceContext,
  deps: { sessions: SessionService },
  options: { id: string; staleAfterSec: number },
): LegHolderService {
  const { store, clock } = ctx;
  const liveCalls = new LiveCalls();
  const actor = { source: 'system' } as const;
  const nodeId = options.id;

  async function release(
    session: AgentSession,
    reason: OrphanedLegReport['released'][number]['reason'],
    report: OrphanedLegReport,
  ): Promise<void> {
    if (session.phoneUniqueid === null || session.phoneLegHolder === null) return;
    // Guarded by uniqueid: a leg taken over meanwhile by a new call is not touched.
    if (await deps.sessions.releasePhoneLeg(session.id, session.phoneUniqueid, actor)) {
      report.released.push({ session, holder: session.phoneLegHolder, reason });
    }
  }

  return {
    nodeId,
    liveCalls,

    async start() {
      await store.nodes.register(nodeId, clock.now());
      const report: OrphanedLegReport = { released: [] };
      for (const session of await store.sessions.listOpenHeldLegs()) {
        if (session.phoneLegHolder !== nodeId) continue;
        if (session.phoneUniqueid !== null && liveCalls.has(session.phoneUniqueid)) continue;
        await release(session, 'restarted', report);
      }
      return report;
    },

    async sweep() {
      const now = clock.now();
      await store.nodes.beat(nodeId, now);
      const report: OrphanedLegReport = { released: [] };
      const held = await store.sessions.listOpenHeldLegs();
      if (held.length === 0) return report;
      const staleBefore = now.getTime() - options.staleAfterSec * 1000;
      const alive = new Set(
        (await store.nodes.list()).filter((n) => n.seenAt.getTime() >= staleBefore).map((n) => n.id),
      );
      for (const session of held) {
        const holder = session.phoneLegHolder as string;
        if (holder === nodeId) {
          if (session.phoneUniqueid !== null && !liveCalls.has(session.phoneUniqueid)) {
            await release(session, 'call_gone', report);
          }
        } else if (!alive.has(holder)) {
          await release(session, 'node_gone', report);
        }
      }
      return report;
    },
  };
}
