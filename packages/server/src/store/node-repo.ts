/** The `nodes` table (migration 0008) behind the domain's NodeRepo. */
import type { Kysely } from 'kysely';
import type { NodeRepo } from '../domain/store-port.ts';
import { iso } from './row-mapping.ts';
import type { Database } from './schema.ts';

export function createNodeRepo(db: Kysely<Database>): NodeRepo {
  return {
    async register(id, at) {
      const values = { started_at: iso(at), seen_at: iso(at) };
      await db
        .insertInto('nodes')
        .values({ id, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
    async beat(id, at) {
      await db
        .insertInto('nodes')
        .values({ id, started_at: iso(at), seen_at: iso(at) })
        .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: iso(at) }))
        .execute();
    },
    async list() {
      const rows = await db.selectFrom('nodes').selectAll().orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, startedAt: new Date(r.started_at), seenAt: new Date(r.seen_at) }));
    },
    async removeSeenBefore(before) {
      const r = await db.deleteFrom('nodes').where('seen_at', '<', iso(before)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
