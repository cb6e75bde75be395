/**
 * Migration 0006: the session audit trail (`session_events`), written with each session change.
 * Never edit it once shipped; add the next migration.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function sessionEventsMigration(backend: StoreBackend): Migration {
  const id = backend === 'postgres' ? 'serial' : 'integer';
  const ts = backend === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('session_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('at', ts, (c) => c.notNull())
        .addColumn('session_id', 'integer', (c) => c.notNull().references('agent_sessions.id'))
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('actor_agent_id', 'integer', (c) => c.references('agents.id'))
        .addColumn('interface', 'text', (c) => c.notNull())
        .addColumn('device_id', 'integer')
        .addColumn('pause_code', 'text')
        .addColumn('end_reason', 'text')
        .addColumn('channel', 'text')
        .addColumn('uniqueid', 'text')
        .execute();
      await db.schema.createIndex('ix_session_events_at').on('session_events').column('at').execute();
      await db.schema
        .createIndex('ix_session_events_agent')
        .on('session_events')
        .columns(['agent_id', 'at'])
        .execute();
    },
  };
}
