/**
 * Opens the store named by a URL, on SQLite (embedded, default) or PostgreSQL, and checks that
 * the database answers: a clear E_STORE_UNAVAILABLE instead of a stack dump when it does not.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DomainError } from '../domain/domain-error.ts';
import type { MigrationReport, Store, StoreBackend } from '../domain/store-port.ts';
import { CurrentSchemaPostgresDialect } from './current-schema-dialect.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import { createRepos } from './kysely-repos.ts';
import { InCodeMigrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import { translateStoreError } from './store-errors.ts';
import { parseStoreUrl, redactUrl } from './store-url.ts';

export interface OpenStoreOptions {
  /** PostgreSQL: schema to use (sets search_path); it must exist. Default: the server's default. */
  schema?: string;
  /** PostgreSQL: how long to wait for a connection. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** PostgreSQL: session settings for every connection, e.g. `{ statement_timeout: '5s' }`. */
  postgresSettings?: Record<string, string>;
  /** PostgreSQL: pool size. Default 10. */
  poolSize?: number;
  /** SQLite: how long a writer waits for another one's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Run migrations while opening. Default false (`callgate migrate` or `store.migrate()`). */
  migrate?: boolean;
}

export interface OpenedStore extends Store {
  /** The Kysely handle, for the store's own tests and tools; the domain never uses it. */
  readonly db: Kysely<Database>;
  /** The URL with any password hidden. */
  readonly description: string;
}

function unavailable(description: string, err: unknown): DomainError {
  const reason = err instanceof Error ? err.message : String(err);
  return new DomainError('E_STORE_UNAVAILABLE', `Cannot open database ${description}: ${reason}`, {
    cause: err,
  });
}

function openSqlite(file: string, memory: boolean, options: OpenStoreOptions): Kysely<Database> {
  const path = memory ? ':memory:' : resolve(file);
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    sqlite.pragma('foreign_keys = ON');
    // WAL lets readers run beside the one writer; it also proves the file is writable now.
    if (!memory) sqlite.pragma('journal_mode = WAL');
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
}

const SETTING = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** The libpq `options` string: `-c name=value` per setting; names and values kept to safe characters. */
function postgresOptions(options: OpenStoreOptions): string | undefined {
  const settings: Record<string, string> = { ...options.postgresSettings };
  if (options.schema) settings.search_path = options.schema;
  const parts = Object.entries(settings).map(([name, value]) => {
    if (!SETTING.test(name) || !/^[A-Za-z0-9_.,:-]+$/.test(value)) {
      throw new DomainError('E_VALIDATION', `Unsupported PostgreSQL setting ${name}=${value}`);
    }
    return `-c ${name}=${value}`;
  });
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function openPostgres(connectionString: string, options: OpenStoreOptions): Kysely<Database> {
  const pgOptions = postgresOptions(options);
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(pgOptions ? { options: pgOptions } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect(new PostgresDialect({ pool })) });
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const location = parseStoreUrl(url);
  const description = redactUrl(url);
  const backend: StoreBackend = location.backend;
  let db: Kysely<Database>;
  try {
    db =
      location.backend === 'sqlite'
        ? openSqlite(location.file, location.memory, options)
        : openPostgres(location.connectionString, options);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw unavailable(description, err);
  }

  const repos = createRepos(db, backend);
  const store: OpenedStore = {
    ...repos,
    backend,
    db,
    description,

    transaction(fn) {
      return db
        .transaction()
        .execute((trx) => fn(createRepos(trx, backend)))
        .catch((err: unknown) => {
          throw translateStoreError(err, 'transaction');
        });
    },

    async migrate(): Promise<MigrationReport> {
      let migrationTableSchema: string | undefined;
      if (backend === 'postgres') {
        // Name the schema: Kysely otherwise finds a migration table in any schema on the path.
        const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
        migrationTableSchema = r.rows[0]?.schema;
      }
      const migrator = new Migrator({
        db,
        provider: new InCodeMigrationProvider(backend),
        // Migrations come from separate features and do not depend on each other's order: a
        // database that already ran a later-numbered one still takes an earlier one added since.
        allowUnorderedMigrations: true,
        ...(migrationTableSchema ? { migrationTableSchema } : {}),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const translated = translateStoreError(error, 'migrate');
        if (translated instanceof DomainError) throw translated;
        throw new DomainError(
          'E_STORE',
          `Migration failed: ${error instanceof Error ? error.message : error}`,
          {
            cause: error,
          },
        );
      }
      return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    },

    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw unavailable(description, err);
      }
    },

    async close() {
      await db.destroy();
    },
  };

  try {
    await store.ping();
    if (options.migrate) await store.migrate();
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return store;
}
