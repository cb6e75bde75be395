/**
 * Kysely's SQLite dialect, changed so several processes can share one file without one of them
 * stalling the others' whole process:
 * - transactions open with `begin immediate`: a plain `begin` takes the write lock only at the
 *   first write, so two processes that both read first deadlock into SQLITE_BUSY; `immediate`
 *   takes it up front and writers queue behind the busy wait instead;
 * - the busy wait is asynchronous. better-sqlite3 is synchronous, so SQLite's own busy_timeout
 *   would freeze the event loop — every call, every HTTP request, `/healthz` — for as long as
 *   another process holds the lock. Here SQLite gives up at once (busy_timeout 0) and the
 *   statement is tried again after a short sleep, until `busyTimeoutMs` after the query asked for
 *   the connection (the wait for the connection itself included); then SQLITE_BUSY is thrown,
 *   which the store reports as E_STORE_UNAVAILABLE. The one connection serves queries in turn,
 *   so each query waiting its full time after the one before it would add up: once the lock has
 *   been held against us for `busyTimeoutMs` (queries kept meeting SQLITE_BUSY, and no write got
 *   through), every query that meets it fails at once, until a write gets through again or no
 *   query has met it for a second (a new stall then starts its own wait);
 * - migrations run in a transaction (SQLite's DDL is transactional; Kysely assumes it is not and
 *   then has no lock at all), so two processes migrating at once apply each migration once.
 */
import type {
  CompiledQuery as CompiledQueryType,
  DatabaseConnection,
  DialectAdapter,
  Driver,
  QueryResult,
} from 'kysely';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';

export type SqliteDialectConfig = ConstructorParameters<typeof SqliteDialect>[0];

/** Sleeps between tries: short at first (most locks are held for a millisecond), then 50 ms. */
const RETRY_SLEEPS_MS = [1, 2, 5, 10, 20, 50];

/** Statements that take the write lock: their success means another process no longer holds it. */
const TAKES_WRITE_LOCK = /^\s*(begin\s+immediate|insert|update|delete|replace|create|drop|alter)\b/i;

/** A gap without SQLITE_BUSY this long ends a stall: the next one is a new one. */
const STALL_GAP_MS = 1000;

/** Since when the write lock has been held against this store: shared by its queries. */
class LockStall {
  since: number | undefined;
  lastBusyAt = 0;

  /** Records a SQLITE_BUSY at `now`; returns when the stall it belongs to began. */
  busyAt(now: number): number {
    if (this.since === undefined || now - this.lastBusyAt > STALL_GAP_MS) this.since = now;
    this.lastBusyAt = now;
    return this.since;
  }
}

class BusyWaitingSqliteDriver extends SqliteDriver {
  readonly #busyTimeoutMs: number;
  readonly #stall = new LockStall();

  constructor(config: SqliteDialectConfig, busyTimeoutMs: number) {
    super(config);
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    // The deadline counts from here, the wait for the connection included.
    const deadline = performance.now() + this.#busyTimeoutMs;
    const connection = await super.acquireConnection();
    return new BusyWaitingConnection(connection, deadline, this.#busyTimeoutMs, this.#stall);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class BusyWaitingConnection implements DatabaseConnection {
  readonly #connection: DatabaseConnection;
  readonly #deadline: number;
  readonly #busyTimeoutMs: number;
  readonly #stall: LockStall;

  constructor(connection: DatabaseConnection, deadline: number, busyTimeoutMs: number, stall: LockStall) {
    this.#connection = connection;
    this.#deadline = deadline;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#stall = stall;
  }

  async executeQuery<R>(compiledQuery: CompiledQueryType): Promise<QueryResult<R>> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.#connection.executeQuery<R>(compiledQuery);
        if (TAKES_WRITE_LOCK.test(compiledQuery.sql)) this.#stall.since = undefined;
        return result;
      } catch (err) {
        if (!isBusy(err)) throw err;
        const now = performance.now();
        const stalledSince = this.#stall.busyAt(now);
        const left = Math.min(this.#deadline, stalledSince + this.#busyTimeoutMs) - now;
        if (left <= 0) throw err;
        const sleep = RETRY_SLEEPS_MS[Math.min(attempt, RETRY_SLEEPS_MS.length - 1)] ?? 50;
        await new Promise((resolve) => setTimeout(resolve, Math.min(sleep, left)));
      }
    }
  }

  streamQuery<R>(
    compiledQuery: CompiledQueryType,
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    return this.#connection.streamQuery<R>(compiledQuery, chunkSize);
  }
}

/**
 * SQLITE_BUSY and its extended codes, except BUSY_SNAPSHOT: a read transaction that saw an old
 * snapshot cannot go on by trying again, only by starting over.
 */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY') && code !== 'SQLITE_BUSY_SNAPSHOT';
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #busyTimeoutMs: number;

  /** The database's own busy_timeout must be 0: the wait is done here, without blocking. */
  constructor(config: SqliteDialectConfig, busyTimeoutMs: number) {
    super(config);
    this.#config = config;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override createDriver(): Driver {
    return new BusyWaitingSqliteDriver(this.#config, this.#busyTimeoutMs);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
