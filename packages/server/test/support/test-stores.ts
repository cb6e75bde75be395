/**
 * Fresh, migrated stores for tests: SQLite always (in memory, or a temp file when asked), and
 * PostgreSQL when reachable (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), each in
 * its own schema that is dropped on close, since test files and engineers share that database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../src/domain/clock.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import type { DomainConfig } from '../../src/domain/domain-config.ts';
import type { OpenedStore } from '../../src/store/open-store.ts';
import { openStore } from '../../src/store/open-store.ts';

export type TestBackend = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Cheap scrypt cost for tests that hash many secrets; production keeps the default. */
export const TEST_HASH_COST = { N: 2 ** 10, r: 8, p: 1 };

let postgresReachable: Promise<boolean> | undefined;

export function isPostgresReachable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 1500 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresReachable;
}

/** The backends this run can cover; prints them once so a run shows what it covered. */
export async function testBackends(): Promise<TestBackend[]> {
  const backends: TestBackend[] = ['sqlite'];
  if (await isPostgresReachable()) backends.push('postgres');
  return backends;
}

/** Runs one statement on its own connection (creating and dropping test databases and schemas). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestStore {
  store: OpenedStore;
  backend: TestBackend;
  /** The URL (and schema, for PostgreSQL) to open more stores on the same database. */
  url: string;
  schema: string | undefined;
  /** Opens another store on the same database (not migrated). */
  openAnother(): Promise<OpenedStore>;
  /** Closes every store opened here and drops the schema / deletes the file. */
  close(): Promise<void>;
}

export interface TestStoreOptions {
  /** SQLite: use a file in a temp directory instead of memory (needed for several connections). */
  file?: boolean;
  /** Skip migrations. */
  migrate?: boolean;
}

export async function openTestStore(
  backend: TestBackend,
  options: TestStoreOptions = {},
): Promise<TestStore> {
  const opened: OpenedStore[] = [];
  let url: string;
  let schema: string | undefined;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    if (options.file) {
      const dir = mkdtempSync(join(tmpdir(), 'callgate-store-'));
      url = `sqlite:${join(dir, 'test.sqlite')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      url = 'sqlite::memory:';
      cleanup = async () => {};
    }
  } else {
    schema = `t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create schema ${schema}`);
    url = POSTGRES_URL;
    cleanup = () => adminQuery(`drop schema if exists ${schema} cascade`);
  }
  const open = async () => {
    // Tests need no durability: skipping the fsync per commit makes PostgreSQL tests several times faster.
    const s = await openStore(url, {
      ...(schema ? { schema, postgresSettings: { synchronous_commit: 'off' } } : {}),
      poolSize: 4,
    });
    opened.push(s);
    return s;
  };
  const store = await open();
  if (options.migrate !== false) await store.migrate();
  return {
    store,
    backend,
    url,
    schema,
    openAnother: open,
    async close() {
      for (const s of opened) await s.close().catch(() => {});
      await cleanup();
    },
  };
}

export interface TestServices extends TestStore {
  services: Services;
  clock: ManualClock;
}

/** A fresh migrated store with services on a manual clock and cheap hashes. */
export async function openTestServices(
  backend: TestBackend,
  options: TestStoreOptions & { config?: Partial<DomainConfig>; clock?: Clock } = {},
): Promise<TestServices> {
  const testStore = await openTestStore(backend, options);
  const clock = new ManualClock();
  const services = createServices({
    store: testStore.store,
    clock: options.clock ?? clock,
    hashCost: TEST_HASH_COST,
    ...(options.config ? { config: options.config } : {}),
  });
  return { ...testStore, services, clock };
}
