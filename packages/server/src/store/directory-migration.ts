/**
 * Migration 0002: the extension directory, and the caller details (VIP, account) on contacts that
 * the caller-lookup route reports. Never edit it once shipped; add the next migration.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function directoryMigration(backend: StoreBackend): Migration {
  const id = backend === 'postgres' ? 'serial' : 'integer';
  const ts = backend === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('directory_entries')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('extension', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        // `&`-joined endpoints, a device or an agent: exactly one of the three.
        .addColumn('endpoints', 'text')
        .addColumn('device_id', 'integer', (c) => c.references('devices.id'))
        .addColumn('agent_id', 'integer', (c) => c.references('agents.id'))
        .addColumn('ring_seconds', 'integer', (c) => c.notNull().defaultTo(20))
        .addColumn('voicemail_box', 'text')
        .addColumn('voicemail_context', 'text', (c) => c.notNull().defaultTo('default'))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addCheckConstraint(
          'ck_directory_entries_target',
          sql`(case when endpoints is null then 0 else 1 end) + (case when device_id is null then 0 else 1 end) + (case when agent_id is null then 0 else 1 end) = 1`,
        )
        .execute();
      await db.schema
        .alterTable('contacts')
        .addColumn('vip', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('contacts').addColumn('account', 'text').execute();
    },
  };
}
