import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type PostgresDialect,
  type QueryCompiler,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

/**
 * PostgreSQL as Kysely's own dialect, but introspecting the current schema only.
 *
 * Kysely's introspector lists the tables of every schema in the database. It also names each one
 * in function calls (`pg_get_serial_sequence`, `has_schema_privilege`), so a schema that someone
 * else drops meanwhile fails the query with `schema "…" does not exist`. That someone can be
 * another Callgate database in the same cluster, or a test run. The migrator is the only user of
 * introspection here, and it asks about its own tables, which live in the current schema.
 */
export class CurrentSchemaPostgresDialect implements Dialect {
  readonly #dialect: PostgresDialect;

  constructor(dialect: PostgresDialect) {
    this.#dialect = dialect;
  }

  createDriver(): Driver {
    return this.#dialect.createDriver();
  }

  createQueryCompiler(): QueryCompiler {
    return this.#dialect.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.#dialect.createAdapter();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface takes any database
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

interface ColumnRow {
  table_name: string;
  table_schema: string;
  table_type: string;
  column_name: string | null;
  data_type: string | null;
  is_nullable: string | null;
  column_default: string | null;
  is_identity: string | null;
}

/** Kysely's own tables (kysely_migration, kysely_migration_lock) are left out unless asked for. */
const KYSELY_TABLE = /^kysely_/;

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: queries the catalog, not the application schema
  readonly #db: Kysely<any>;

  // biome-ignore lint/suspicious/noExplicitAny: see above
  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    // Names only, read from the catalog: nothing here looks a schema up by name.
    const rows = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(
      this.#db,
    );
    return rows.rows.map((r) => ({ name: r.name }));
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    // information_schema shows only what the current user may use, and filters by the schema
    // name as data: a concurrent drop elsewhere cannot fail it.
    const rows = await sql<ColumnRow>`
      select t.table_name, t.table_schema, t.table_type, c.column_name, c.data_type, c.is_nullable,
             c.column_default, c.is_identity
      from information_schema.tables t
      left join information_schema.columns c
        on c.table_schema = t.table_schema and c.table_name = t.table_name
      where t.table_schema = current_schema() and t.table_type in ('BASE TABLE', 'VIEW')
      order by t.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows.rows) {
      if (!options.withInternalKyselyTables && KYSELY_TABLE.test(row.table_name)) continue;
      let table = tables.get(row.table_name);
      if (!table) {
        table = {
          name: row.table_name,
          schema: row.table_schema,
          isView: row.table_type === 'VIEW',
          columns: [],
        };
        tables.set(row.table_name, table);
      }
      if (row.column_name === null) continue;
      table.columns.push({
        name: row.column_name,
        dataType: row.data_type ?? '',
        isNullable: row.is_nullable === 'YES',
        hasDefaultValue: row.column_default !== null,
        isAutoIncrementing: row.is_identity === 'YES' || (row.column_default ?? '').startsWith('nextval('),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
