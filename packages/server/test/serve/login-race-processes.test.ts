/**
 * The lockout race as it was measured against `callgate serve`: 200 callers keying wrong PINs at
 * once, each from its own caller ID, then the right PIN 50 ms later; and 100 wrong web passwords at
 * once, then the right one. Two real `callgate serve` processes share the database (PostgreSQL;
 * on SQLite two processes on one file); the calls and requests are spread over both. The PINs and
 * passwords checked are read from each process's /metrics: at most --lockout-threshold in all.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CallRecording, startCall } from '@callgate/agi/testing';
import { ApiClient } from '../http/api-harness.ts';
import { adminQuery, isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

const WAIT_MS = 60_000;
const THRESHOLD = 5;

interface Node {
  serve: ServeProcess;
  http: string;
  agi: string;
}

const children: ServeProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];

after(async () => {
  for (const c of children) {
    c.child.kill('SIGTERM');
    await c.exited(15_000);
  }
  for (const clean of cleanups) await clean();
});

async function startNode(db: string): Promise<Node> {
  const serve = startServeProcess(
    ['--db', db, '--http-port', '0', '--agi-port', '0', '--dialin-attempts', '1', '--log-level', 'warn'],
    {},
    { viaMain: true },
  );
  children.push(serve);
  const [, http = ''] = await serve.waitForStdout(/Web console {3}http:\/\/127\.0\.0\.1:(\d+)\//, WAIT_MS);
  const [, agi = ''] = await serve.waitForStdout(/FastAGI {7}agi:\/\/[^\s]*:(\d+)/, WAIT_MS);
  return { serve, http: `http://127.0.0.1:${http}`, agi: `agi://127.0.0.1:${agi}/agent-dial-in` };
}

/** The sum over both nodes of a counter of /metrics, by its label set. */
async function metric(nodes: Node[], name: string, labels: string): Promise<number> {
  let total = 0;
  for (const node of nodes) {
    const text = await (await fetch(`${node.http}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    total += line ? Number(line.split(' ').pop()) : 0;
  }
  return total;
}

function dialIn(node: Node, n: number, keys: string): Promise<CallRecording> {
  return startCall({
    url: node.agi,
    callerId: `02090${String(n).padStart(6, '0')}`,
    channel: { name: `PJSIP/trunk-${String(n).padStart(8, '0')}`, uniqueId: `1765000000.${n}` },
    caller: [{ keys }],
    whenStalled: 'hangup',
  }).done;
}

async function raceBothWays(dbFor: () => Promise<string>): Promise<void> {
  const db = await dbFor();
  const first = await startNode(db);
  const nodes = [first, await startNode(db)];
  const node = (i: number) => nodes[i % 2] as Node;

  // 200 callers for Bob (demo agent 1002, PIN 8765), each from its own caller ID, at once.
  const flood = Array.from({ length: 200 }, (_, i) => dialIn(node(i), i, `1002#${String(1000 + i)}#`));
  await sleep(50);
  const right = await dialIn(node(1), 999_999, '1002#8765#');
  const calls = await Promise.all(flood);
  const checked = await metric(nodes, 'callgate_login_secret_checks_total', 'kind="pin"');
  assert.ok(checked <= THRESHOLD, `${checked} PINs were checked`);
  assert.equal(right.variables.CALLGATE_RESULT, 'locked', 'the right PIN behind the flood is refused');
  const results = calls.map((c) => c.variables.CALLGATE_RESULT);
  assert.equal(results.filter((r) => r === 'bad_credentials').length, checked);
  assert.equal(results.filter((r) => r === 'locked').length, 200 - checked);
  assert.deepEqual(
    [...new Set(calls.map((c) => `${c.hungUpBy}/${c.error ?? 'no error'}`))],
    ['application/no error'],
    'every caller heard the refusal and was hung up by the app',
  );

  // 100 wrong web passwords for Alice (1001) at once, over both nodes, then the right one.
  const logins = Array.from({ length: 100 }, (_, i) =>
    new ApiClient(node(i).http).login('1001', `guess-${i}`),
  );
  await sleep(50);
  const rightLogin = await new ApiClient(node(0).http).login('1001', 'alice-1001');
  const statuses = (await Promise.all(logins)).map((r) => r.status);
  const passwords = await metric(nodes, 'callgate_login_secret_checks_total', 'kind="password"');
  assert.ok(passwords <= THRESHOLD, `${passwords} passwords were checked`);
  assert.equal(rightLogin.status, 423);
  assert.ok(
    statuses.every((s) => s === 401 || s === 423 || s === 429),
    statuses.join(),
  );
  // The flood never touched Alice's PIN: her dial-in still works.
  const aliceCall = await dialIn(node(1), 888_888, '1001#4321#');
  assert.equal(aliceCall.variables.CALLGATE_RESULT, 'no_session');
}

const postgres = await isPostgresReachable();

describe('the lockout race against two callgate serve processes', () => {
  test('on SQLite (two processes, one file)', { timeout: 180_000 }, async () => {
    await raceBothWays(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'callgate-race-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return `sqlite:${join(dir, 'callgate.sqlite')}`;
    });
  });

  test('on PostgreSQL', {
    timeout: 180_000,
    skip: postgres ? false : `PostgreSQL not reachable at ${POSTGRES_URL}`,
  }, async () => {
    await raceBothWays(async () => {
      const name = `callgate_race_${process.pid}_${Date.now()}`;
      await adminQuery(`create database ${name}`);
      cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`));
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return url.href;
    });
  });
});
