/**
 * Versioned migrations, in code so they ship with the server. Each migration gets the backend so
 * the few types that differ (id columns, timestamps) are chosen once here. Never edit a migration
 * that has shipped; add the next one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';
import type { StoreBackend } from '../domain/store-port.ts';
import { asteriskMigration } from './asterisk-migration.ts';
import { contactsEnabledMigration } from './contacts-enabled-migration.ts';
import { directoryMigration } from './directory-migration.ts';
import { legHoldersMigration } from './leg-holders-migration.ts';
import { loginLanesMigration } from './login-lanes-migration.ts';
import { sessionEventsMigration } from './session-events-migration.ts';
import { webSessionsMigration } from './web-sessions-migration.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

function types(backend: StoreBackend) {
  return {
    id: backend === 'postgres' ? ('serial' as const) : ('integer' as const),
    ts: backend === 'postgres' ? ('timestamptz' as const) : ('text' as const),
  };
}

async function initialSchema(db: AnyDb, backend: StoreBackend): Promise<void> {
  const t = types(backend);
  await db.schema
    .createTable('agents')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('agent', 'supervisor', 'admin')`))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('password_hash', 'text')
    .addColumn('pin_hash', 'text')
    .addColumn('hot_desk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mobile_number', 'text')
    .addColumn('default_interface', 'text')
    .addColumn('voice_settings', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('location', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contact', 'text')
    .addColumn('registered_at', t.ts)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('office_num', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pause_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_seconds', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('system', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto('pause_codes')
    .values({
      code: 'LAGGED',
      name: 'Console lost (lagged)',
      billable: 0,
      max_seconds: null,
      active: 1,
      system: 1,
    })
    .execute();

  await db.schema
    .createTable('agent_sessions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('interface', 'text', (c) => c.notNull())
    .addColumn('device_id', 'integer', (c) => c.references('devices.id'))
    .addColumn('conference', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('paused', 'ready', 'in_call')`))
    .addColumn('pause_code', 'text')
    .addColumn('state_changed_at', t.ts, (c) => c.notNull())
    .addColumn('phone_leg', 'text', (c) =>
      c.notNull().defaultTo('none').check(sql`phone_leg in ('none', 'calling', 'connected')`),
    )
    .addColumn('phone_channel', 'text')
    .addColumn('phone_uniqueid', 'text')
    .addColumn('phone_connected_at', t.ts)
    .addColumn('last_seen_at', t.ts, (c) => c.notNull())
    .addColumn('started_at', t.ts, (c) => c.notNull())
    .addColumn('ended_at', t.ts)
    .addColumn('end_reason', 'text')
    .execute();
  // The database itself enforces the one-open-session rules, whatever the number of nodes.
  for (const [name, column] of [
    ['ux_agent_sessions_open_agent', 'agent_id'],
    ['ux_agent_sessions_open_device', 'device_id'],
    ['ux_agent_sessions_open_conference', 'conference'],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('agent_sessions')
      .column(column)
      .unique()
      .where(sql.ref('ended_at'), 'is', null)
      .execute();
  }
  await db.schema
    .createIndex('ix_agent_sessions_started')
    .on('agent_sessions')
    .column('started_at')
    .execute();

  await db.schema
    .createTable('agent_state_log')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('agent_sessions.id'))
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('pause_code', 'text')
    .addColumn('started_at', t.ts, (c) => c.notNull())
    .addColumn('ended_at', t.ts, (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ix_agent_state_log_session')
    .on('agent_state_log')
    .column('session_id')
    .execute();
  await db.schema
    .createIndex('ix_agent_state_log_agent')
    .on('agent_state_log')
    .columns(['agent_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('auth_events')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('at', t.ts, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'integer', (c) => c.references('agents.id'))
    .addColumn('entered_id', 'text')
    .addColumn('caller_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('uniqueid', 'text')
    .addColumn('remote_ip', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer')
    .execute();
  await db.schema.createIndex('ix_auth_events_at').on('auth_events').column('at').execute();

  await db.schema
    .createTable('lockouts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', t.ts, (c) => c.notNull())
    .addColumn('locked_until', t.ts)
    .execute();
}

const MIGRATIONS: Record<string, (backend: StoreBackend) => Migration> = {
  '0001_initial_schema': (backend) => ({ up: (db) => initialSchema(db, backend) }),
  '0002_directory': directoryMigration,
  '0003_asterisk': asteriskMigration,
  '0004_web_sessions': webSessionsMigration,
  '0005_contacts_enabled': contactsEnabledMigration,
  '0006_session_events': sessionEventsMigration,
  '0007_login_lanes': loginLanesMigration,
  '0008_leg_holders': legHoldersMigration,
};

export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly backend: StoreBackend) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(this.backend)]));
  }
}
