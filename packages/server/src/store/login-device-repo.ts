/** The `login_devices` table (migration 0007) behind the domain's LoginDeviceRepo. */
import type { Kysely, Selectable } from 'kysely';
import type { LoginDevice, LoginDeviceRepo } from '../domain/store-port.ts';
import { iso } from './row-mapping.ts';
import type { Database, LoginDevicesTable } from './schema.ts';

function fromRow(r: Selectable<LoginDevicesTable>): LoginDevice {
  return {
    id: r.id,
    agentId: r.agent_id,
    createdAt: new Date(r.created_at),
    lastUsedAt: new Date(r.last_used_at),
  };
}

export function createLoginDeviceRepo(db: Kysely<Database>): LoginDeviceRepo {
  return {
    async insert(row) {
      await db
        .insertInto('login_devices')
        .values({
          id: row.id,
          agent_id: row.agentId,
          created_at: iso(row.createdAt),
          last_used_at: iso(row.lastUsedAt),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async findById(id) {
      const r = await db.selectFrom('login_devices').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async touch(id, at) {
      await db
        .updateTable('login_devices')
        .set({ last_used_at: iso(at) })
        .where('id', '=', id)
        .execute();
    },
    async trim(agentId, keep) {
      const kept = db
        .selectFrom('login_devices')
        .select('id')
        .where('agent_id', '=', agentId)
        .orderBy('last_used_at', 'desc')
        .limit(keep);
      const r = await db
        .deleteFrom('login_devices')
        .where('agent_id', '=', agentId)
        .where('id', 'not in', kept)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async removeUnusedSince(before) {
      const r = await db
        .deleteFrom('login_devices')
        .where('last_used_at', '<', iso(before))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
