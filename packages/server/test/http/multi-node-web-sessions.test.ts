/**
 * Web logins shared through PostgreSQL: two nodes (each its own store, services, event bus and
 * HTTP app) on one schema. A cookie issued by node A works on node B, a restarted node still
 * knows the login, and logging out on one node signs the browser out on the other, ending its
 * live stream there too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import { apiPlugin } from '../../src/http/index.ts';
import { PostgresEventBus } from '../../src/store/index.ts';
import type { OpenedStore } from '../../src/store/open-store.ts';
import {
  isPostgresReachable,
  openTestStore,
  POSTGRES_URL,
  TEST_HASH_COST,
  type TestStore,
} from '../support/test-stores.ts';
import { ADMIN, ALICE, ApiClient } from './api-harness.ts';
import { SseClient } from './sse-client.ts';

interface Node {
  services: Services;
  bus: PostgresEventBus;
  app: FastifyInstance;
  baseUrl: string;
}

const reachable = await isPostgresReachable();

describe('web logins shared by two nodes on one PostgreSQL database', {
  skip: reachable ? false : 'PostgreSQL is not reachable',
}, () => {
  let db: TestStore;
  const nodes: Node[] = [];
  const streams: SseClient[] = [];

  async function startNode(store: OpenedStore): Promise<Node> {
    const bus = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel: `ws_${db.schema}` });
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

  async function stopNode(node: Node): Promise<void> {
    await node.app.close();
    await node.bus.close();
    nodes.splice(nodes.indexOf(node), 1);
  }

  /** The same browser (cookie and CSRF token) pointed at another node. */
  function sameBrowserOn(node: Node, browser: ApiClient): ApiClient {
    const moved = new ApiClient(node.baseUrl);
    moved.cookie = browser.cookie;
    moved.csrfToken = browser.csrfToken;
    return moved;
  }

  before(async () => {
    db = await openTestStore('postgres');
    await startNode(db.store);
    await startNode(await db.openAnother());
    const seed = nodes[0]!.services;
    await seed.agents.create({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
    await seed.agents.create({ ...ALICE, name: 'Alice Moreau' });
  });

  after(async () => {
    for (const s of streams) s.close();
    for (const node of [...nodes]) await stopNode(node);
    await db.close();
  });

  test('a cookie issued by node A works on node B, CSRF token included', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const onA = new ApiClient(a.baseUrl);
    assert.equal((await onA.login(ALICE.userId, ALICE.password)).status, 200);
    const onB = sameBrowserOn(b, onA);
    const me = await onB.get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.me.userId, ALICE.userId);
    assert.equal(me.body.csrfToken, onA.csrfToken);
    // A state change on B with the token A issued passes the CSRF check.
    const started = await onB.post('/api/agent/session', { interface: 'internal' });
    assert.equal(started.status, 201, started.text);
    assert.equal((await onB.delete('/api/agent/session')).status, 204);
    assert.equal((await onB.post('/api/agent/session', {}, { csrf: 'wrong' })).status, 403);
  });

  test('a restarted node keeps the login', async () => {
    const browser = new ApiClient(nodes[0]!.baseUrl);
    assert.equal((await browser.login(ALICE.userId, ALICE.password)).status, 200);
    await stopNode(nodes[0]!);
    const restarted = await startNode(await db.openAnother());
    const me = await sameBrowserOn(restarted, browser).get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.me.userId, ALICE.userId);
  });

  test('logout on one node signs out on the other and ends its live stream there', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const onA = new ApiClient(a.baseUrl);
    assert.equal((await onA.login(ALICE.userId, ALICE.password)).status, 200);
    const onB = sameBrowserOn(b, onA);
    const stream = await SseClient.open(b.baseUrl, onB.cookie);
    streams.push(stream);
    assert.equal(stream.status, 200);
    await stream.waitFor('session');

    assert.equal((await onA.post('/api/logout')).status, 204);
    assert.equal((await onB.get('/api/me')).status, 401);
    await stream.waitForEnd();
  });

  test("an admin's password change on node B signs the agent out on node A", async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const alice = new ApiClient(a.baseUrl);
    assert.equal((await alice.login(ALICE.userId, ALICE.password)).status, 200);
    const admin = new ApiClient(b.baseUrl);
    assert.equal((await admin.login(ADMIN.userId, ADMIN.password)).status, 200);
    const agent = await b.services.agents.findByUserId(ALICE.userId);
    const changed = await admin.post(`/api/admin/agents/${agent!.id}/password`, {
      password: 'alice-new-pass',
    });
    assert.equal(changed.status, 204);
    assert.equal((await alice.get('/api/me')).status, 401);
    assert.equal((await admin.get('/api/me')).status, 200);
  });
});
