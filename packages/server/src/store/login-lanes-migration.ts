/**
 * Migration 0007: login lanes. Lock rows say when they locked, how many times in a row (each lock
 * lasts twice the one before), and where the latest attempt came from; browsers that signed in get a device cookie (its SHA-256 kept here) so their own lane is
 * apart from strangers'; auth events can name the admin who acted (an unlock) and a detail; and
 * an index finds an agent's recent successful dial-ins (their known caller IDs).
 * Never edit it once shipped; add the next migration.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function loginLanesMigration(backend: StoreBackend): Migration {
  const ts = backend === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('lockouts').addColumn('locked_at', ts).execute();
      await db.schema.alterTable('lockouts').addColumn('last_origin', 'text').execute();
      await db.schema
        .alterTable('lockouts')
        .addColumn('locks', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Counters under the keys of earlier versions (`user:<id>`) are not read any more.
      await db.deleteFrom('lockouts').where('key', 'like', 'user:%').execute();

      await db.schema
        .createTable('login_devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('last_used_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ix_login_devices_agent')
        .on('login_devices')
        .columns(['agent_id', 'last_used_at'])
        .execute();

      await db.schema.alterTable('auth_events').addColumn('actor_agent_id', 'integer').execute();
      await db.schema.alterTable('auth_events').addColumn('detail', 'text').execute();
      await db.schema
        .createIndex('ix_auth_events_agent')
        .on('auth_events')
        .columns(['agent_id', 'at'])
        .execute();
    },
  };
}
