/**
 * The directory's admin API over real sockets on a real SQLite store: `/api/admin/directory`
 * (entries ringing endpoints, a phone or an agent) and `/api/admin/contacts/:id/caller-profile`.
 * Admins change, supervisors read, agents get nothing; bad input is refused field by field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openWithRoleClients } from '../support/role-clients.ts';
import type { ApiClient, ApiHarness, JsonBody } from './api-harness.ts';

describe('directory admin routes', () => {
  let h: ApiHarness;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let agent: ApiClient;
  before(async () => {
    ({ h, admin, supervisor, agent } = await openWithRoleClients());
  });
  after(() => h.close());

  async function create(body: JsonBody): Promise<JsonBody> {
    const res = await admin.post('/api/admin/directory', body);
    assert.equal(res.status, 201, res.text);
    return res.body.entry;
  }

  test('an admin creates an entry ringing endpoints; defaults fill ring time and voicemail', async () => {
    const entry = await create({
      extension: '101',
      name: ' Sales ',
      target: { kind: 'endpoints', endpoints: ['PJSIP/2001', ' PJSIP/2002'] },
    });
    assert.equal(entry.extension, '101');
    assert.equal(entry.name, 'Sales');
    assert.deepEqual(entry.target, { kind: 'endpoints', endpoints: ['PJSIP/2001', 'PJSIP/2002'] });
    assert.equal(entry.ringSeconds, 20);
    assert.equal(entry.voicemailBox, '101');
    assert.equal(entry.voicemailContext, 'default');
    assert.equal(entry.enabled, true);
    assert.ok(!Number.isNaN(Date.parse(entry.createdAt)));

    const stored = await h.services.directory.findByExtension('101');
    assert.deepEqual(stored?.target, { kind: 'endpoints', endpoints: ['PJSIP/2001', 'PJSIP/2002'] });

    const read = await admin.get(`/api/admin/directory/${entry.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.entry, entry);
  });

  test('entries for an agent and a phone show whom they ring, in the list ordered by extension', async () => {
    const forAgent = await create({
      extension: '301',
      name: 'Alice',
      target: { kind: 'agent', agentId: h.alice.id },
      ringSeconds: 15,
      voicemailBox: null,
    });
    assert.deepEqual(forAgent.target, {
      kind: 'agent',
      agentId: h.alice.id,
      name: 'Alice Moreau',
      userId: '1001',
      enabled: true,
    });
    assert.equal(forAgent.voicemailBox, null);
    const desk = h.desks[1]!;
    const forDesk = await create({
      extension: '150',
      name: 'Lobby',
      target: { kind: 'device', deviceId: desk.id },
      voicemailBox: 'lobby_box',
      voicemailContext: 'front-desk',
    });
    assert.deepEqual(forDesk.target, {
      kind: 'device',
      deviceId: desk.id,
      name: 'Desk 13',
      endpoint: 'PJSIP/2002',
      enabled: true,
    });
    assert.equal(forDesk.voicemailContext, 'front-desk');

    const list = await admin.get('/api/admin/directory');
    assert.equal(list.status, 200);
    const extensions = list.body.entries.map((e: JsonBody) => e.extension);
    assert.deepEqual(
      extensions,
      [...extensions].sort((a: string, b: string) => a.localeCompare(b)),
    );
    for (const ext of ['150', '301']) assert.ok(extensions.includes(ext), ext);
    const listed = list.body.entries.find((e: JsonBody) => e.extension === '301');
    assert.equal(listed.target.name, 'Alice Moreau');
  });

  test('PATCH changes only what it names, switches the target and disables', async () => {
    const entry = await create({
      extension: '302',
      name: 'Support',
      target: { kind: 'agent', agentId: h.alice.id },
    });
    const patched = await admin.patch(`/api/admin/directory/${entry.id}`, {
      ringSeconds: 45,
      target: { kind: 'endpoints', endpoints: ['Local/2001@from-internal/n'] },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.entry.ringSeconds, 45);
    assert.equal(patched.body.entry.name, 'Support');
    assert.deepEqual(patched.body.entry.target, {
      kind: 'endpoints',
      endpoints: ['Local/2001@from-internal/n'],
    });

    const disabled = await admin.patch(`/api/admin/directory/${entry.id}`, {
      enabled: false,
      voicemailBox: null,
    });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.entry.enabled, false);
    assert.equal(disabled.body.entry.voicemailBox, null);
    const route = await h.services.directory.resolveRoute('302', { mobileTrunkContext: 'callgate-mobile' });
    assert.equal(route.kind, 'disabled');

    const nothing = await admin.patch(`/api/admin/directory/${entry.id}`, {});
    assert.equal(nothing.status, 200);
    assert.equal(nothing.body.entry.ringSeconds, 45);
  });

  test('bad input is refused with a message on each field, and nothing is stored', async () => {
    const res = await admin.post('/api/admin/directory', {
      extension: '12a',
      name: '',
      target: { kind: 'endpoints', endpoints: ['PJSIP/2001', 'PJSIP/20&01'] },
      ringSeconds: 0,
      voicemailBox: 'box@other',
      voicemailContext: 'a,b',
      color: 'red',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'E_VALIDATION');
    const fields = res.body.error.fields;
    assert.match(fields.extension, /1 to 20 digits/);
    assert.match(fields.name, /required/);
    assert.match(fields['target.endpoints.1'], /must look like PJSIP\/2001/);
    assert.match(fields.ringSeconds, /1 to 600/);
    assert.match(fields.voicemailBox, /Voicemail box/);
    assert.match(fields.voicemailContext, /Voicemail context/);
    assert.equal(fields.color, 'Unknown field');
    assert.equal(await h.services.directory.findByExtension('12a'), undefined);

    const cases: Array<[JsonBody, string, RegExp]> = [
      [{ extension: '1', name: 'X' }, 'target', /Required|object with a kind/],
      [{ extension: '1', name: 'X', target: { kind: 'phone' } }, 'target.kind', /endpoints, device, agent/],
      [
        { extension: '1', name: 'X', target: { kind: 'endpoints', endpoints: [] } },
        'target.endpoints',
        /at least one/,
      ],
      [{ extension: '1', name: 'X', target: { kind: 'agent', agentId: '7' } }, 'target.agentId', /number/],
      [
        { extension: '1', name: 'X', target: { kind: 'agent', agentId: 1, deviceId: 2 } },
        'target.deviceId',
        /Unknown field/,
      ],
      [{ extension: 101, name: 'X', target: { kind: 'agent', agentId: 1 } }, 'extension', /Must be text/],
      [
        { extension: '1', name: 'X', target: { kind: 'agent', agentId: 1 }, ringSeconds: 2.5 },
        'ringSeconds',
        /whole number/,
      ],
      [
        { extension: '1', name: 'X', target: { kind: 'agent', agentId: 1 }, enabled: 'yes' },
        'enabled',
        /true or false/,
      ],
    ];
    for (const [body, field, message] of cases) {
      const bad = await admin.post('/api/admin/directory', body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.match(bad.body.error.fields?.[field] ?? '', message, `${field} of ${JSON.stringify(body)}`);
    }
    const notObject = await admin.post('/api/admin/directory', ['101']);
    assert.equal(notObject.status, 400);
    assert.equal(notObject.body.error.code, 'E_VALIDATION');
  });

  test('a taken extension is 409 on the extension field, on create and on change', async () => {
    await create({ extension: '401', name: 'A', target: { kind: 'endpoints', endpoints: ['PJSIP/401'] } });
    const other = await create({
      extension: '402',
      name: 'B',
      target: { kind: 'endpoints', endpoints: ['PJSIP/402'] },
    });
    const dup = await admin.post('/api/admin/directory', {
      extension: '401',
      name: 'C',
      target: { kind: 'endpoints', endpoints: ['PJSIP/403'] },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'E_CONFLICT');
    assert.ok(dup.body.error.fields.extension);
    const moved = await admin.patch(`/api/admin/directory/${other.id}`, { extension: '401' });
    assert.equal(moved.status, 409);
    assert.ok(moved.body.error.fields.extension);
    assert.equal((await h.services.directory.get(other.id)).extension, '402');
  });

  test('an agent or phone that does not exist is a field error; a missing entry is 404', async () => {
    const noAgent = await admin.post('/api/admin/directory', {
      extension: '501',
      name: 'Ghost',
      target: { kind: 'agent', agentId: 999_999 },
    });
    assert.equal(noAgent.status, 400);
    assert.match(noAgent.body.error.fields['target.agentId'], /No agent/);
    const noDevice = await admin.post('/api/admin/directory', {
      extension: '501',
      name: 'Ghost',
      target: { kind: 'device', deviceId: 999_999 },
    });
    assert.equal(noDevice.status, 400);
    assert.match(noDevice.body.error.fields['target.deviceId'], /No device/);
    assert.equal(await h.services.directory.findByExtension('501'), undefined);

    const entry = await create({
      extension: '502',
      name: 'Real',
      target: { kind: 'endpoints', endpoints: ['PJSIP/502'] },
    });
    const switched = await admin.patch(`/api/admin/directory/${entry.id}`, {
      target: { kind: 'agent', agentId: 999_999 },
    });
    assert.equal(switched.status, 400);
    assert.ok(switched.body.error.fields['target.agentId']);

    assert.equal((await admin.get('/api/admin/directory/999999')).status, 404);
    const missing = await admin.patch('/api/admin/directory/999999', { name: 'X' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'E_NOT_FOUND');
    const badId = await admin.get('/api/admin/directory/abc');
    assert.equal(badId.status, 400);
    assert.equal(badId.body.error.code, 'E_VALIDATION');
  });

  test('supervisors read the directory but change nothing; agents get 403 everywhere', async () => {
    const entry = await create({
      extension: '601',
      name: 'Read only',
      target: { kind: 'endpoints', endpoints: ['PJSIP/601'] },
    });
    assert.equal((await supervisor.get('/api/admin/directory')).status, 200);
    const read = await supervisor.get(`/api/admin/directory/${entry.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.entry.extension, '601');

    const changes: Array<[string, string, JsonBody]> = [
      [
        'POST',
        '/api/admin/directory',
        { extension: '602', name: 'X', target: { kind: 'agent', agentId: 1 } },
      ],
      ['PATCH', `/api/admin/directory/${entry.id}`, { enabled: false }],
    ];
    for (const [method, path, body] of changes) {
      const res = await supervisor.request(method, path, body);
      assert.equal(res.status, 403, `supervisor ${method} ${path}`);
      assert.equal(res.body.error.code, 'E_FORBIDDEN');
    }
    for (const [method, path, body] of [
      ['GET', '/api/admin/directory', undefined],
      ['GET', `/api/admin/directory/${entry.id}`, undefined],
      ...changes,
    ] as Array<[string, string, JsonBody]>) {
      const res = await agent.request(method, path, body);
      assert.equal(res.status, 403, `agent ${method} ${path}`);
      assert.equal(res.body.error.code, 'E_FORBIDDEN');
    }
    assert.equal(await h.services.directory.findByExtension('602'), undefined);
    assert.equal((await h.services.directory.get(entry.id)).enabled, true);

    assert.equal((await h.client().get('/api/admin/directory')).status, 401);
    const noToken = await admin.post(
      '/api/admin/directory',
      { extension: '603', name: 'X', target: { kind: 'endpoints', endpoints: ['PJSIP/603'] } },
      { csrf: false },
    );
    assert.equal(noToken.status, 403);
    assert.equal(noToken.body.error.code, 'E_CSRF');
    assert.equal(await h.services.directory.findByExtension('603'), undefined);
  });

  test('caller profile: an admin sets VIP and account, the caller lookup sees them', async () => {
    const contact = await h.services.contacts.create({ officeNum: '2079460000', name: 'Acme Ltd' });
    const path = `/api/admin/contacts/${contact.id}/caller-profile`;
    const before = await admin.get(path);
    assert.equal(before.status, 200);
    assert.deepEqual(before.body.callerProfile, {
      contactId: contact.id,
      officeNum: '2079460000',
      name: 'Acme Ltd',
      vip: false,
      account: null,
    });

    const set = await admin.patch(path, { vip: true, account: ' ACME-42 ' });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.callerProfile.vip, true);
    assert.equal(set.body.callerProfile.account, 'ACME-42');
    const found = await h.services.callers.lookup('+2079460000');
    assert.equal(found.status, 'found');
    assert.equal(found.status === 'found' && found.caller.vip, true);

    const cleared = await admin.patch(path, { account: '' });
    assert.equal(cleared.body.callerProfile.account, null);
    assert.equal(cleared.body.callerProfile.vip, true);

    for (const [body, field] of [
      [{ account: 'é'.repeat(3) }, 'account'],
      [{ account: 'x'.repeat(65) }, 'account'],
      [{ vip: 'yes' }, 'vip'],
      [{ vip: true, officeNum: '1' }, 'officeNum'],
    ] as Array<[JsonBody, string]>) {
      const bad = await admin.patch(path, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.ok(bad.body.error.fields[field], `${field} of ${JSON.stringify(body)}`);
    }
    assert.equal((await h.services.callers.get('2079460000')).account, null);

    assert.equal((await admin.get('/api/admin/contacts/999999/caller-profile')).status, 404);
    assert.equal((await admin.patch('/api/admin/contacts/999999/caller-profile', { vip: true })).status, 404);

    assert.equal((await supervisor.get(path)).status, 200);
    assert.equal((await supervisor.patch(path, { vip: false })).status, 403);
    assert.equal((await agent.get(path)).status, 403);
    assert.equal((await agent.patch(path, { vip: false })).status, 403);
    assert.equal((await h.services.callers.get('2079460000')).vip, true);
  });
});
