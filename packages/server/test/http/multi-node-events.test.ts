/**
 * Two Callgate nodes (each its own store, services, event bus and HTTP app) on one PostgreSQL
 * schema: a console served by node A sees live what node B does (a dial-in, an admin's pause),
 * through the PostgreSQL LISTEN/NOTIFY event bus.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import { apiPlugin } from '../../src/http/index.ts';
import { PostgresEventBus } from '../../src/store/index.ts';
import {
  isPostgresReachable,
  openTestStore,
  POSTGRES_URL,
  TEST_HASH_COST,
  type TestStore,
} from '../support/test-stores.ts';
import { ADMIN, ALICE, ApiClient, type JsonBody } from './api-harness.ts';
import { SseClient } from './sse-client.ts';

interface Node {
  services: Services;
  bus: PostgresEventBus;
  app: FastifyInstance;
  baseUrl: string;
}

const reachable = await isPostgresReachable();

describe('two nodes on one PostgreSQL database', {
  skip: reachable ? false : 'PostgreSQL is not reachable',
}, () => {
  let db: TestStore;
  const nodes: Node[] = [];
  const streams: SseClient[] = [];

  async function startNode(store: TestStore['store']): Promise<Node> {
    // One channel per test schema, so other test files' nodes are not heard.
    const bus = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel: `ev_${db.schema}` });
    const services = createServices({ store, events: bus, hashCost: TEST_HASH_COST });
    const app = Fastify({ logger: false });
    await app.register(apiPlugin, { services, config: { publicUrl: undefined, dialinNumber: '2345' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const node = { services, bus, app, baseUrl: `http://127.0.0.1:${port}` };
    nodes.push(node);
    return node;
  }

  before(async () => {
    db = await openTestStore('postgres');
    await startNode(db.store);
    await startNode(await db.openAnother());
    const seed = nodes[0]!.services;
    await seed.agents.create({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
    await seed.agents.create({ ...ALICE, name: 'Alice Moreau' });
    await seed.pauseCodes.create({ code: 'BREAK', name: 'Break' });
  });

  after(async () => {
    for (const s of streams) s.close();
    for (const node of nodes) {
      await node.app.close();
      await node.bus.close();
    }
    await db.close();
  });

  test("node A's console sees a dial-in handled by node B, and node B's admin action", async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
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
