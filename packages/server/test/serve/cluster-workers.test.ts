/**
 * `callgate serve --workers 2` on PostgreSQL: two worker processes share the FastAGI and HTTP
 * ports, worker 1 alone seeds and prints the banner, a worker that dies is started again, a
 * SIGTERM to the primary drains them all and exits 0. SQLite refuses more than one worker.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import { simulateCall } from '@callgate/agi/testing';
import { adminQuery, isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

// Three processes start one after the other through tsx (primary, worker 1, worker 2): on a busy
// 2-CPU machine (load average 9 to 11) that took more than 30 s. No deadline is under test here.
const WAIT_MS = 120_000;
const reachable = await isPostgresReachable();
const dbName = `callgate_cluster_${process.pid}_${Date.now()}`;
let created = false;
const children: ServeProcess[] = [];

/** Which worker answers /healthz on a fresh connection each time (the cluster deals them out). */
async function workersAnswering(httpPort: string, tries: number): Promise<Set<number>> {
  const seen = new Set<number>();
  for (let i = 0; i < tries; i++) {
    const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`, { headers: { connection: 'close' } });
    const body = (await res.json()) as { status: string; worker?: number };
    assert.equal(body.status, 'ok');
    if (body.worker !== undefined) seen.add(body.worker);
  }
  return seen;
}

function pidsOfWorkers(serve: ServeProcess): number[] {
  const m = serve.stdout().match(/Workers {6}2 processes share the ports \(pids (\d+), (\d+)\)/);
  return m ? [Number(m[1]), Number(m[2])] : [];
}

after(async () => {
  for (const c of children) {
    c.child.kill('SIGKILL');
    await c.exited(WAIT_MS);
  }
  if (created) await adminQuery(`drop database if exists ${dbName} with (force)`);
});

describe('callgate serve --workers', () => {
  test('SQLite refuses several workers with one line naming the flag', async () => {
    const serve = startServeProcess(['--db', 'sqlite::memory:', '--workers', '2'], {}, { viaMain: true });
    children.push(serve);
    assert.equal(await serve.exited(WAIT_MS), 2);
    assert.match(serve.stderr(), /invalid --workers 2: expected 1 with SQLite .*PostgreSQL/);
  });

  test('a worker that cannot start (its port is taken) stops the server with exit code 1', {
    skip: reachable ? false : `PostgreSQL not reachable at ${POSTGRES_URL}`,
  }, async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const serve = startServeProcess(
        ['--db', POSTGRES_URL, '--http-port', String(port), '--agi-port', '0', '--workers', '2', '--no-seed'],
        {},
        { viaMain: true },
      );
      children.push(serve);
      assert.equal(await serve.exited(WAIT_MS), 1, 'not 0: nothing is serving');
      assert.match(serve.stderr(), /worker failed to start: stopping/);
    } finally {
      taken.close();
    }
  });

  test('two workers share the ports; a dead one is replaced; SIGTERM drains all and exits 0', {
    skip: reachable ? false : `PostgreSQL not reachable at ${POSTGRES_URL}`,
  }, async () => {
    await adminQuery(`create database ${dbName}`);
    created = true;
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${dbName}`;
    const serve = startServeProcess(
      ['--db', url.href, '--http-port', '0', '--agi-port', '0', '--workers', '2'],
      {},
      { viaMain: true },
    );
    children.push(serve);
    await serve.waitForStdout(/Workers {6}2 processes/, WAIT_MS);
    const out = serve.stdout();
    assert.equal(out.match(/Callgate is running/g)?.length, 1, 'one banner, from worker 1');
    assert.equal(out.match(/Demo logins/g)?.length, 1, 'the demo data seeded once');
    const [, httpPort = ''] = out.match(/Web console {3}http:\/\/127\.0\.0\.1:(\d+)\//) ?? [];
    const [, agiPort = ''] = out.match(/FastAGI {7}agi:\/\/[^\s]*:(\d+)/) ?? [];

    assert.deepEqual([...(await workersAnswering(httpPort, 20))].sort(), [1, 2], 'both workers answer');
    // A FastAGI call on the shared port: the dial-in app answers it from whichever worker.
    const call = await simulateCall({
      url: `agi://127.0.0.1:${agiPort}/agent-dial-in`,
      caller: [{ keys: '1001#4321#' }],
    });
    assert.equal(call.variables.CALLGATE_RESULT, 'no_session', 'a real app answered on the shared port');

    const [first = 0] = pidsOfWorkers(serve);
    process.kill(first, 'SIGKILL');
    await serve.waitForStdout(/$^/m, 1).catch(() => {}); // let the primary notice
    const deadline = Date.now() + WAIT_MS;
    while (!serve.stderr().includes('worker died: starting another')) {
      assert.ok(Date.now() < deadline, 'the primary noticed the dead worker');
      await new Promise((r) => setTimeout(r, 100));
    }
    let both = new Set<number>();
    while (both.size < 2 && Date.now() < deadline) {
      both = await workersAnswering(httpPort, 10);
      if (both.size < 2) await new Promise((r) => setTimeout(r, 300));
    }
    assert.deepEqual([...both].sort(), [1, 2], 'the replacement serves again');

    serve.child.kill('SIGTERM');
    assert.equal(await serve.exited(WAIT_MS), 0, 'the primary exits 0 once its workers drained');
    for (const pid of pidsOfWorkers(serve)) {
      assert.throws(() => process.kill(pid, 0), 'no worker outlives the primary');
    }
  });
});
