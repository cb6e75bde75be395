/**
 * Migration 0004: web logins in the store (shared by every node, kept across restarts). The id is
 * the SHA-256 of the browser's token, never the token. Never edit it once shipped; add the next one.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function webSessionsMigration(backend: StoreBackend): Migration {
  const ts = backend === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('web_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('last_seen_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_web_sessions_agent').on('web_sessions').column('agent_id').execute();
      await db.schema
        .createIndex('ix_web_sessions_expires')
        .on('web_sessions')
        .column('expires_at')
        .execute();
    },
  };
}
