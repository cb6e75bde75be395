import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ALICE, type ApiClient, type ApiHarness, openApiHarness } from './api-harness.ts';

describe('hostile input', () => {
  let h: ApiHarness;
  let admin: ApiClient;
  let alice: ApiClient;
  before(async () => {
    h = await openApiHarness({ plugin: { bodyLimit: 8 * 1024 } });
    admin = await h.loginAs(ADMIN);
    alice = await h.loginAs(ALICE);
  });
  after(() => h.close());

  test('an oversized body is refused with 413 before any handler runs', async () => {
    const res = await admin.post('/api/admin/contacts', { officeNum: '1', name: 'x'.repeat(20_000) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'E_VALIDATION');
    assert.equal((await h.services.contacts.list()).length, 0);
    const login = await h.client().post('/api/login', { userId: '1', password: 'p'.repeat(20_000) });
    assert.equal(login.status, 413);
  });

  test('not JSON, not an object, or the wrong content type: 400/415 E_VALIDATION', async () => {
    const broken = await alice.request('POST', '/api/agent/pause', undefined, {
      rawBody: '{"code": "BREAK"',
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.code, 'E_VALIDATION');
    for (const rawBody of ['[1,2]', '"BREAK"', 'null', '42']) {
      const res = await alice.request('POST', '/api/agent/pause', undefined, { rawBody });
      assert.equal(res.status, 400, rawBody);
      assert.equal(res.body.error.code, 'E_VALIDATION');
    }
    const form = await alice.request('POST', '/api/agent/pause', undefined, {
      rawBody: 'code=BREAK',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal(form.body.error.code, 'E_VALIDATION');
  });

  test('wrong types are named per field, never coerced', async () => {
    const res = await admin.post('/api/admin/agents', {
      userId: 1001,
      name: ['Alice'],
      role: null,
      password: { length: 10 },
      hotDesk: 'yes',
      voice: { nat: 'true', codecs: 'ulaw' },
    });
    assert.equal(res.status, 400);
    const f = res.body.error.fields;
    assert.equal(f.userId, 'Must be text');
    assert.equal(f.name, 'Must be text');
    assert.equal(f.hotDesk, 'Must be true or false');
    assert.equal(f['voice.nat'], 'Must be true or false');
    assert.equal(f['voice.codecs'], 'Must be a list');
    assert.ok(f.role && f.password);
    const session = await alice.post('/api/agent/session', { interface: 'phone', deviceId: '1' });
    assert.equal(session.status, 400);
    assert.equal(session.body.error.fields.deviceId, 'Must be a number');
    const missing = await admin.post('/api/admin/devices', {});
    assert.equal(missing.body.error.fields.name, 'Required');
    assert.equal(missing.body.error.fields.endpoint, 'Required');
  });

  test('SQL-ish strings are either refused by format or stored and returned as plain text', async () => {
    const injection = "Robert'); DROP TABLE agents;--";
    const login = await h.client().login(`1001' OR '1'='1`, "' OR ''='");
    assert.equal(login.status, 401);
    const byFormat = await admin.post('/api/admin/agents', {
      userId: '1; DELETE FROM agents',
      name: 'x',
      role: 'agent',
      password: 'password-1',
    });
    assert.equal(byFormat.status, 400);
    const stored = await admin.post('/api/admin/contacts', {
      officeNum: '6006',
      name: injection,
      details: "' OR 1=1 --",
    });
    assert.equal(stored.status, 201);
    const list = (await admin.get('/api/admin/contacts')).body.contacts;
    assert.equal(list.find((c: { officeNum: string }) => c.officeNum === '6006').name, injection);
    assert.equal((await h.services.agents.list()).length, 4);
    const audit = await admin.get(`/api/admin/audit?agent=${encodeURIComponent("1' OR '1'='1")}`);
    assert.equal(audit.status, 400);
    const param = await admin.get(`/api/admin/agents/${encodeURIComponent('1 OR 1=1')}`);
    assert.equal(param.status, 400);
    assert.ok(param.body.error.fields.id);
    const code = await admin.patch(`/api/admin/pause-codes/${encodeURIComponent("BREAK' --")}`, {
      name: 'x',
    });
    assert.equal(code.status, 400);
  });

  test('prototype keys and unknown keys are refused, not merged', async () => {
    const res = await alice.request('POST', '/api/agent/pause', undefined, {
      rawBody: '{"code":"BREAK","__proto__":{"role":"admin"},"constructor":{"x":1}}',
    });
    assert.equal(res.status, 400);
    assert.equal((await alice.get('/api/me')).body.me.role, 'agent');
  });

  test('control characters and very long text in names are refused', async () => {
    const res = await admin.post('/api/admin/devices', {
      name: 'Desk\n12',
      endpoint: 'PJSIP/2900',
      location: 'x'.repeat(300),
    });
    assert.equal(res.status, 400);
    assert.ok(res.body.error.fields.name);
    assert.ok(res.body.error.fields.location);
  });

  test('unknown API paths are JSON 404s, not the console page', async () => {
    const res = await admin.get('/api/nothing/here');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'E_NOT_FOUND');
    assert.equal((await admin.request('PUT', '/api/agent/session', {})).status, 404);
  });
});
