/**
 * The audit log's session entries (`kind: 'session'`): each session change is recorded with its
 * source (the agent's console `web`, an `admin`, the agent's `dialin` call, or Callgate itself
 * `system`) and what it was about, and the audit API filters them by agent, source, result
 * (what happened), kind and time, the time window applied in the query itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN,
  ALICE,
  type ApiClient,
  type ApiHarness,
  BOB,
  type JsonBody,
  openApiHarness,
} from './api-harness.ts';

describe('session entries in the audit log', () => {
  let h: ApiHarness;
  let alice: ApiClient;
  let admin: ApiClient;
  before(async () => {
    h = await openApiHarness();
    alice = await h.loginAs(ALICE);
    admin = await h.loginAs(ADMIN);
  });
  after(() => h.close());

  const sessionEntries = async (query = '') => {
    const res = await admin.get(`/api/admin/audit?kind=session${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.entries as JsonBody[];
  };
  /** Oldest first, as [result, source, detail]. */
  const story = (entries: JsonBody[]) => entries.map((e) => [e.result, e.source, e.detail]).reverse();

  test('a dial-in session from start to end, with its sources and details', async () => {
    const started = await alice.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(started.status, 201);
    const sessionId = started.body.session.id;
    h.clock.advance(1000);
    const dialIn = await h.services.dialIn.verifyDialIn({
      userId: ALICE.userId,
      pin: ALICE.pin,
      channel: 'PJSIP/trunk-0001',
      uniqueid: '1700.1',
    });
    assert.equal(dialIn.result, 'ok');
    h.clock.advance(1000);
    assert.equal((await alice.post('/api/agent/pause', { code: 'BREAK' })).status, 200);
    h.clock.advance(1000);
    assert.equal((await alice.post('/api/agent/ready', {})).status, 200);
    h.clock.advance(1000);
    await h.services.sessions.beginCall(sessionId);
    h.clock.advance(1000);
    await h.services.sessions.endCall(sessionId);
    h.clock.advance(1000);
    assert.equal((await admin.post(`/api/admin/sessions/${sessionId}/pause`, { code: 'LUNCH' })).status, 200);
    h.clock.advance(1000);
    assert.ok(await h.services.sessions.releasePhoneLeg(sessionId, '1700.1'));
    h.clock.advance(1000);
    assert.equal((await alice.delete('/api/agent/session')).status, 204);

    const entries = await sessionEntries('&agent=1001');
    assert.ok(
      entries.every(
        (e) => e.kind === 'session' && e.agentUserId === '1001' && e.agentName === 'Alice Moreau',
      ),
    );
    assert.deepEqual(story(entries), [
      ['started', 'web', 'interface dialin'],
      ['leg_connected', 'dialin', 'uniqueid 1700.1'],
      ['paused', 'web', 'code BREAK'],
      ['ready', 'web', null],
      ['in_call', 'system', null],
      ['ready', 'system', null],
      ['paused', 'admin', `code LUNCH, by ${ADMIN.userId}`],
      ['leg_released', 'dialin', 'uniqueid 1700.1'],
      ['ended', 'web', 'code LUNCH, reason logout'],
    ]);
    const legs = entries.filter((e) => e.result.startsWith('leg_'));
    assert.ok(legs.every((e) => e.channel === 'PJSIP/trunk-0001'));
    // Both kinds together, newest first: the dial-in's auth entry sits between the session's.
    const all = (await admin.get('/api/admin/audit?agent=1001')).body.entries as JsonBody[];
    const kinds = all.map((e) => `${e.kind}:${e.result}`).reverse();
    assert.ok(kinds.indexOf('auth:ok') > kinds.indexOf('session:started'));
    assert.ok(kinds.indexOf('auth:ok') < kinds.indexOf('session:leg_connected'));
  });

  test('a phone session started on a desk names it; the sweep ends a quiet session as system', async () => {
    const bob = await h.loginAs(BOB);
    const desk = h.desks[0]!;
    assert.equal(
      (await bob.post('/api/agent/session', { interface: 'phone', deviceId: desk.id })).status,
      201,
    );
    h.clock.advance(3600_000);
    const report = await h.services.sessions.sweepStaleSessions();
    assert.equal(report.ended.length, 1);
    const entries = await sessionEntries('&agent=1002');
    assert.deepEqual(story(entries), [
      ['started', 'web', `interface phone, phone ${desk.name}`],
      ['ended', 'system', 'reason lagged'],
    ]);
  });

  test('filters: source, result (what happened) and kind; unknown values are refused', async () => {
    const byAdmin = await sessionEntries('&source=admin');
    assert.deepEqual(
      byAdmin.map((e) => e.result),
      ['paused'],
    );
    const ended = (await admin.get('/api/admin/audit?result=ended')).body.entries as JsonBody[];
    assert.ok(ended.length >= 2 && ended.every((e) => e.kind === 'session' && e.result === 'ended'));
    // An auth-only filter leaves session entries out, and the other way round.
    const api = (await admin.get('/api/admin/audit?source=api')).body.entries as JsonBody[];
    assert.ok(api.every((e) => e.kind === 'auth'));
    assert.equal((await admin.get('/api/admin/audit?kind=auth&result=started')).body.entries.length, 0);
    const bad = await admin.get('/api/admin/audit?result=exploded&source=moon');
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.error.fields).sort(), ['result', 'source']);
  });

  test('from/to are applied in the query: old entries are found under many newer ones', async () => {
    const before = h.clock.now().toISOString();
    h.clock.advance(60_000);
    // Many newer entries than the limit could ever look past.
    for (let i = 0; i < 15; i++) {
      assert.equal((await alice.post('/api/agent/session', { interface: 'internal' })).status, 201);
      assert.equal((await alice.delete('/api/agent/session')).status, 204);
    }
    const old = await sessionEntries(`&to=${encodeURIComponent(before)}&limit=1`);
    assert.equal(old.length, 1);
    assert.ok(old[0].at <= before);
    assert.equal(old[0].agentUserId, '1002');
    const newer = await sessionEntries(`&from=${encodeURIComponent(before)}&agent=1001`);
    assert.equal(newer.length, 30);
    assert.ok(newer.every((e) => e.at > before));
  });
});
