/**
 * Web logins shared through PostgreSQL: two nodes (each its own store, services, event bus and
 * HTTP app) on one schema. A cookie issued by node A works on node B, a restarted node still
 * knows the login, and logging out on one node signs the browser out on the other, ending its
 * live stream there too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiNode, ApiNodes } from '../support/api-nodes.ts';
import { isPostgresReachable, openTestStore, type TestStore } from '../support/test-stores.ts';
import { ADMIN, ALICE, ApiClient } from './api-harness.ts';
import { SseClient } from './sse-client.ts';

const reachable = await isPostgresReachable();

describe('web logins shared by two nodes on one PostgreSQL database', {
  skip: reachable ? false : 'PostgreSQL is not reachable',
}, () => {
  let db: TestStore;
  let nodes: ApiNodes;
  const streams: SseClient[] = [];

  /** The same browser (cookie and CSRF token) pointed at another node. */
  function sameBrowserOn(node: ApiNode, browser: ApiClient): ApiClient {
    const moved = new ApiClient(node.baseUrl);
    moved.cookie = browser.cookie;
    moved.csrfToken = browser.csrfToken;
    return moved;
  }

  before(async () => {
    db = await openTestStore('postgres');
    nodes = new ApiNodes(`ws_${db.schema}`);
    await nodes.start(db.store);
    await nodes.start(await db.openAnother());
    const seed = nodes.running[0]!.services;
    await seed.agents.create({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
    await seed.agents.create({ ...ALICE, name: 'Alice Moreau' });
  });

  after(async () => {
    for (const s of streams) s.close();
    await nodes.closeAll();
    await db.close();
  });

  test('a cookie issued by node A works on node B, CSRF token included', async () => {
    const [a, b] = [nodes.running[0]!, nodes.running[1]!];
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
    const browser = new ApiClient(nodes.running[0]!.baseUrl);
    assert.equal((await browser.login(ALICE.userId, ALICE.password)).status, 200);
    await nodes.stop(nodes.running[0]!);
    const restarted = await nodes.start(await db.openAnother());
    const me = await sameBrowserOn(restarted, browser).get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.me.userId, ALICE.userId);
  });

  test('logout on one node signs out on the other and ends its live stream there', async () => {
    const [a, b] = [nodes.running[0]!, nodes.running[1]!];
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
    const [a, b] = [nodes.running[0]!, nodes.running[1]!];
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
