/**
 * Kysely's SQLite dialect, changed in two ways so several processes can share one file:
 * - transactions open with `begin immediate`: a plain `begin` takes the write lock only at the
 *   first write, so two processes that both read first deadlock into SQLITE_BUSY; `immediate`
 *   takes it up front and writers queue behind the busy timeout instead;
 * - migrations run in a transaction (SQLite's DDL is transactional; Kysely assumes it is not and
 *   then has no lock at all), so two processes migrating at once apply each migration once.
 */
import type { DatabaseConnection, DialectAdapter, Driver } from 'kysely';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
