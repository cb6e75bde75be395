import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADMIN, ALICE, type ApiClient, type ApiHarness, BOB, openApiHarness } from './api-harness.ts';

describe("an agent's own session", () => {
  let h: ApiHarness;
  let alice: ApiClient;
  let bob: ApiClient;
  before(async () => {
    h = await openApiHarness();
    alice = await h.loginAs(ALICE);
    bob = await h.loginAs(BOB);
  });
  after(() => h.close());
  beforeEach(async () => {
    for (const s of await h.services.sessions.listOpen()) await h.services.sessions.end(s.id, 'logout');
  });

  test('no session: GET answers session null', async () => {
    const res = await alice.get('/api/agent/session');
    assert.equal(res.status, 200);
    assert.equal(res.body.session, null);
  });

  test('dial-in session: the room, the number and the steps to key', async () => {
    const res = await alice.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(res.status, 201);
    const s = res.body.session;
    assert.equal(s.interface, 'dialin');
    assert.equal(s.agentUserId, '1001');
    assert.equal(s.agentName, 'Alice Moreau');
    assert.equal(s.state, 'paused');
    assert.equal(s.phoneLeg, 'none');
    assert.match(s.conference, /^86000\d\d$/);
    assert.deepEqual(s.dialIn, {
      number: '2345',
      steps: ['Call 2345', 'Key your user ID 1001 then #', 'Key your PIN then #'],
    });
    assert.ok(!Number.isNaN(Date.parse(s.startedAt)));
    const again = await alice.get('/api/agent/session');
    assert.equal(again.body.session.id, s.id);
  });

  test('a second session is 409 E_SESSION_EXISTS', async () => {
    assert.equal((await alice.post('/api/agent/session', { interface: 'internal' })).status, 201);
    const second = await alice.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'E_SESSION_EXISTS');
  });

  test('pause with a reason, ready, heartbeat; unknown and system reasons are refused on the code field', async () => {
    await alice.post('/api/agent/session', { interface: 'internal' });
    const paused = await alice.post('/api/agent/pause', { code: 'LUNCH' });
    assert.equal(paused.status, 200);
    assert.equal(paused.body.session.state, 'paused');
    assert.equal(paused.body.session.pauseCode, 'LUNCH');
    assert.equal(paused.body.session.pauseName, 'Lunch');
    const ready = await alice.post('/api/agent/ready', {});
    assert.equal(ready.body.session.state, 'ready');
    assert.equal(ready.body.session.pauseCode, null);
    h.clock.advance(5000);
    const beat = await alice.post('/api/agent/heartbeat', {});
    assert.equal(beat.status, 200);
    assert.equal(beat.body.session.lastSeenAt, h.clock.now().toISOString());
    for (const code of ['NOPE', 'LAGGED']) {
      const bad = await alice.post('/api/agent/pause', { code });
      assert.equal(bad.status, 400, code);
      assert.equal(bad.body.error.code, 'E_VALIDATION');
      assert.ok(bad.body.error.fields.code);
    }
    assert.equal((await alice.get('/api/agent/session')).body.session.state, 'ready');
  });

  test('pause and ready are 409 E_STATE while a call is being delivered', async () => {
    const started = await alice.post('/api/agent/session', { interface: 'internal' });
    await alice.post('/api/agent/ready', {});
    await h.services.sessions.beginCall(started.body.session.id);
    const pause = await alice.post('/api/agent/pause', { code: 'BREAK' });
    assert.equal(pause.status, 409);
    assert.equal(pause.body.error.code, 'E_STATE');
    assert.equal((await alice.post('/api/agent/ready', {})).body.error.code, 'E_STATE');
  });

  test('without a session, pause/ready/heartbeat/end are 404 E_NOT_FOUND', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/agent/pause', { code: 'BREAK' }],
      ['POST', '/api/agent/ready', {}],
      ['POST', '/api/agent/heartbeat', {}],
      ['DELETE', '/api/agent/session', undefined],
    ] as const) {
      const res = await alice.request(method, path, body);
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error.code, 'E_NOT_FOUND');
    }
  });

  test('ending the session: 204, then lastEnded says logout; an admin end says admin; the lag sweep says lagged', async () => {
    await alice.post('/api/agent/session', { interface: 'internal' });
    assert.equal((await alice.delete('/api/agent/session')).status, 204);
    let view = (await alice.get('/api/agent/session')).body;
    assert.equal(view.session, null);
    assert.equal(view.lastEnded.endReason, 'logout');

    const started = await alice.post('/api/agent/session', { interface: 'internal' });
    const admin = await h.loginAs(ADMIN);
    assert.equal((await admin.delete(`/api/admin/sessions/${started.body.session.id}`)).status, 204);
    view = (await alice.get('/api/agent/session')).body;
    assert.equal(view.lastEnded.endReason, 'admin');

    await alice.post('/api/agent/session', { interface: 'internal' });
    h.clock.advance(h.services.config.endAfterSec * 1000 + 1000);
    await h.services.sessions.sweepStaleSessions();
    view = (await alice.get('/api/agent/session')).body;
    assert.equal(view.session, null);
    assert.equal(view.lastEnded.endReason, 'lagged');
    assert.equal(view.lastEnded.endedAt, h.clock.now().toISOString());
    // The console's next heartbeat learns that the session is gone.
    assert.equal((await alice.post('/api/agent/heartbeat', {})).status, 404);
  });

  test('an agent cannot name another session: extra fields are refused and the other session is untouched', async () => {
    const bobSession = await bob.post('/api/agent/session', { interface: 'phone', deviceId: h.desks[0]!.id });
    assert.equal(bobSession.status, 201);
    await alice.post('/api/agent/session', { interface: 'internal' });
    const res = await alice.post('/api/agent/pause', {
      code: 'BREAK',
      sessionId: bobSession.body.session.id,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.fields.sessionId, 'Unknown field');
    const viaAdmin = await alice.post(`/api/admin/sessions/${bobSession.body.session.id}/pause`, {
      code: 'BREAK',
    });
    assert.equal(viaAdmin.status, 403);
    const endOther = await alice.delete(`/api/admin/sessions/${bobSession.body.session.id}`);
    assert.equal(endOther.status, 403);
    const bobNow = (await bob.get('/api/agent/session')).body.session;
    assert.equal(bobNow.id, bobSession.body.session.id);
    assert.equal(bobNow.pauseCode, null);
    // And Alice's own view is her own session.
    assert.equal((await alice.get('/api/agent/session')).body.session.agentUserId, '1001');
  });

  test('hot desk: a phone is required, only free phones are offered, a taken phone is 409 E_DEVICE_IN_USE', async () => {
    const noPhone = await bob.post('/api/agent/session', { interface: 'internal' });
    assert.equal(noPhone.status, 400);
    assert.ok(noPhone.body.error.fields.deviceId);
    const before = (await bob.get('/api/devices/available')).body.devices;
    assert.deepEqual(
      before.map((d: { name: string }) => d.name),
      ['Desk 12', 'Desk 13'],
    );
    assert.equal(before[0].location, 'Floor 2');
    assert.equal(before[0].registered, null);
    // Alice takes Desk 12 (a fixed-phone session); Bob is offered Desk 13 only.
    assert.equal(
      (await alice.post('/api/agent/session', { interface: 'phone', deviceId: h.desks[0]!.id })).status,
      201,
    );
    const after = (await bob.get('/api/devices/available')).body.devices;
    assert.deepEqual(
      after.map((d: { name: string }) => d.name),
      ['Desk 13'],
    );
    const taken = await bob.post('/api/agent/session', { interface: 'phone', deviceId: h.desks[0]!.id });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'E_DEVICE_IN_USE');
    const ok = await bob.post('/api/agent/session', { interface: 'phone', deviceId: h.desks[1]!.id });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.session.deviceName, 'Desk 13');
  });

  test('available phones: registered or unknown, not those Asterisk reported unregistered', async () => {
    await h.services.devices.setRegistration('PJSIP/2001', {
      registered: true,
      contact: 'sip:2001@10.0.0.5',
    });
    let devices = (await bob.get('/api/devices/available')).body.devices;
    assert.deepEqual(
      devices.map((d: { name: string; registered: boolean | null }) => [d.name, d.registered]),
      [
        ['Desk 12', true],
        ['Desk 13', null],
      ],
    );
    await h.services.devices.setRegistration('PJSIP/2001', { registered: false });
    devices = (await bob.get('/api/devices/available')).body.devices;
    assert.deepEqual(
      devices.map((d: { name: string }) => d.name),
      ['Desk 13'],
    );
  });

  test('dial-in needs a PIN: an agent without one is refused on the interface field', async () => {
    const admin = await h.loginAs(ADMIN);
    await admin.post(`/api/admin/agents/${h.alice.id}/pin`, { pin: null });
    try {
      const me = (await alice.get('/api/me')).body.me;
      assert.equal(me.canDialIn, false);
      const res = await alice.post('/api/agent/session', { interface: 'dialin' });
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields.interface);
    } finally {
      await admin.post(`/api/admin/agents/${h.alice.id}/pin`, { pin: ALICE.pin });
    }
  });

  test('pause codes for agents: active, chosen by people (no LAGGED, no inactive ones)', async () => {
    await h.services.pauseCodes.create({ code: 'OLD', name: 'Old reason', active: false });
    const res = await alice.get('/api/pause-codes');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.pauseCodes.map((c: { code: string }) => c.code),
      ['BREAK', 'LUNCH'],
    );
    assert.deepEqual(res.body.pauseCodes[0], {
      code: 'BREAK',
      name: 'Break',
      billable: false,
      maxSeconds: 900,
      active: true,
    });
  });

  test('agent routes need a login', async () => {
    const anonymous = h.client();
    for (const path of ['/api/agent/session', '/api/devices/available', '/api/pause-codes', '/api/events']) {
      const res = await anonymous.get(path);
      assert.equal(res.status, 401, path);
      assert.equal(res.body.error.code, 'E_AUTH');
    }
    assert.equal((await anonymous.post('/api/agent/session', { interface: 'internal' })).status, 401);
  });
});
