/**
 * Migration 0005: contacts can be disabled (a disabled office number no longer lets anyone dial
 * in). Existing contacts stay enabled. Never edit it once shipped; add the next migration.
 */
import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export function contactsEnabledMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('contacts')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  };
}
