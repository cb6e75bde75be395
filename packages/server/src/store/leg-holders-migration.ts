/**
 * Migration 0008: who holds a phone leg. A dial-in joined to its conference inside the AGI is held
 * by the process serving that call (`phone_leg_holder`, its node id); nodes record that they are
 * alive in `nodes`. A leg whose holder restarted or went quiet is released (see leg-holders.ts).
 * Never edit it once shipped; add the next migration.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function legHoldersMigration(backend: StoreBackend): Migration {
  const ts = backend === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('agent_sessions').addColumn('phone_leg_holder', 'text').execute();
      await db.schema
        .createTable('nodes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('seen_at', ts, (c) => c.notNull())
        .execute();
    },
  };
}
