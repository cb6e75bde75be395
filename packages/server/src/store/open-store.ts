/**
 * Opens the store named by a URL, on SQLite (embedded, default) or PostgreSQL, and checks that
 * the database answers: a clear E_STORE_UNAVAILABLE instead of a stack dump when it does not.
 *
 * No query waits for ever (see the defaults below): a stalled database makes each query fail
 * with E_STORE_UNAVAILABLE within a bounded time, so callers hear an apology and requests get a
 * 503, and the store recovers by itself when the database answers again.
 * - PostgreSQL: a connection must be had within `connectTimeoutMs` (3 s; the wait for a free one
 *   included), a statement is cancelled by the server after `statementTimeoutMs` (5 s), and a
 *   query that got no answer at all after `queryTimeoutMs` (6 s) fails and its connection is
 *   dropped (see DeadlinePool). TCP keepalive finds dead connections (10 s idle, then probes), and
 *   the server ends a transaction left idle for 30 s. So a query fails within 3 + 6 = 9 s.
 * - SQLite: a writer waits `busyTimeoutMs` (5 s) for another process's lock, without blocking the
 *   event loop (see ImmediateSqliteDialect).
 * Migrations run on their own PostgreSQL connection without these deadlines: one may take long.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type PostgresPool, sql } from 'kysely';
import pg from 'pg';
import { DomainError } from '../domain/domain-error.ts';
import type { MigrationReport, Store, StoreBackend } from '../domain/store-port.ts';
import { CurrentSchemaPostgresDialect } from './current-schema-dialect.ts';
import { DeadlinePool } from './deadline-pool.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import { createRepos } from './kysely-repos.ts';
import { InCodeMigrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import { translateStoreError } from './store-errors.ts';
import { parseStoreUrl, redactUrl } from './store-url.ts';

export interface OpenStoreOptions {
  /** PostgreSQL: schema to use (sets search_path); it must exist. Default: the server's default. */
  schema?: string;
  /** PostgreSQL: how long to wait for a connection, new or from the pool. Default 3000 ms. */
  connectTimeoutMs?: number;
  /** PostgreSQL: the server cancels a statement running longer (statement_timeout). Default 5000 ms; 0 = none. */
  statementTimeoutMs?: number;
  /** PostgreSQL: a query with no answer after this fails and its connection is dropped. Default 6000 ms; 0 = none. */
  queryTimeoutMs?: number;
  /** PostgreSQL: session settings for every connection, e.g. `{ statement_timeout: '5s' }`. */
  postgresSettings?: Record<string, string>;
  /** PostgreSQL: pool size. Default 10. */
  poolSize?: number;
  /** SQLite: how long a query waits for another process's write lock (asynchronously). Default 5000 ms. */
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

export const STORE_DEADLINES = Object.freeze({
  connectTimeoutMs: 3000,
  statementTimeoutMs: 5000,
  queryTimeoutMs: 6000,
  busyTimeoutMs: 5000,
  /** PostgreSQL ends a transaction our side left idle this long (its locks with it). */
  idleInTransactionMs: 30_000,
  keepAliveDelayMs: 10_000,
});

function openSqlite(file: string, memory: boolean, options: OpenStoreOptions): Kysely<Database> {
  const path = memory ? ':memory:' : resolve(file);
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  try {
    // SQLite's own busy wait would block the event loop: the dialect waits instead.
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('foreign_keys = ON');
    // WAL lets readers run beside the one writer; it also proves the file is writable now.
    if (!memory) sqlite.pragma('journal_mode = WAL');
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? STORE_DEADLINES.busyTimeoutMs;
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }, busyTimeoutMs) });
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

/** A pool with every deadline of the store, for its queries. */
function openPostgres(connectionString: string, options: OpenStoreOptions): Kysely<Database> {
  const pgOptions = postgresOptions(options);
  const statementTimeoutMs = options.statementTimeoutMs ?? STORE_DEADLINES.statementTimeoutMs;
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? STORE_DEADLINES.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: STORE_DEADLINES.keepAliveDelayMs,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    idle_in_transaction_session_timeout: STORE_DEADLINES.idleInTransactionMs,
    ...(pgOptions ? { options: pgOptions } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const queryTimeoutMs = options.queryTimeoutMs ?? STORE_DEADLINES.queryTimeoutMs;
  return kyselyOnPool(new DeadlinePool(pool, queryTimeoutMs));
}

function kyselyOnPool(pool: PostgresPool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect(new PostgresDialect({ pool })) });
}

/** One connection without the query deadlines, for migrations (one may rightly take minutes). */
function openMigrationConnection(connectionString: string, options: OpenStoreOptions): Kysely<Database> {
  const pgOptions = postgresOptions(options);
  const pool = new pg.Pool({
    connectionString,
    max: 1,
    connectionTimeoutMillis: options.connectTimeoutMs ?? STORE_DEADLINES.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: STORE_DEADLINES.keepAliveDelayMs,
    ...(pgOptions ? { options: pgOptions } : {}),
  });
  pool.on('error', () => {});
  return kyselyOnPool(pool);
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
      const migrationDb =
        location.backend === 'postgres' ? openMigrationConnection(location.connectionString, options) : db;
      try {
        if (backend === 'postgres') {
          // Name the schema: Kysely otherwise finds a migration table in any schema on the path.
          const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(migrationDb);
          migrationTableSchema = r.rows[0]?.schema;
        }
        return await migrateWith(migrationDb, backend, migrationTableSchema);
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw translateStoreError(err, 'migrate');
      } finally {
        if (migrationDb !== db) await migrationDb.destroy().catch(() => {});
      }
    },

    async ping() {
      try {
        if (backend === 'sqlite') {
          // The write lock too: SQLite reads on while another process holds it, but no one can write.
          await db.transaction().execute(async (trx) => {
            await sql`select 1`.execute(trx);
          });
        } else {
          await sql`select 1`.execute(db);
        }
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

async function migrateWith(
  db: Kysely<Database>,
  backend: StoreBackend,
  migrationTableSchema: string | undefined,
): Promise<MigrationReport> {
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
    throw new DomainError('E_STORE', `Migration failed: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
