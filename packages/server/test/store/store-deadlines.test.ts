/**
 * No query waits for ever. PostgreSQL: the server cancels a long statement, and a query with no
 * answer at all (traffic frozen by a proxy) fails on our side and its connection is replaced.
 * SQLite: a writer waits for another process's lock without blocking the event loop, and a
 * stall fails every waiter within the busy timeout, not one after the other.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { isDomainError } from '../../src/domain/domain-error.ts';
import type { PauseCode } from '../../src/domain/pause-code.ts';
import { type OpenedStore, openStore } from '../../src/store/open-store.ts';
import { FreezableProxy } from '../support/freezable-proxy.ts';
import { adminQuery, isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';

function pauseCode(code: string): PauseCode {
  return { code, name: code, billable: false, maxSeconds: null, active: true, system: false };
}

/** The pause codes this test made (the migrations add the system ones). */
async function ownCodes(store: OpenedStore): Promise<string[]> {
  return (await store.pauseCodes.list()).filter((p) => !p.system).map((p) => p.code);
}

function unavailable(err: unknown): boolean {
  return isDomainError(err, 'E_STORE_UNAVAILABLE');
}

describe('SQLite: another process holds the write lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-busy-'));
  const file = join(dir, 'busy.sqlite');
  let store: OpenedStore;
  let holder: SqliteDatabase.Database;

  before(async () => {
    store = await openStore(`sqlite:${file}`, { migrate: true, busyTimeoutMs: 600 });
    holder = new SqliteDatabase(file);
  });
  after(async () => {
    holder.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('200 writers at once all fail with E_STORE_UNAVAILABLE within one busy timeout, not one after another', async () => {
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) => store.pauseCodes.insert(pauseCode(`P${i}`))),
      );
      const elapsed = performance.now() - started;
      assert.ok(results.every((r) => r.status === 'rejected' && unavailable(r.reason)));
      // SQLite's own busy wait would block the event loop for 600 ms per writer, one after the
      // other (two minutes); waited asynchronously, and failing at once once the lock has been
      // held for the busy timeout, they all end together. The bound leaves room for a loaded machine.
      assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
      // Reads go on beside the lock (WAL)…
      assert.deepEqual(await ownCodes(store), []);
      // …the health ping, which needs the lock, fails…
      await assert.rejects(store.ping(), unavailable);
    } finally {
      holder.exec('ROLLBACK');
    }
    // …and once the lock is let go, everything works at once.
    await store.ping();
    await store.pauseCodes.insert(pauseCode('BREAK'));
    assert.deepEqual(await ownCodes(store), ['BREAK']);
  });

  test('a stall ends when no query has met the lock for a second: a later stall gets its own wait', async () => {
    // A store of its own with a longer wait, so the lock's release below is well inside it.
    const patient = await openStore(`sqlite:${file}`, { busyTimeoutMs: 3000 });
    holder.exec('BEGIN IMMEDIATE');
    try {
      await assert.rejects(patient.pauseCodes.insert(pauseCode('X1')), unavailable);
      await new Promise((r) => setTimeout(r, 1200));
      // Still locked, but this writer starts a new stall: it waits and gets through.
      setTimeout(() => holder.exec('ROLLBACK'), 100);
      await patient.pauseCodes.insert(pauseCode('X2'));
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      await patient.close();
    }
    assert.ok((await ownCodes(store)).includes('X2'));
  });

  test('a short lock is waited out, not reported', async () => {
    const patient = await openStore(`sqlite:${file}`, { busyTimeoutMs: 5000 });
    holder.exec('BEGIN IMMEDIATE');
    setTimeout(() => holder.exec('ROLLBACK'), 100);
    try {
      await patient.pauseCodes.insert(pauseCode('LUNCH'));
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      await patient.close();
    }
    assert.ok((await ownCodes(store)).includes('LUNCH'));
  });
});

const reachable = await isPostgresReachable();

describe('PostgreSQL: statement and query deadlines', {
  skip: reachable ? false : `PostgreSQL not reachable at ${POSTGRES_URL}`,
}, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let proxy: FreezableProxy;
  let store: OpenedStore;

  before(async () => {
    await adminQuery(`create schema ${schema}`);
    const target = new URL(POSTGRES_URL);
    proxy = await FreezableProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const through = new URL(POSTGRES_URL);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    store = await openStore(through.href, {
      schema,
      poolSize: 4,
      connectTimeoutMs: 400,
      statementTimeoutMs: 300,
      queryTimeoutMs: 700,
      migrate: true,
    });
  });
  after(async () => {
    proxy.thaw();
    await store.close();
    await proxy.close();
    await adminQuery(`drop schema if exists ${schema} cascade`);
  });

  test('the server cancels a statement past statement_timeout: E_STORE_UNAVAILABLE, the connection kept', async () => {
    const started = performance.now();
    await assert.rejects(
      store.transaction(async () => {
        await sql`select pg_sleep(5)`.execute(store.db);
      }),
      unavailable,
    );
    assert.ok(performance.now() - started < 4000, 'cancelled by the server, long before the 5 s sleep');
    await store.ping();
  });

  test('frozen traffic: 100 queries at once all fail within connect + query deadlines; the pool recovers', async () => {
    await store.ping();
    proxy.freeze();
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => store.pauseCodes.list()));
    const elapsed = performance.now() - started;
    assert.ok(
      results.every((r) => r.status === 'rejected' && unavailable(r.reason)),
      JSON.stringify(results.find((r) => r.status === 'rejected' && !unavailable(r.reason))),
    );
    // Each query: at most 400 ms for a connection and 700 ms for an answer; 4 connections serve
    // 100 queries in turn, but a frozen one is dropped at its first deadline and the waits for a
    // connection are bounded too. Room for a loaded machine on top.
    assert.ok(elapsed < 8000, `took ${Math.round(elapsed)} ms`);
    await assert.rejects(store.ping(), unavailable);
    proxy.thaw();
    for (let tries = 0; ; tries++) {
      try {
        await store.ping();
        break;
      } catch (err) {
        assert.ok(tries < 50, `the pool recovers: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.deepEqual(await ownCodes(store), []);
  });
});
