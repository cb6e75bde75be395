/**
 * Migrating a PostgreSQL schema must not depend on the other schemas of the database: Kysely's own
 * introspector read them all, so a schema dropped meanwhile (by another test file, another
 * database in the cluster) failed the migration with `schema "…" does not exist`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { isPostgresReachable, openTestStore, POSTGRES_URL } from '../support/test-stores.ts';

const reachable = await isPostgresReachable();
const skip = reachable ? false : 'PostgreSQL is not reachable at 127.0.0.1:5432';
if (skip) console.log(`postgres introspection: skipped (${skip})`);

test('introspection sees the tables of the current schema only, with their columns', { skip }, async () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const other = `t_other_${randomBytes(5).toString('hex')}`;
  const t = await openTestStore('postgres');
  try {
    await admin.query(`create schema ${other}; create table ${other}.elsewhere (id serial primary key)`);
    const tables = await t.store.db.introspection.getTables();
    const names = tables.map((table) => table.name);
    assert.ok(names.includes('agents'), `the store's own tables are listed: ${names.join(', ')}`);
    assert.ok(!names.includes('elsewhere'), 'a table of another schema is not');
    assert.ok(!names.some((n) => n.startsWith('kysely_')), "Kysely's tables only when asked for");
    assert.ok(
      (await t.store.db.introspection.getTables({ withInternalKyselyTables: true })).some(
        (table) => table.name === 'kysely_migration',
      ),
      "Kysely's migration table when asked for",
    );
    assert.ok(tables.every((table) => table.schema === t.schema));
    const id = tables.find((table) => table.name === 'agents')?.columns.find((c) => c.name === 'id');
    assert.deepEqual(
      id && [id.isAutoIncrementing, id.isNullable, id.hasDefaultValue],
      [true, false, true],
      'agents.id is a serial, not null, with a default',
    );
  } finally {
    await t.close();
    await admin.query(`drop schema if exists ${other} cascade`);
    await admin.end();
  }
});

test('migrations succeed while other schemas are created and dropped beside them', { skip }, async () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  let churning = true;
  let churned = 0;
  // Schemas with many columns keep Kysely's old all-schema query long enough to meet a drop.
  const churn = (async () => {
    while (churning) {
      const s = `t_churn_${randomBytes(5).toString('hex')}`;
      const tables = Array.from(
        { length: 20 },
        (_, i) => `create table ${s}.t${i} (id serial primary key, x text)`,
      );
      await admin.query(`create schema ${s}; ${tables.join('; ')}`);
      await admin.query(`drop schema ${s} cascade`);
      churned++;
    }
  })();
  const failures: string[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const t = await openTestStore('postgres', { migrate: false });
      try {
        await t.store.migrate();
      } catch (error) {
        failures.push((error as Error).message);
      } finally {
        await t.close();
      }
    }
  } finally {
    churning = false;
    await churn;
    await admin.end();
  }
  assert.ok(churned > 0, 'other schemas were dropped during the migrations');
  assert.deepEqual(failures, [], 'no migration failed');
});
