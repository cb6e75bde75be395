/**
 * Migration 0003: what the AMI side keeps — each agent's queues, the SIP secrets rendered into
 * PJSIP accounts, and every attempt to call an agent's phone (with why it failed), shared by all
 * nodes. Never edit it once shipped; add the next migration.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function asteriskMigration(backend: StoreBackend): Migration {
  const id = backend === 'postgres' ? 'serial' : 'integer';
  const ts = backend === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('agent_queues')
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('queue', 'text', (c) => c.notNull())
        // Order the admin gave; kept so lists read back the same way.
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_agent_queues', ['agent_id', 'queue'])
        .execute();

      // Plain text on purpose: Asterisk needs the password itself to check SIP digest auth.
      await db.schema
        .createTable('sip_secrets')
        .addColumn('account', 'text', (c) => c.primaryKey())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('phone_leg_attempts')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('session_id', 'integer', (c) => c.notNull().references('agent_sessions.id'))
        .addColumn('uniqueid', 'text', (c) => c.notNull().unique())
        .addColumn('interface', 'text', (c) => c.notNull())
        .addColumn('dial_string', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('calling', 'connected', 'failed')`),
        )
        .addColumn('reason', 'text')
        .addColumn('message', 'text')
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('ended_at', ts)
        .execute();
      await db.schema
        .createIndex('ix_phone_leg_attempts_session')
        .on('phone_leg_attempts')
        .columns(['session_id', 'id'])
        .execute();
    },
  };
}
