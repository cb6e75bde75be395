/**
 * Two Callgate nodes (each its own store, services, event bus and HTTP app) on one PostgreSQL
 * schema: a console served by node A sees live what node B does (a dial-in, an admin's pause),
 * through the PostgreSQL LISTEN/NOTIFY event bus.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiNodes } from '../support/api-nodes.ts';
import { isPostgresReachable, openTestStore, type TestStore } from '../support/test-stores.ts';
import { ADMIN, ALICE, ApiClient, type JsonBody } from './api-harness.ts';
import { SseClient } from './sse-client.ts';

const reachable = await isPostgresReachable();

describe('two nodes on one PostgreSQL database', {
  skip: reachable ? false : 'PostgreSQL is not reachable',
}, () => {
  let db: TestStore;
  let nodes: ApiNodes;
  const streams: SseClient[] = [];

  before(async () => {
    db = await openTestStore('postgres');
    nodes = new ApiNodes(`ev_${db.schema}`);
    await nodes.start(db.store);
    await nodes.start(await db.openAnother());
    const seed = nodes.running[0]!.services;
    await seed.agents.create({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
    await seed.agents.create({ ...ALICE, name: 'Alice Moreau' });
    await seed.pauseCodes.create({ code: 'BREAK', name: 'Break' });
  });

  after(async () => {
    for (const s of streams) s.close();
    await nodes.closeAll();
    await db.close();
  });

  test("node A's console sees a dial-in handled by node B, and node B's admin action", async () => {
    const [a, b] = [nodes.running[0]!, nodes.running[1]!];
    const alice = new ApiClient(a.baseUrl);
    assert.equal((await alice.login(ALICE.userId, ALICE.password)).status, 200);
    const adminOnB = new ApiClient(b.baseUrl);
    assert.equal((await adminOnB.login(ADMIN.userId, ADMIN.password)).status, 200);
    const adminOnA = new ApiClient(a.baseUrl);
    await adminOnA.login(ADMIN.userId, ADMIN.password);

    const agentStream = await SseClient.open(a.baseUrl, alice.cookie);
    const boardStream = await SseClient.open(a.baseUrl, adminOnA.cookie);
    streams.push(agentStream, boardStream);
    await agentStream.waitFor('session');
    await boardStream.waitFor('board');

    const started = await alice.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(started.status, 201);
    const id = started.body.session.id;

    // The dial-in arrives on node B (the FastAGI app there runs the dial-in guard).
    const outcome = await b.services.dialIn.verifyDialIn({
      userId: ALICE.userId,
      pin: ALICE.pin,
      callerId: '5550100',
      channel: 'PJSIP/trunk-b-00000001',
      uniqueid: '1700000000.42',
    });
    assert.equal(outcome.result, 'ok');
    const connected = await agentStream.waitFor('session', (d) => d.session?.phoneLeg === 'connected');
    assert.equal(connected.session.id, id);
    assert.equal(connected.session.phoneChannel, 'PJSIP/trunk-b-00000001');
    assert.ok(connected.session.phoneConnectedAt);
    await boardStream.waitFor('board', (d) =>
      d.sessions.some((s: JsonBody) => s.id === id && s.phoneLeg === 'connected'),
    );

    // An admin on node B pauses her; node A's console shows the reason.
    assert.equal((await adminOnB.post(`/api/admin/sessions/${id}/pause`, { code: 'BREAK' })).status, 200);
    const paused = await agentStream.waitFor('session', (d) => d.session?.pauseCode === 'BREAK');
    assert.equal(paused.session.pauseName, 'Break');

    // And ends it: node A's console says why.
    assert.equal((await adminOnB.delete(`/api/admin/sessions/${id}`)).status, 204);
    const ended = await agentStream.waitFor('session', (d) => d.session === null && d.lastEnded);
    assert.equal(ended.lastEnded.endReason, 'admin');
  });
});
