/**
 * A stalled database — the connection open, nothing answering — must not hang callers or
 * requests: the dial-in caller hears the apology and an API request gets 503 within 10 s,
 * `/healthz` says 503 within 2 s, and everything works again once the database answers.
 * PostgreSQL stalls behind a TCP proxy that freezes its traffic; SQLite's stall is another
 * process holding the write lock.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCall } from '@callgate/agi/testing';
import SqliteDatabase from 'better-sqlite3';
import { resolveDialInSettings } from '../../src/apps/index.ts';
import { parseServeConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { type RunningCallgate, startCallgate } from '../../src/runtime/start-callgate.ts';
import { ApiClient } from '../http/api-harness.ts';
import { FreezableProxy } from '../support/freezable-proxy.ts';
import { adminQuery, isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';

const logger = createLogger({ level: 'silent' });

/** The limits of the issue: a caller or a request answered within 10 s, /healthz within 2 s. */
const ANSWER_WITHIN_MS = 10_000;
const HEALTH_WITHIN_MS = 2000;

async function start(db: string): Promise<RunningCallgate> {
  const config = parseServeConfig(
    ['--db', db, '--agi-port', '0', '--http-port', '0', '--sweep-interval-sec', '3600'],
    {},
  );
  return startCallgate({ config, logger });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function healthStatus(running: RunningCallgate): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${running.httpPort}/healthz`);
  await res.text();
  return res.status;
}

/** Until `/healthz` says 200 again (the store recovered), at most `limitMs`. */
async function recovered(running: RunningCallgate, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while ((await healthStatus(running)) !== 200) {
    assert.ok(Date.now() < deadline, 'the store recovers once the database answers');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * One dial-in (1001 keys ID and PIN) while the database is stalled: resolves with what the
 * caller heard and how long after the call started the apology began.
 */
async function dialInDuringStall(
  running: RunningCallgate,
): Promise<{ prompts: string[]; apologyAfterMs: number }> {
  const apology = resolveDialInSettings(running.config.dialIn).prompts.apology;
  const started = performance.now();
  const call = startCall({
    url: `agi://127.0.0.1:${running.agiPort}/agent-dial-in`,
    caller: [{ keys: '1001#4321#' }],
  });
  await call.waitFor((e) => e.type === 'prompt' && e.file === apology);
  const apologyAfterMs = performance.now() - started;
  const recording = await call.done;
  return { prompts: recording.prompts.map((p) => p.file), apologyAfterMs };
}

function assertStallHandled(
  results: {
    dialIn: { prompts: string[]; apologyAfterMs: number };
    request: { value: number; ms: number };
    health: { value: number; ms: number };
  },
  running: RunningCallgate,
): void {
  const apology = resolveDialInSettings(running.config.dialIn).prompts.apology;
  assert.ok(
    results.dialIn.prompts.includes(apology),
    `the caller heard ${results.dialIn.prompts.join(', ')}`,
  );
  assert.ok(
    results.dialIn.apologyAfterMs < ANSWER_WITHIN_MS,
    `the apology began ${Math.round(results.dialIn.apologyAfterMs)} ms into the call`,
  );
  assert.equal(results.request.value, 503);
  assert.ok(results.request.ms < ANSWER_WITHIN_MS, `the request took ${Math.round(results.request.ms)} ms`);
  assert.equal(results.health.value, 503);
  assert.ok(results.health.ms < HEALTH_WITHIN_MS, `/healthz took ${Math.round(results.health.ms)} ms`);
}

describe('a stalled database, SQLite: another process holds the write lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-stall-'));
  const file = join(dir, 'callgate.sqlite');
  let running: RunningCallgate;
  let holder: SqliteDatabase.Database;

  before(async () => {
    running = await start(`sqlite:${file}`);
    holder = new SqliteDatabase(file);
  });
  after(async () => {
    holder.close();
    await running.stop('test over');
    rmSync(dir, { recursive: true, force: true });
  });

  test('caller apology and 503 within 10 s, /healthz 503 within 2 s, all well once the lock goes', async () => {
    const client = new ApiClient(`http://127.0.0.1:${running.httpPort}`);
    holder.exec('BEGIN IMMEDIATE');
    const [dialIn, request, health] = await Promise.all([
      dialInDuringStall(running),
      timed(async () => (await client.login('1002', 'bob-1002')).status),
      timed(() => healthStatus(running)),
    ]);
    assertStallHandled({ dialIn, request, health }, running);

    holder.exec('ROLLBACK');
    await recovered(running);
    assert.equal((await client.login('1002', 'bob-1002')).status, 200);
  });
});

const reachable = await isPostgresReachable();

describe('a stalled database, PostgreSQL: its traffic frozen by a proxy', {
  skip: reachable ? false : `PostgreSQL not reachable at ${POSTGRES_URL}`,
}, () => {
  const dbName = `callgate_stall_${process.pid}_${Date.now()}`;
  let proxy: FreezableProxy;
  let running: RunningCallgate | undefined;

  before(async () => {
    await adminQuery(`create database ${dbName}`);
    const target = new URL(POSTGRES_URL);
    proxy = await FreezableProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const through = new URL(POSTGRES_URL);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    through.pathname = `/${dbName}`;
    running = await start(through.href);
  });
  after(async () => {
    proxy?.thaw();
    await running?.stop('test over');
    await proxy?.close();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  });

  test('caller apology and 503 within 10 s, /healthz 503 within 2 s, the pool recovers after', async () => {
    assert.ok(running);
    const client = new ApiClient(`http://127.0.0.1:${running.httpPort}`);
    assert.equal((await client.login('1001', 'alice-1001')).status, 200);
    proxy.freeze();
    const [dialIn, request, health] = await Promise.all([
      dialInDuringStall(running),
      timed(async () => (await client.get('/api/agent/session')).status),
      timed(() => healthStatus(running as RunningCallgate)),
    ]);
    assertStallHandled({ dialIn, request, health }, running);

    proxy.thaw();
    await recovered(running);
    assert.equal((await client.get('/api/agent/session')).status, 200);
  });
});
