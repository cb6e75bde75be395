import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openWithRoleClients } from '../support/role-clients.ts';
import { ALICE, type ApiClient, type ApiHarness, BOB, type JsonBody } from './api-harness.ts';

const VOICE = {
  transports: ['tls', 'udp'],
  host: 'dynamic',
  nat: true,
  type: 'friend',
  codecs: ['opus', 'ulaw'],
  callerId: '"Carol Voice" <2099>',
  context: 'callgate-agents',
  callGroup: '1,3-4',
  pickupGroup: '1',
  chanspy: true,
  video: false,
  recordCalls: true,
  encryption: 'sdes',
};

describe('admin routes', () => {
  let h: ApiHarness;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let agent: ApiClient;
  before(async () => {
    ({ h, admin, supervisor, agent } = await openWithRoleClients());
  });
  after(() => h.close());

  const READS = [
    '/api/admin/agents',
    '/api/admin/devices',
    '/api/admin/contacts',
    '/api/admin/pause-codes',
    '/api/admin/board',
    '/api/admin/audit',
  ];

  test('an agent gets 403 E_FORBIDDEN on every admin route, reads and changes', async () => {
    const writes: Array<[string, string, JsonBody]> = [
      ['POST', '/api/admin/agents', { userId: '3001', name: 'X', role: 'agent', password: 'password-1' }],
      ['GET', `/api/admin/agents/${h.alice.id}`, undefined],
      ['PATCH', `/api/admin/agents/${h.alice.id}`, { role: 'admin' }],
      ['POST', `/api/admin/agents/${h.alice.id}/password`, { password: 'new-password-1' }],
      ['POST', `/api/admin/agents/${h.alice.id}/pin`, { pin: '1111' }],
      ['POST', '/api/admin/devices', { name: 'D', endpoint: 'PJSIP/3001' }],
      ['PATCH', `/api/admin/devices/${h.desks[0]!.id}`, { enabled: false }],
      ['POST', '/api/admin/contacts', { officeNum: '77', name: 'C' }],
      ['PATCH', '/api/admin/contacts/1', { name: 'C' }],
      ['POST', '/api/admin/pause-codes', { code: 'X', name: 'X' }],
      ['PATCH', '/api/admin/pause-codes/BREAK', { name: 'X' }],
      ['POST', '/api/admin/sessions/1/pause', { code: 'BREAK' }],
      ['DELETE', '/api/admin/sessions/1', undefined],
    ];
    for (const path of READS) {
      const res = await agent.get(path);
      assert.equal(res.status, 403, path);
      assert.equal(res.body.error.code, 'E_FORBIDDEN');
    }
    for (const [method, path, body] of writes) {
      const res = await agent.request(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'E_FORBIDDEN');
    }
    // Nothing changed: Alice is still an agent.
    assert.equal((await h.services.agents.get(h.alice.id)).role, 'agent');
  });

  test('a supervisor may read every admin list but change nothing', async () => {
    for (const path of READS) assert.equal((await supervisor.get(path)).status, 200, path);
    const create = await supervisor.post('/api/admin/agents', {
      userId: '3002',
      name: 'Nope',
      role: 'agent',
      password: 'password-1',
    });
    assert.equal(create.status, 403);
    assert.equal(create.body.error.code, 'E_FORBIDDEN');
    assert.equal(
      (await supervisor.patch(`/api/admin/devices/${h.desks[0]!.id}`, { enabled: false })).status,
      403,
    );
    assert.equal((await supervisor.post('/api/admin/pause-codes', { code: 'SUP', name: 'Sup' })).status, 403);
    assert.equal(await h.services.agents.findByUserId('3002'), undefined);
  });

  test('create an agent with voice settings; secrets never come back; GET and list show it', async () => {
    const res = await admin.post('/api/admin/agents', {
      userId: '2001',
      name: 'Carol Voice',
      role: 'agent',
      password: 'carol-pass-2001',
      pin: '2468',
      hotDesk: false,
      mobileNumber: '+15550102',
      defaultInterface: 'mobile',
      voice: VOICE,
    });
    assert.equal(res.status, 201);
    const created = res.body.agent;
    assert.equal(created.userId, '2001');
    assert.equal(created.enabled, true);
    assert.equal(created.hasPin, true);
    assert.equal(created.canDialIn, true);
    assert.equal(created.mobileNumber, '+15550102');
    assert.equal(created.defaultInterface, 'mobile');
    assert.deepEqual(created.voice, VOICE);
    assert.doesNotMatch(res.text, /carol-pass|2468|scrypt/);
    const one = await supervisor.get(`/api/admin/agents/${created.id}`);
    assert.deepEqual(one.body.agent, created);
    const list = await admin.get('/api/admin/agents');
    assert.ok(list.body.agents.some((a: JsonBody) => a.userId === '2001'));
    assert.doesNotMatch(list.text, /scrypt|Hash/);
    // The new agent can log in with the password set here.
    assert.equal((await h.client().login('2001', 'carol-pass-2001')).status, 200);
  });

  test('create: duplicate user ID is 409 E_CONFLICT on userId; bad fields are named', async () => {
    const dup = await admin.post('/api/admin/agents', {
      userId: ALICE.userId,
      name: 'Again',
      role: 'agent',
      password: 'password-123',
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'E_CONFLICT');
    assert.ok(dup.body.error.fields.userId);
    const bad = await admin.post('/api/admin/agents', {
      userId: '12ab',
      name: '   ',
      role: 'root',
      password: 'short',
      pin: '12',
      mobileNumber: 'call me',
      voice: { transports: [], codecs: ['mp3'], context: 'a b', callGroup: 'x', encryption: 'rot13' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'E_VALIDATION');
    const fields = bad.body.error.fields;
    for (const name of [
      'userId',
      'name',
      'role',
      'password',
      'pin',
      'mobileNumber',
      'voice.transports',
      'voice.codecs.0',
      'voice.context',
      'voice.callGroup',
      'voice.encryption',
    ]) {
      assert.ok(fields[name], `field ${name}: ${JSON.stringify(fields)}`);
    }
    assert.equal(fields.pin, 'PIN must be 4 to 12 digits');
  });

  test('PATCH changes only what it names; secrets and the user ID cannot be patched', async () => {
    const res = await admin.patch(`/api/admin/agents/${h.bob.id}`, {
      name: 'Bob Renamed',
      voice: { codecs: ['g722'] },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.agent.name, 'Bob Renamed');
    assert.deepEqual(res.body.agent.voice.codecs, ['g722']);
    assert.equal(res.body.agent.hotDesk, true);
    assert.deepEqual(res.body.agent.voice.transports, ['udp']);
    const secrets = await admin.patch(`/api/admin/agents/${h.bob.id}`, {
      password: 'x',
      pin: '1234',
      userId: '5',
    });
    assert.equal(secrets.status, 400);
    assert.deepEqual(Object.keys(secrets.body.error.fields).sort(), ['password', 'pin', 'userId']);
    const missing = await admin.patch('/api/admin/agents/99999', { name: 'Ghost' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'E_NOT_FOUND');
  });

  test('an admin cannot disable or demote themselves', async () => {
    for (const body of [{ enabled: false }, { role: 'supervisor' }]) {
      const res = await admin.patch(`/api/admin/agents/${h.admin.id}`, body);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'E_CONFLICT');
    }
    assert.equal((await h.services.agents.get(h.admin.id)).role, 'admin');
  });

  test('password and PIN: set with their own routes (204), checked, and a new password signs the agent out', async () => {
    const bob = await h.loginAs(BOB);
    const short = await admin.post(`/api/admin/agents/${h.bob.id}/password`, { password: 'short' });
    assert.equal(short.status, 400);
    assert.ok(short.body.error.fields.password);
    assert.equal(
      (await admin.post(`/api/admin/agents/${h.bob.id}/password`, { password: 'bob-new-pass' })).status,
      204,
    );
    assert.equal((await bob.get('/api/me')).status, 401);
    assert.equal((await h.client().login(BOB.userId, BOB.password)).status, 401);
    assert.equal((await h.client().login(BOB.userId, 'bob-new-pass')).status, 200);

    const badPin = await admin.post(`/api/admin/agents/${h.bob.id}/pin`, { pin: '12a4' });
    assert.equal(badPin.status, 400);
    assert.equal(badPin.body.error.fields.pin, 'PIN must be 4 to 12 digits');
    assert.equal((await admin.post(`/api/admin/agents/${h.bob.id}/pin`, { pin: null })).status, 204);
    assert.equal((await admin.get(`/api/admin/agents/${h.bob.id}`)).body.agent.hasPin, false);
    assert.equal((await admin.post(`/api/admin/agents/${h.bob.id}/pin`, { pin: '97531' })).status, 204);
    assert.equal((await admin.get(`/api/admin/agents/${h.bob.id}`)).body.agent.hasPin, true);
  });

  test('phones: create, list with inUse, disable; a duplicate endpoint is 409', async () => {
    const res = await admin.post('/api/admin/devices', {
      name: 'Desk 14',
      endpoint: 'PJSIP/2003',
      location: 'Floor 3',
      kind: 'soft',
      enabled: true,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.device.kind, 'soft');
    assert.equal(res.body.device.inUse, false);
    const dup = await admin.post('/api/admin/devices', { name: 'Again', endpoint: 'PJSIP/2003' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'E_CONFLICT');
    assert.ok(dup.body.error.fields.endpoint);
    const badEndpoint = await admin.post('/api/admin/devices', { name: 'Bad', endpoint: 'not an endpoint' });
    assert.equal(badEndpoint.status, 400);
    assert.ok(badEndpoint.body.error.fields.endpoint);

    const s = await h.services.sessions.start(h.alice.id, {
      interface: 'phone',
      deviceId: res.body.device.id,
    });
    const list = (await supervisor.get('/api/admin/devices')).body.devices;
    assert.equal(list.find((d: JsonBody) => d.endpoint === 'PJSIP/2003').inUse, true);
    await h.services.sessions.end(s.id, 'logout');

    const off = await admin.patch(`/api/admin/devices/${res.body.device.id}`, { enabled: false });
    assert.equal(off.status, 200);
    assert.equal(off.body.device.enabled, false);
    const available = (await (await h.loginAs(ALICE)).get('/api/devices/available')).body.devices;
    assert.ok(!available.some((d: JsonBody) => d.endpoint === 'PJSIP/2003'));
  });

  test('contacts: create, list, change, disable and enable again', async () => {
    const res = await admin.post('/api/admin/contacts', {
      officeNum: '5005',
      name: 'Front desk',
      details: 'Lobby',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.contact, {
      id: res.body.contact.id,
      officeNum: '5005',
      name: 'Front desk',
      details: 'Lobby',
      enabled: true,
    });
    const changed = await admin.patch(`/api/admin/contacts/${res.body.contact.id}`, { details: '' });
    assert.equal(changed.body.contact.details, '');
    const disable = await admin.patch(`/api/admin/contacts/${res.body.contact.id}`, { enabled: false });
    assert.equal(disable.status, 200);
    assert.equal(disable.body.contact.enabled, false);
    assert.equal(disable.body.contact.details, '');
    assert.equal(await h.services.contacts.findByOfficeNum('5005'), undefined);
    const outcome = await h.services.dialIn.verifyDialIn({ userId: '5005', mode: 'contacts' });
    assert.equal(outcome.result, 'bad_credentials');
    const enable = await admin.patch(`/api/admin/contacts/${res.body.contact.id}`, { enabled: true });
    assert.equal(enable.body.contact.enabled, true);
    assert.equal((await h.services.dialIn.verifyDialIn({ userId: '5005', mode: 'contacts' })).result, 'ok');
    const notBool = await admin.patch(`/api/admin/contacts/${res.body.contact.id}`, { enabled: 'no' });
    assert.equal(notBool.status, 400);
    assert.ok(notBool.body.error.fields.enabled);
    const created = await admin.post('/api/admin/contacts', {
      officeNum: '5006',
      name: 'Old',
      enabled: false,
    });
    assert.equal(created.body.contact.enabled, false);
    const dup = await admin.post('/api/admin/contacts', { officeNum: '5005', name: 'Again' });
    assert.equal(dup.status, 409);
    assert.ok(dup.body.error.fields.officeNum);
    const list = await supervisor.get('/api/admin/contacts');
    assert.equal(list.body.contacts.length, 2);
  });

  test('pause codes: create, change, deactivate; LAGGED is listed but cannot be changed', async () => {
    const res = await admin.post('/api/admin/pause-codes', {
      code: 'TRAIN',
      name: 'Training',
      billable: true,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.pauseCode.billable, true);
    assert.equal(res.body.pauseCode.maxSeconds, null);
    const badCode = await admin.post('/api/admin/pause-codes', { code: 'lower case', name: 'x' });
    assert.ok(badCode.body.error.fields.code);
    const off = await admin.patch('/api/admin/pause-codes/TRAIN', { active: false, maxSeconds: 600 });
    assert.equal(off.body.pauseCode.active, false);
    assert.equal(off.body.pauseCode.maxSeconds, 600);
    const list = (await admin.get('/api/admin/pause-codes')).body.pauseCodes;
    assert.ok(list.some((c: JsonBody) => c.code === 'LAGGED' && c.system === true));
    const lagged = await admin.patch('/api/admin/pause-codes/LAGGED', { name: 'Gone' });
    assert.equal(lagged.status, 400);
    assert.equal((await admin.patch('/api/admin/pause-codes/NOSUCH', { name: 'x' })).status, 404);
  });

  test('board: every open session; admins pause and end them (end reason admin)', async () => {
    const a = await h.services.sessions.start(h.alice.id, { interface: 'internal' });
    const board = await supervisor.get('/api/admin/board');
    assert.equal(board.status, 200);
    const row = board.body.sessions.find((s: JsonBody) => s.id === a.id);
    assert.equal(row.agentName, 'Alice Moreau');
    const paused = await admin.post(`/api/admin/sessions/${a.id}/pause`, { code: 'BREAK' });
    assert.equal(paused.status, 200);
    assert.equal(paused.body.session.pauseCode, 'BREAK');
    assert.equal((await supervisor.post(`/api/admin/sessions/${a.id}/pause`, { code: 'LUNCH' })).status, 403);
    assert.equal((await admin.delete(`/api/admin/sessions/${a.id}`)).status, 204);
    assert.equal((await h.services.sessions.get(a.id)).endReason, 'admin');
    assert.equal((await admin.delete(`/api/admin/sessions/${a.id}`)).status, 404);
    assert.equal((await admin.post('/api/admin/sessions/424242/pause', { code: 'BREAK' })).status, 404);
  });

  test('audit: web logins and dial-ins with agent, source, result and time filters', async () => {
    await h.client().login(ALICE.userId, 'wrong-password');
    await h.services.dialIn.verifyDialIn({
      userId: ALICE.userId,
      pin: '0000',
      callerId: '5550100',
      channel: 'PJSIP/trunk-1',
      uniqueid: '1.1',
      attempt: 2,
    });
    const all = await supervisor.get('/api/admin/audit');
    assert.equal(all.status, 200);
    const entries = all.body.entries;
    assert.ok(entries.length >= 2);
    const dialIn = entries.find((e: JsonBody) => e.source === 'dialin');
    assert.equal(dialIn.kind, 'auth');
    assert.equal(dialIn.agentUserId, '1001');
    assert.equal(dialIn.agentName, 'Alice Moreau');
    assert.equal(dialIn.callerId, '5550100');
    assert.equal(dialIn.result, 'bad_credentials');
    assert.equal(dialIn.detail, 'attempt 2, uniqueid 1.1');
    assert.doesNotMatch(all.text, /0000|wrong-password/);

    const web = await admin.get('/api/admin/audit?agent=1001&source=web&result=bad_credentials');
    assert.ok(web.body.entries.length >= 1);
    assert.ok(web.body.entries.every((e: JsonBody) => e.source === 'web' && e.agentUserId === '1001'));
    assert.equal(web.body.entries[0].remoteIp, '127.0.0.1');

    const limited = await admin.get('/api/admin/audit?limit=1');
    assert.equal(limited.body.entries.length, 1);
    const future = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    assert.equal(
      (await admin.get(`/api/admin/audit?from=${encodeURIComponent(future)}`)).body.entries.length,
      0,
    );
    const past = new Date(h.clock.now().getTime() - 3600_000).toISOString();
    assert.equal((await admin.get(`/api/admin/audit?to=${encodeURIComponent(past)}`)).body.entries.length, 0);
    assert.equal((await admin.get('/api/admin/audit?agent=7777')).body.entries.length, 0);
    // The sessions the earlier tests opened and closed are in the trail, as session entries only.
    const sessionEntries = (await admin.get('/api/admin/audit?kind=session')).body.entries;
    assert.ok(sessionEntries.length > 0);
    assert.ok(sessionEntries.every((e: JsonBody) => e.kind === 'session'));
    // Empty filters (as the console sends them) mean no filter.
    assert.equal((await admin.get('/api/admin/audit?agent=&source=&limit=')).status, 200);

    const bad = await admin.get('/api/admin/audit?limit=0&source=fax&from=yesterday&extra=1');
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.error.fields).sort(), ['extra', 'from', 'limit', 'source']);
  });
});
