/** The `session_events` table (migration 0006) behind the domain's SessionEventRepo. */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { SessionInterface } from '../domain/agent.ts';
import type { SessionEndReason } from '../domain/agent-session.ts';
import type { SessionEvent, SessionEventKind, SessionEventSource } from '../domain/session-event.ts';
import type { SessionEventRepo } from '../domain/store-port.ts';
import { iso } from './row-mapping.ts';
import type { Database, Timestamp } from './schema.ts';

export interface SessionEventsTable {
  id: Generated<number>;
  at: Timestamp;
  session_id: number;
  agent_id: number;
  event: string;
  source: string;
  actor_agent_id: number | null;
  interface: string;
  device_id: number | null;
  pause_code: string | null;
  end_reason: string | null;
  channel: string | null;
  uniqueid: string | null;
}

function fromRow(r: Selectable<SessionEventsTable>): SessionEvent {
  return {
    id: r.id,
    at: new Date(r.at),
    sessionId: r.session_id,
    agentId: r.agent_id,
    event: r.event as SessionEventKind,
    source: r.source as SessionEventSource,
    actorAgentId: r.actor_agent_id,
    interface: r.interface as SessionInterface,
    deviceId: r.device_id,
    pauseCode: r.pause_code,
    endReason: r.end_reason as SessionEndReason | null,
    channel: r.channel,
    uniqueid: r.uniqueid,
  };
}

export function createSessionEventRepo(db: Kysely<Database>): SessionEventRepo {
  return {
    async insert(row) {
      const r = await db
        .insertInto('session_events')
        .values({
          at: iso(row.at),
          session_id: row.sessionId,
          agent_id: row.agentId,
          event: row.event,
          source: row.source,
          actor_agent_id: row.actorAgentId,
          interface: row.interface,
          device_id: row.deviceId,
          pause_code: row.pauseCode,
          end_reason: row.endReason,
          channel: row.channel,
          uniqueid: row.uniqueid,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return fromRow(r);
    },
    async list(filter = {}) {
      let q = db.selectFrom('session_events').selectAll();
      if (filter.agentId !== undefined) q = q.where('agent_id', '=', filter.agentId);
      if (filter.source !== undefined) q = q.where('source', '=', filter.source);
      if (filter.event !== undefined) q = q.where('event', '=', filter.event);
      if (filter.since !== undefined) q = q.where('at', '>=', iso(filter.since));
      if (filter.until !== undefined) q = q.where('at', '<=', iso(filter.until));
      const rows = await q
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 1000)
        .execute();
      return rows.map(fromRow);
    },
  };
}
