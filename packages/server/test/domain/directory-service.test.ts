/**
 * The extension directory and caller lookup services on a real store (SQLite, and PostgreSQL when
 * reachable): validation, routes for endpoint and agent entries, caller normalisation and lookup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDomainError } from '../../src/domain/domain-error.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

const code = (c: string) => (e: unknown) => isDomainError(e, c as never);
const ROUTE = { mobileTrunkContext: 'callgate-mobile' };

for (const backend of await testBackends()) {
  describe(`directory [${backend}]`, () => {
    let t: TestServices;
    before(async () => {
      t = await openTestServices(backend);
    });
    after(() => t.close());

    test('add with defaults, list in extension order, duplicate and bad values refused', async () => {
      const { directory } = t.services;
      const b = await directory.add({
        extension: '102',
        name: 'Bob',
        endpoints: ['PJSIP/bob', 'SIP/bob-old'],
      });
      const a = await directory.add({
        extension: '101',
        name: 'Ann',
        endpoints: ['PJSIP/2001'],
        ringSeconds: 15,
      });
      assert.deepEqual(
        [b.ringSeconds, b.voicemailBox, b.voicemailContext, b.enabled, b.target],
        [20, '102', 'default', true, { kind: 'endpoints', endpoints: ['PJSIP/bob', 'SIP/bob-old'] }],
      );
      assert.equal(a.ringSeconds, 15);
      assert.deepEqual(
        (await directory.list()).map((e) => e.extension),
        ['101', '102'],
      );
      await assert.rejects(
        directory.add({ extension: '101', name: 'X', endpoints: ['PJSIP/x'] }),
        code('E_DUPLICATE'),
      );
      await assert.rejects(
        directory.add({ extension: '1a', name: 'X', endpoints: ['PJSIP/x'] }),
        code('E_VALIDATION'),
      );
      // `&` or `,` inside an endpoint would change what Dial() rings.
      await assert.rejects(
        directory.add({ extension: '109', name: 'X', endpoints: ['PJSIP/x&PJSIP/y'] }),
        code('E_VALIDATION'),
      );
      await assert.rejects(
        directory.add({ extension: '109', name: 'X', endpoints: [] }),
        code('E_VALIDATION'),
      );
      await assert.rejects(directory.add({ extension: '109', name: 'X' }), code('E_VALIDATION'));
      await assert.rejects(
        directory.add({ extension: '109', name: 'X', endpoints: ['PJSIP/x'], voicemailBox: '1@evil' }),
        code('E_VALIDATION'),
      );
      await assert.rejects(
        directory.add({ extension: '109', name: 'X', endpoints: ['PJSIP/x'], ringSeconds: 0 }),
        code('E_VALIDATION'),
      );
      await assert.rejects(
        directory.add({ extension: '109', name: 'X', agentId: 99999 }),
        code('E_NOT_FOUND'),
      );
    });

    test('routes: endpoints joined with &, disabled, unknown, update and disable', async () => {
      const { directory } = t.services;
      const entry = await directory.add({
        extension: '201',
        name: 'Sales',
        endpoints: ['PJSIP/2001', 'PJSIP/2002'],
        voicemailBox: null,
      });
      const route = await directory.resolveRoute('201', ROUTE);
      assert.equal(route.kind, 'dial');
      assert.equal(route.kind === 'dial' && route.dialString, 'PJSIP/2001&PJSIP/2002');
      assert.equal(entry.voicemailBox, null);
      assert.deepEqual(await directory.resolveRoute('299', ROUTE), { kind: 'unknown' });
      assert.deepEqual(await directory.resolveRoute('*201', ROUTE), { kind: 'unknown' });

      t.clock.advance(1000);
      const updated = await directory.update(entry.id, {
        voicemailBox: '2010',
        voicemailContext: 'sales',
        ringSeconds: 9,
      });
      assert.deepEqual(
        [updated.voicemailBox, updated.voicemailContext, updated.ringSeconds],
        ['2010', 'sales', 9],
      );
      assert.ok(updated.updatedAt > entry.updatedAt);
      const disabled = await directory.disable(entry.id);
      assert.equal(disabled.enabled, false);
      assert.equal((await directory.resolveRoute('201', ROUTE)).kind, 'disabled');
      await assert.rejects(directory.disable(424242), code('E_NOT_FOUND'));
    });

    test('device entries ring the device endpoint while it is enabled; one target only', async () => {
      const { directory, devices } = t.services;
      const device = await devices.create({ name: 'Lobby phone', endpoint: 'PJSIP/2150' });
      const entry = await directory.add({ extension: '150', name: 'Lobby', deviceId: device.id });
      assert.deepEqual(entry.target, { kind: 'device', deviceId: device.id });
      const route = await directory.resolveRoute('150', ROUTE);
      assert.equal(route.kind === 'dial' && route.dialString, 'PJSIP/2150');
      await devices.update(device.id, { enabled: false });
      const off = await directory.resolveRoute('150', ROUTE);
      assert.equal(off.kind === 'unavailable' && off.reason, 'device_disabled');
      await assert.rejects(
        directory.add({ extension: '151', name: 'X', deviceId: device.id, endpoints: ['PJSIP/1'] }),
        code('E_VALIDATION'),
      );
      await assert.rejects(
        directory.add({ extension: '151', name: 'X', deviceId: 424242 }),
        code('E_NOT_FOUND'),
      );
      // Switching the target clears the other columns (the table allows exactly one).
      const switched = await directory.update(entry.id, { endpoints: ['PJSIP/2151'] });
      assert.deepEqual(switched.target, { kind: 'endpoints', endpoints: ['PJSIP/2151'] });
    });

    test('agent entries follow the agent session: internal, phone, mobile, dial-in, in call, logged out', async () => {
      const { directory, agents, sessions, devices } = t.services;
      const agent = await agents.create({ userId: '3001', name: 'Ava', mobileNumber: '+447700900123' });
      const device = await devices.create({ name: 'Desk 7', endpoint: 'PJSIP/2107' });
      await directory.add({ extension: '301', name: 'Ava', agentId: agent.id });
      const route = async () => {
        const r = await directory.resolveRoute('301', ROUTE);
        if (r.kind === 'dial') return r.dialString;
        return r.kind === 'unavailable' ? `unavailable:${r.reason}` : r.kind;
      };

      assert.equal(await route(), 'unavailable:logged_out');
      let session = await sessions.start(agent.id, { interface: 'internal' });
      assert.equal(await route(), 'PJSIP/3001');
      await sessions.ready(session.id);
      await sessions.beginCall(session.id);
      assert.equal(await route(), 'busy');
      await sessions.endCall(session.id);
      await sessions.end(session.id);

      session = await sessions.start(agent.id, { interface: 'phone', deviceId: device.id });
      assert.equal(await route(), 'PJSIP/2107');
      await sessions.end(session.id);
      session = await sessions.start(agent.id, { interface: 'mobile' });
      assert.equal(await route(), 'Local/+447700900123@callgate-mobile/n');
      await sessions.end(session.id);
      session = await sessions.start(agent.id, { interface: 'dialin' });
      assert.equal(await route(), 'unavailable:dial_in_session');
      await sessions.end(session.id);

      await agents.disable(agent.id);
      assert.equal(await route(), 'unavailable:agent_disabled');
    });

    test('callers: lookup by normalised number, VIP and account', async () => {
      const { contacts, callers } = t.services;
      await contacts.create({ officeNum: '2079460000', name: 'Acme Ltd' });
      await contacts.create({ officeNum: '05551234', name: 'Old Style' });
      const vip = await callers.update('2079460000', { vip: true, account: ' ACME-42 ' });
      assert.deepEqual([vip.vip, vip.account, vip.name], [true, 'ACME-42', 'Acme Ltd']);

      const rules = { countryCode: '44', trunkPrefix: '0' };
      const found = await callers.lookup('+44 (20) 7946-0000', rules);
      assert.equal(found.status, 'found');
      assert.equal(found.status === 'found' && found.caller.account, 'ACME-42');
      assert.equal(found.status === 'found' && found.number, '2079460000');
      // Stored with the trunk prefix, called from abroad format.
      const old = await callers.lookup('0044 5551234', rules);
      assert.equal(old.status === 'found' && old.caller.name, 'Old Style');
      assert.deepEqual(await callers.lookup('5550000', rules), { status: 'not_found', number: '5550000' });
      assert.deepEqual(await callers.lookup('unknown', rules), { status: 'invalid', reason: 'missing' });
      assert.deepEqual(await callers.lookup('12ab34', rules), { status: 'invalid', reason: 'malformed' });

      const cleared = await callers.update('2079460000', { vip: false, account: null });
      assert.deepEqual([cleared.vip, cleared.account], [false, null]);
      await assert.rejects(callers.update('999', { vip: true }), code('E_NOT_FOUND'));
      await assert.rejects(callers.update('05551234', { account: 'two\nlines' }), code('E_VALIDATION'));
      // Contacts made through the contacts service start as ordinary callers.
      assert.deepEqual(
        [(await callers.get('05551234')).vip, (await callers.get('05551234')).account],
        [false, null],
      );
    });

    test('callers: a disabled contact is not recognised; enabled again, it is', async () => {
      const { contacts, callers } = t.services;
      const acme = await contacts.create({ officeNum: '2079461111', name: 'Dormant Ltd' });
      await callers.update('2079461111', { vip: true });
      const rules = { countryCode: '44', trunkPrefix: '0' };
      await contacts.update(acme.id, { enabled: false });
      assert.deepEqual(await callers.lookup('+44 20 7946 1111', rules), {
        status: 'not_found',
        number: '2079461111',
      });
      // Admins still see and edit its caller details.
      assert.equal((await callers.get('2079461111')).vip, true);
      await contacts.update(acme.id, { enabled: true });
      const found = await callers.lookup('+44 20 7946 1111', rules);
      assert.equal(found.status === 'found' && found.caller.vip, true);
    });
  });
}
