/**
 * Two real `callgate serve` processes on one PostgreSQL database: a console served by node A sees
 * live a dial-in handled by node B, because live events travel through the store (LISTEN/NOTIFY).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startCall } from '@callgate/agi/testing';
import { ApiClient } from '../http/api-harness.ts';
import { SseClient } from '../http/sse-client.ts';
import { adminQuery, isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

/**
 * Every wait is bounded so a broken event path fails the test instead of hanging it; generously,
 * since two servers start through tsx (at load average 30 on 2 CPUs that took over 15 s).
 */
const WAIT_MS = 120_000;

const reachable = await isPostgresReachable();

const children: ServeProcess[] = [];
const streams: SseClient[] = [];
let created = false;

const dbName = `callgate_two_nodes_${process.pid}_${Date.now()}`;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts `callgate serve` (the real CLI entry) and reads its ports from the startup banner. */
async function startNode(dbUrl: string): Promise<{ serve: ServeProcess; httpPort: string; agiPort: string }> {
  const serve = startServeProcess(
    ['--db', dbUrl, '--http-port', '0', '--agi-port', '0'],
    {},
    { viaMain: true },
  );
  children.push(serve);
  const [, httpPort = ''] = await serve.waitForStdout(
    /Web console {3}http:\/\/127\.0\.0\.1:(\d+)\//,
    WAIT_MS,
  );
  const [, agiPort = ''] = await serve.waitForStdout(/FastAGI {7}agi:\/\/[^\s]*:(\d+)/, WAIT_MS);
  return { serve, httpPort, agiPort };
}

after(async () => {
  for (const s of streams) s.close();
  for (const c of children) {
    c.child.kill('SIGTERM');
    await c.exited(WAIT_MS);
  }
  if (created) await adminQuery(`drop database if exists ${dbName} with (force)`);
});

describe('two callgate serve processes on one PostgreSQL database', {
  skip: reachable ? false : `PostgreSQL not reachable at ${POSTGRES_URL}`,
}, () => {
  test("node A's console sees live a dial-in handled by node B", async () => {
    await adminQuery(`create database ${dbName}`);
    created = true;
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${dbName}`;

    const a = await startNode(url.href);
    assert.match(a.serve.stdout(), /Demo logins/, 'the first node seeds the demo data');
    const b = await startNode(url.href);
    assert.doesNotMatch(b.serve.stdout(), /Demo logins/, 'the second node does not seed again');

    const alice = new ApiClient(`http://127.0.0.1:${a.httpPort}`);
    assert.equal((await alice.login('1001', 'alice-1001')).status, 200);
    assert.ok(alice.csrfToken, 'login returns a CSRF token');
    const started = await alice.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(started.status, 201);
    const id = started.body.session.id;

    const stream = await SseClient.open(alice.baseUrl, alice.cookie);
    streams.push(stream);
    assert.equal(stream.status, 200);
    await stream.waitFor('session', (d) => d.session?.id === id, WAIT_MS);

    // The dial-in arrives on node B's FastAGI port.
    const call = startCall({
      url: `agi://127.0.0.1:${b.agiPort}/agent-dial-in`,
      callerId: '"Remote Alice" <5550100>',
      caller: [{ keys: '1001#4321#' }],
    });
    await withTimeout(
      call.waitFor((e) => e.type === 'app' && e.name.toLowerCase() === 'confbridge'),
      'the call to join ConfBridge on node B',
    );

    const connected = await stream.waitFor(
      'session',
      (d) => d.session?.id === id && d.session?.phoneLeg === 'connected',
      WAIT_MS,
    );
    assert.equal(connected.session.phoneLeg, 'connected');
    const onA = await alice.get('/api/agent/session');
    assert.equal(onA.status, 200);
    assert.equal(onA.body.session.phoneLeg, 'connected');

    call.hangup();
    const recording = await withTimeout(call.done, 'the call to end');
    assert.equal(recording.hungUpBy, 'caller');
    // Only a session event after the "connected" one counts: the stream's first event said 'none' too.
    const connectedAt = stream.events.findIndex((e) => e.data === connected);
    const ended = await stream.waitFor(
      'session',
      (d) =>
        d.session?.id === id &&
        d.session?.phoneLeg === 'none' &&
        stream.events.findIndex((e) => e.data === d) > connectedAt,
      WAIT_MS,
    );
    assert.equal(ended.session.phoneLeg, 'none');
  });
});
