/**
 * A node killed (SIGKILL) while a dial-in is in its conference leaves the session's phone leg
 * `connected` in the database with no call behind it. Restarted with the same --node-id it releases
 * that leg as it starts; and if it does not come back, another node releases it once the dead one
 * has been silent for three sweeps.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCall } from '@callgate/agi/testing';
import { ApiClient } from '../http/api-harness.ts';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

const WAIT_MS = 30_000;
const children: ServeProcess[] = [];
const dirs: string[] = [];

after(async () => {
  for (const c of children) {
    c.child.kill('SIGKILL');
    await c.exited(5000);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Node {
  serve: ServeProcess;
  http: string;
  agi: string;
}

async function startNode(db: string, nodeId: string): Promise<Node> {
  const serve = startServeProcess(
    ['--db', db, '--http-port', '0', '--agi-port', '0', '--node-id', nodeId, '--sweep-interval-sec', '1'],
    {},
    { viaMain: true },
  );
  children.push(serve);
  const [, http = ''] = await serve.waitForStdout(/Web console {3}http:\/\/127\.0\.0\.1:(\d+)\//, WAIT_MS);
  const [, agi = ''] = await serve.waitForStdout(/FastAGI {7}agi:\/\/[^\s]*:(\d+)/, WAIT_MS);
  return { serve, http: `http://127.0.0.1:${http}`, agi: `agi://127.0.0.1:${agi}/agent-dial-in` };
}

function freshDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-legs-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'callgate.sqlite')}`;
}

/** Alice opens a dial-in session on `web` and calls in on `agi`; resolves once she is in the room. */
async function aliceInConference(web: Node, agi: Node): Promise<ApiClient> {
  const alice = new ApiClient(web.http);
  assert.equal((await alice.login('1001', 'alice-1001')).status, 200);
  assert.equal((await alice.post('/api/agent/session', { interface: 'dialin' })).status, 201);
  const call = startCall({
    url: agi.agi,
    callerId: '07700900123',
    channel: { name: 'PJSIP/trunk-00000001', uniqueId: '1765000200.1' },
    caller: [{ keys: '1001#4321#' }],
  });
  await call.waitFor((e) => e.type === 'app' && e.name.toLowerCase() === 'confbridge');
  assert.equal((await alice.get('/api/agent/session')).body.session.phoneLeg, 'connected');
  return alice;
}

async function kill(node: Node): Promise<void> {
  node.serve.child.kill('SIGKILL');
  assert.equal(await node.serve.exited(WAIT_MS), 'SIGKILL');
}

async function waitForLeg(client: ApiClient, leg: string, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    const session = (await client.get('/api/agent/session')).body.session;
    if (session?.phoneLeg === leg) return Date.now() - started;
    await sleep(200);
  }
  throw new Error(`the phone leg did not become ${leg} within ${withinMs} ms`);
}

describe('phone legs after a node is killed', () => {
  test('restarted with the same --node-id, the node releases the leg its dead call held', async () => {
    const db = freshDb();
    const a = await startNode(db, 'node-a');
    await aliceInConference(a, a);
    await kill(a);

    const again = await startNode(db, 'node-a');
    const alice = new ApiClient(again.http);
    assert.equal((await alice.login('1001', 'alice-1001')).status, 200);
    // Released while starting: the first read after the banner already says so.
    assert.equal((await alice.get('/api/agent/session')).body.session.phoneLeg, 'none');
    assert.match(again.serve.stderr(), /released a phone leg held by this node before its start/);
  });

  test('a node that does not come back: another node releases its legs after three silent sweeps', async () => {
    const db = freshDb();
    const a = await startNode(db, 'node-a');
    const b = await startNode(db, 'node-b');
    const alice = await aliceInConference(b, a);
    await kill(a);
    // Stale after max(5 s, 3 sweeps of 1 s): released by node B within a few sweeps after that.
    await waitForLeg(alice, 'none', 20_000);
    assert.match(b.serve.stderr(), /"reason":"node_gone"/);
  });
});
