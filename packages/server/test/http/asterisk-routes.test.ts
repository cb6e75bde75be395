/**
 * Asterisk control through the API: "call me again", the AMI status (route and live event), the
 * session's last phone-leg attempt, and agents' queues. With AMI: the real composition root
 * (`startCallgate`, SQLite in memory, demo data) against the fake AMI server over loopback.
 * Without: the API plugin given no Asterisk access behaves as `off`.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import type { AsteriskPort } from '../../src/http/asterisk-port.ts';
import type { AsteriskAccess } from '../../src/runtime/start-asterisk.ts';
import type { RunningCallgate } from '../../src/runtime/start-callgate.ts';
import { FAKE_AMI_LOGIN, startCallgateOnFakeAmi } from '../support/callgate-on-fake-ami.ts';
import { ALICE, ApiClient, type ApiHarness, openApiHarness } from './api-harness.ts';
import { SseClient } from './sse-client.ts';

// The runtime's access is what `callgate serve` hands the plugin: it must fit the API's port.
const fits = (access: AsteriskAccess): AsteriskPort => access;
void fits;

describe('Asterisk routes without Asterisk access', () => {
  let h: ApiHarness;
  before(async () => {
    h = await openApiHarness();
  });
  after(() => h.close());

  test('status is off, "call me again" is 409, sessions have no leg attempt, queues cannot be set', async () => {
    const alice = await h.loginAs(ALICE);
    assert.deepEqual((await alice.get('/api/status')).body, { asterisk: 'off' });
    const started = await alice.post('/api/agent/session', { interface: 'internal' });
    assert.equal(started.status, 201);
    assert.equal(started.body.session.lastLegAttempt, null);
    const again = await alice.post('/api/agent/session/call-again');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'E_STATE');
    await alice.delete('/api/agent/session');

    const admin = await h.loginAs({ userId: '9000', password: 'admin-pass-9000' });
    assert.deepEqual((await admin.get(`/api/admin/agents/${h.alice.id}/queues`)).body, { queues: [] });
    const put = await admin.request('PUT', `/api/admin/agents/${h.alice.id}/queues`, { queues: ['sales'] });
    assert.equal(put.status, 409);
    assert.equal(put.body.error.code, 'E_STATE');
  });

  test('without a login the status is 401', async () => {
    assert.equal((await h.client().get('/api/status')).status, 401);
  });
});

describe('Asterisk routes with AMI (fake Asterisk over loopback)', () => {
  let fake: FakeAmiServer;
  let running: RunningCallgate;
  let baseUrl: string;
  const SUPERVISOR = { userId: '9100', password: 'super-pass-9100' };

  async function signIn(who: { userId: string; password: string }): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const response = await client.login(who.userId, who.password);
    assert.equal(response.status, 200, response.text);
    return client;
  }
  const alice = () => signIn({ userId: '1001', password: 'alice-1001' });
  const bob = () => signIn({ userId: '1002', password: 'bob-1002' });
  function admin(): Promise<ApiClient> {
    const login = running.demoLogins.find((l) => l.role === 'admin');
    assert.ok(login?.password);
    return signIn({ userId: login.userId, password: login.password });
  }
  async function aliceId(): Promise<number> {
    const agent = await running.services.agents.findByUserId('1001');
    assert.ok(agent);
    return agent.id;
  }
  async function endOpenSessions(): Promise<void> {
    for (const s of await running.services.sessions.listOpen()) await running.services.sessions.end(s.id);
    await running.asterisk.calls?.idle();
  }

  before(async () => {
    fake = await FakeAmiServer.start(FAKE_AMI_LOGIN);
    fake.addQueue('sales');
    running = await startCallgateOnFakeAmi(fake);
    baseUrl = `http://127.0.0.1:${running.httpPort}`;
    await running.services.agents.create({ ...SUPERVISOR, name: 'Sam Supervisor', role: 'supervisor' });
  });
  after(async () => {
    await running.stop('test over');
    await fake.close();
  });

  test('a busy phone shows as the last attempt; "call me again" then connects', async () => {
    await endOpenSessions();
    fake.defaultOriginate = { outcome: 'busy' };
    const client = await alice();
    assert.deepEqual((await client.get('/api/status')).body, { asterisk: 'connected' });
    const started = await client.post('/api/agent/session', { interface: 'internal' });
    assert.equal(started.status, 201);
    await running.asterisk.calls?.idle();

    const failed = (await client.get('/api/agent/session')).body.session;
    assert.equal(failed.phoneLeg, 'none');
    assert.equal(failed.lastLegAttempt.status, 'failed');
    assert.equal(failed.lastLegAttempt.reason, 'busy');
    assert.ok(failed.lastLegAttempt.endedAt);

    fake.defaultOriginate = { outcome: 'answer' };
    const again = await client.post('/api/agent/session/call-again');
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body.outcome, { status: 'connected' });
    assert.equal(again.body.session.phoneLeg, 'connected');
    assert.equal(again.body.session.lastLegAttempt.status, 'connected');
    assert.equal(fake.actionsNamed('Originate').at(-1)?.message.get('Channel'), 'PJSIP/1001');

    // A leg that is up is not called again.
    const twice = await client.post('/api/agent/session/call-again');
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'E_STATE');
    await client.delete('/api/agent/session');
  });

  test('"call me again" that finds the phone busy answers the failure and its reason', async () => {
    await endOpenSessions();
    fake.defaultOriginate = { outcome: 'noanswer' };
    const client = await alice();
    await client.post('/api/agent/session', { interface: 'internal' });
    await running.asterisk.calls?.idle();
    fake.defaultOriginate = { outcome: 'busy' };
    const originates = fake.actionsNamed('Originate').length;
    const again = await client.post('/api/agent/session/call-again');
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.outcome.status, 'failed');
    assert.equal(again.body.outcome.reason, 'busy');
    assert.equal(again.body.session.phoneLeg, 'none');
    assert.equal(again.body.session.lastLegAttempt.reason, 'busy');
    assert.equal(fake.actionsNamed('Originate').length, originates + 1);
    fake.defaultOriginate = { outcome: 'answer' };
    await client.delete('/api/agent/session');
  });

  test('only the caller’s own session, only with the CSRF token, never for dial-in', async () => {
    await endOpenSessions();
    fake.defaultOriginate = { outcome: 'busy' };
    const a = await alice();
    await a.post('/api/agent/session', { interface: 'internal' });
    await running.asterisk.calls?.idle();
    const originates = fake.actionsNamed('Originate').length;

    // Bob has no session of his own; the route takes no session id, so Alice's is out of reach.
    const b = await bob();
    const other = await b.post('/api/agent/session/call-again');
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'E_NOT_FOUND');
    const withId = await b.post('/api/agent/session/call-again', { sessionId: 1 });
    assert.equal(withId.status, 400);

    const noCsrf = await a.post('/api/agent/session/call-again', {}, { csrf: false });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.error.code, 'E_CSRF');
    const signedOut = await new ApiClient(baseUrl).post('/api/agent/session/call-again');
    assert.equal(signedOut.status, 401);
    assert.equal(fake.actionsNamed('Originate').length, originates, 'nothing was called');
    await a.delete('/api/agent/session');

    const dialIn = await a.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(dialIn.status, 201);
    assert.equal(dialIn.body.session.lastLegAttempt, null);
    const refused = await a.post('/api/agent/session/call-again');
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'E_VALIDATION');
    assert.ok(refused.body.error.fields.interface);
    await a.delete('/api/agent/session');
    fake.defaultOriginate = { outcome: 'answer' };
  });

  test('AMI going down is an asterisk event; "call me again" meanwhile fails as Asterisk unreachable', async () => {
    await endOpenSessions();
    const a = await alice();
    await a.post('/api/agent/session', { interface: 'internal' });
    await running.asterisk.calls?.idle();
    const stream = await SseClient.open(baseUrl, a.cookie);
    try {
      await stream.waitFor('session', (d) => d.session?.phoneLeg === 'connected');
      // Hang the leg up on the Asterisk side so the agent has none.
      const session = await running.services.sessions.findOpenSessionForAgent(await aliceId());
      assert.ok(session?.phoneUniqueid);
      await running.services.sessions.releasePhoneLeg(session.id, session.phoneUniqueid);
      await stream.waitFor('session', (d) => d.session?.phoneLeg === 'none');

      fake.refuseConnections = true;
      fake.dropConnections();
      await stream.waitFor('asterisk', (d) => d.status === 'down' || d.status === 'connecting');
      assert.notEqual((await a.get('/api/status')).body.asterisk, 'connected');

      const again = await a.post('/api/agent/session/call-again');
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body.outcome.reason, 'ami_down');
      // The failure reaches the stream too, although the leg itself never changed.
      await stream.waitFor('session', (d) => d.session?.lastLegAttempt?.reason === 'ami_down');

      const synced = once(running.asterisk.calls!.control, 'synced');
      fake.refuseConnections = false;
      await stream.waitFor('asterisk', (d) => d.status === 'connected', 15_000);
      await synced;
    } finally {
      stream.close();
      fake.refuseConnections = false;
      await a.delete('/api/agent/session');
    }
  });

  test('queues: admins set them, supervisors read them, agents get 403, bad names a field error', async () => {
    const id = await aliceId();
    const ad = await admin();
    const put = await ad.request('PUT', `/api/admin/agents/${id}/queues`, {
      queues: ['sales', ' vip ', 'sales'],
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body, { queues: ['sales', 'vip'] });
    assert.deepEqual(await running.asterisk.agentQueues(id), ['sales', 'vip']);

    const bad = await ad.request('PUT', `/api/admin/agents/${id}/queues`, { queues: ['no,commas'] });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.error.fields.queues);
    assert.equal(
      (await ad.request('PUT', `/api/admin/agents/${id}/queues`, { queues: 'sales' })).status,
      400,
    );
    assert.equal((await ad.request('PUT', '/api/admin/agents/99999/queues', { queues: [] })).status, 404);
    const noCsrf = await ad.request('PUT', `/api/admin/agents/${id}/queues`, { queues: [] }, { csrf: false });
    assert.equal(noCsrf.status, 403);

    const sup = await signIn(SUPERVISOR);
    assert.deepEqual((await sup.get(`/api/admin/agents/${id}/queues`)).body, { queues: ['sales', 'vip'] });
    const supPut = await sup.request('PUT', `/api/admin/agents/${id}/queues`, { queues: [] });
    assert.equal(supPut.status, 403);
    assert.equal(supPut.body.error.code, 'E_FORBIDDEN');

    const agent = await alice();
    assert.equal((await agent.get(`/api/admin/agents/${id}/queues`)).status, 403);
    assert.deepEqual(await running.asterisk.agentQueues(id), ['sales', 'vip'], 'unchanged by refused writes');

    const cleared = await ad.request('PUT', `/api/admin/agents/${id}/queues`, { queues: [] });
    assert.deepEqual(cleared.body, { queues: [] });
  });
});
