/** The `web_sessions` table (migration 0004) behind the domain's WebSessionRepo. */
import type { Kysely, Selectable } from 'kysely';
import type { WebSessionRepo } from '../domain/store-port.ts';
import type { WebSession } from '../domain/web-session.ts';
import { iso } from './row-mapping.ts';
import type { Database, Timestamp } from './schema.ts';

export interface WebSessionsTable {
  id: string;
  agent_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

function fromRow(r: Selectable<WebSessionsTable>): WebSession {
  return {
    id: r.id,
    agentId: r.agent_id,
    csrfToken: r.csrf_token,
    createdAt: new Date(r.created_at),
    lastSeenAt: new Date(r.last_seen_at),
    expiresAt: new Date(r.expires_at),
  };
}

export function createWebSessionRepo(db: Kysely<Database>): WebSessionRepo {
  return {
    async insert(row) {
      const r = await db
        .insertInto('web_sessions')
        .values({
          id: row.id,
          agent_id: row.agentId,
          csrf_token: row.csrfToken,
          created_at: iso(row.createdAt),
          last_seen_at: iso(row.lastSeenAt),
          expires_at: iso(row.expiresAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return fromRow(r);
    },
    async findById(id) {
      const r = await db.selectFrom('web_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async touch(id, lastSeenAt, expiresAt) {
      const r = await db
        .updateTable('web_sessions')
        .set({ last_seen_at: iso(lastSeenAt), expires_at: iso(expiresAt) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r && fromRow(r);
    },
    async remove(id) {
      const r = await db.deleteFrom('web_sessions').where('id', '=', id).returningAll().executeTakeFirst();
      return r && fromRow(r);
    },
    async removeByAgent(agentId, exceptId) {
      let q = db.deleteFrom('web_sessions').where('agent_id', '=', agentId);
      if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
      const rows = await q.returning('id').execute();
      return rows.map((r) => r.id);
    },
    async removeExpired(now) {
      const r = await db.deleteFrom('web_sessions').where('expires_at', '<=', iso(now)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
