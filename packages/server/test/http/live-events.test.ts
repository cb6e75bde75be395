import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  ADMIN,
  ALICE,
  type ApiHarness,
  BOB,
  type JsonBody,
  openApiHarness,
  SUPERVISOR,
} from './api-harness.ts';
import { SseClient } from './sse-client.ts';

describe('GET /api/events', () => {
  let h: ApiHarness;
  const streams: SseClient[] = [];
  const open = async (cookie: string | undefined) => {
    const stream = await SseClient.open(h.baseUrl, cookie);
    streams.push(stream);
    return stream;
  };
  before(async () => {
    h = await openApiHarness({ plugin: { liveEvents: { pingMs: 50 } } });
  });
  after(async () => {
    for (const s of streams) s.close();
    await h.close();
  });
  beforeEach(async () => {
    for (const s of await h.services.sessions.listOpen()) await h.services.sessions.end(s.id, 'logout');
  });

  test('an agent gets a first snapshot, then their own session changes, and never another agent’s', async () => {
    const alice = await h.loginAs(ALICE);
    const bob = await h.loginAs(BOB);
    const stream = await open(alice.cookie);
    assert.equal(stream.status, 200);
    assert.match(stream.headers?.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(stream.headers?.get('content-security-policy') ?? '', /default-src 'self'/);
    const first = await stream.waitFor('session');
    assert.deepEqual(first, { session: null, lastEnded: null });

    await bob.post('/api/agent/session', { interface: 'phone', deviceId: h.desks[0]!.id });
    const started = await alice.post('/api/agent/session', { interface: 'dialin' });
    const id = started.body.session.id;
    await stream.waitFor('session', (d) => d.session?.id === id);
    await alice.post('/api/agent/pause', { code: 'BREAK' });
    const paused = await stream.waitFor('session', (d) => d.session?.pauseCode === 'BREAK');
    assert.equal(paused.session.pauseName, 'Break');
    assert.equal(paused.session.dialIn.number, '2345');

    // The dial-in guard claims the phone leg (as the FastAGI app does): the console sees it live.
    await h.services.dialIn.verifyDialIn({
      userId: ALICE.userId,
      pin: ALICE.pin,
      callerId: '5550100',
      channel: 'PJSIP/trunk-00000001',
      uniqueid: '1700000000.1',
    });
    const connected = await stream.waitFor('session', (d) => d.session?.phoneLeg === 'connected');
    assert.equal(connected.session.phoneChannel, 'PJSIP/trunk-00000001');

    await alice.delete('/api/agent/session');
    const ended = await stream.waitFor('session', (d) => d.session === null && d.lastEnded !== null);
    assert.equal(ended.lastEnded.endReason, 'logout');
    assert.ok(stream.events.every((e) => e.event === 'session'));
    assert.ok(
      stream.events.every((e: JsonBody) => e.data.session === null || e.data.session.agentUserId === '1001'),
    );
    await stream.waitForComment('ping');
    await bob.delete('/api/agent/session');
  });

  test('admins and supervisors get the board on any change', async () => {
    const admin = await h.loginAs(ADMIN);
    const supervisor = await h.loginAs(SUPERVISOR);
    const adminStream = await open(admin.cookie);
    const supStream = await open(supervisor.cookie);
    await adminStream.waitFor('board');
    const bob = await h.loginAs(BOB);
    const started = await bob.post('/api/agent/session', { interface: 'phone', deviceId: h.desks[1]!.id });
    const id = started.body.session.id;
    for (const stream of [adminStream, supStream]) {
      const board = await stream.waitFor('board', (d) => d.sessions.some((s: JsonBody) => s.id === id));
      const row = board.sessions.find((s: JsonBody) => s.id === id);
      assert.equal(row.agentName, 'Bob Hotdesk');
      assert.equal(row.deviceName, 'Desk 13');
    }
    await admin.post(`/api/admin/sessions/${id}/pause`, { code: 'LUNCH' });
    await supStream.waitFor('board', (d) =>
      d.sessions.some((s: JsonBody) => s.id === id && s.pauseCode === 'LUNCH'),
    );
    await admin.delete(`/api/admin/sessions/${id}`);
    await adminStream.waitFor('board', (d) => d.sessions.length === 0);
  });

  test('a late, stale event (as from another node, out of order) does not bring an ended session back', async () => {
    const alice = await h.loginAs(ALICE);
    const started = await alice.post('/api/agent/session', { interface: 'internal' });
    const openCopy = await h.services.sessions.get(started.body.session.id);
    await alice.delete('/api/agent/session');
    const stream = await open(alice.cookie);
    await stream.waitFor('session', (d) => d.session === null);
    const seen = stream.events.length;
    h.services.events.publish({ type: 'session.changed', session: openCopy });
    await stream.waitFor('session', () => stream.events.length > seen);
    const latest = stream.events.at(-1)!.data;
    assert.equal(latest.session, null);
    assert.equal(latest.lastEnded.endReason, 'logout');
  });

  test('a demoted admin’s stream is ended, and the new one carries no board', async () => {
    const admin = await h.loginAs(ADMIN);
    const supervisor = await h.loginAs(SUPERVISOR);
    const stream = await open(supervisor.cookie);
    await stream.waitFor('board');
    assert.equal((await admin.patch(`/api/admin/agents/${h.supervisor.id}`, { role: 'agent' })).status, 200);
    try {
      await stream.waitForEnd();
      const again = await open(supervisor.cookie);
      await again.waitFor('session');
      assert.equal((await supervisor.get('/api/admin/board')).status, 403);
      await h.services.sessions.end(
        (await h.services.sessions.start(h.alice.id, { interface: 'internal' })).id,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(again.events.every((e) => e.event === 'session'));
    } finally {
      await admin.patch(`/api/admin/agents/${h.supervisor.id}`, { role: 'supervisor' });
    }
  });

  test('logging out ends that login’s streams; without a login the stream is refused', async () => {
    const alice = await h.loginAs(ALICE);
    const stream = await open(alice.cookie);
    await stream.waitFor('session');
    await alice.post('/api/logout');
    await stream.waitForEnd();
    const refused = await open(undefined);
    assert.equal(refused.status, 401);
  });
});

describe('the console at /', () => {
  test('serves the build with an SPA fallback and a strict CSP; API paths stay JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callgate-console-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Callgate console</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    const h = await openApiHarness({ plugin: { consoleDir: dir } });
    try {
      const c = h.client();
      const index = await c.get('/');
      assert.equal(index.status, 200);
      assert.match(index.text, /Callgate console/);
      assert.equal(
        index.headers.get('content-security-policy'),
        "default-src 'self';base-uri 'self';object-src 'none';frame-ancestors 'none';form-action 'self'",
      );
      assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
      const deep = await c.get('/admin/agents');
      assert.equal(deep.status, 200);
      assert.match(deep.text, /Callgate console/);
      assert.match(deep.headers.get('content-type') ?? '', /text\/html/);
      const asset = await c.get('/app.js');
      assert.equal(asset.text, 'console.log(1)');
      const api = await c.get('/api/unknown');
      assert.equal(api.status, 401);
      const post = await c.post('/admin/agents', {});
      assert.equal(post.status, 404);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a build, a page says how to build it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callgate-console-'));
    const h = await openApiHarness({ plugin: { consoleDir: join(dir, 'missing') } });
    try {
      const res = await h.client().get('/agents');
      assert.equal(res.status, 200);
      assert.match(res.text, /npm run build/);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
