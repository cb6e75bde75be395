import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDomainError } from '../../src/domain/domain-error.ts';
import { InProcessEventBus } from '../../src/domain/event-bus.ts';
import { verifySecret } from '../../src/domain/secret-hash.ts';
import { seedDemoData } from '../../src/domain/seed-demo-data.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

const code = (c: string) => (e: unknown) => isDomainError(e, c as never);

for (const backend of await testBackends()) {
  describe(`devices, contacts, pause codes [${backend}]`, () => {
    let t: TestServices;
    before(async () => {
      t = await openTestServices(backend);
    });
    after(() => t.close());

    test('devices: create, duplicate endpoint, bad endpoint, registration', async () => {
      const d = await t.services.devices.create({
        name: 'Desk 1',
        endpoint: 'PJSIP/2001',
        location: 'Floor 1',
      });
      assert.deepEqual([d.kind, d.enabled, d.registered], ['desk', true, false]);
      await assert.rejects(
        t.services.devices.create({ name: 'Dup', endpoint: 'PJSIP/2001' }),
        code('E_DUPLICATE'),
      );
      await assert.rejects(
        t.services.devices.create({ name: 'Bad', endpoint: '2001' }),
        code('E_VALIDATION'),
      );
      t.clock.advance(1000);
      const reg = await t.services.devices.setRegistration('PJSIP/2001', {
        registered: true,
        contact: 'sip:2001@10.0.0.5',
      });
      assert.deepEqual(
        [reg.registered, reg.contact, reg.registeredAt?.getTime()],
        [true, 'sip:2001@10.0.0.5', t.clock.now().getTime()],
      );
      await t.services.devices.create({ name: 'Desk 2', endpoint: 'PJSIP/2002' });
      assert.deepEqual(
        (await t.services.devices.listAvailable({ registeredOnly: true })).map((x) => x.endpoint),
        ['PJSIP/2001'],
      );
      assert.equal((await t.services.devices.listAvailable()).length, 2);
      await t.services.devices.update((await t.services.devices.findByEndpoint('PJSIP/2002'))!.id, {
        enabled: false,
      });
      const off = await t.services.devices.update(d.id, { enabled: false });
      assert.equal(off.enabled, false);
      assert.deepEqual(await t.services.devices.listAvailable(), []);
    });

    test('contacts: office numbers are digits and unique; update and remove', async () => {
      const c = await t.services.contacts.create({ officeNum: '5001', name: 'Front desk' });
      await assert.rejects(
        t.services.contacts.create({ officeNum: '5001', name: 'Again' }),
        code('E_DUPLICATE'),
      );
      await assert.rejects(
        t.services.contacts.create({ officeNum: '50x', name: 'Bad' }),
        code('E_VALIDATION'),
      );
      assert.equal(
        (await t.services.contacts.update(c.id, { details: 'Ground floor' })).details,
        'Ground floor',
      );
      await t.services.contacts.remove(c.id);
      assert.equal(await t.services.contacts.findByOfficeNum('5001'), undefined);
      await assert.rejects(t.services.contacts.remove(c.id), code('E_NOT_FOUND'));
    });

    test('pause codes: LAGGED exists as a system code and cannot be edited', async () => {
      const lagged = await t.services.pauseCodes.get('LAGGED');
      assert.deepEqual([lagged.system, lagged.active], [true, true]);
      await assert.rejects(t.services.pauseCodes.update('LAGGED', { active: false }), code('E_VALIDATION'));
      const brk = await t.services.pauseCodes.create({ code: 'BREAK', name: 'Break', maxSeconds: 900 });
      assert.deepEqual([brk.billable, brk.maxSeconds, brk.system], [false, 900, false]);
      await assert.rejects(t.services.pauseCodes.create({ code: 'BREAK', name: 'x' }), code('E_DUPLICATE'));
      await assert.rejects(t.services.pauseCodes.create({ code: 'break', name: 'x' }), code('E_VALIDATION'));
      assert.equal((await t.services.pauseCodes.update('BREAK', { billable: true })).billable, true);
    });
  });

  describe(`demo data [${backend}]`, () => {
    let t: TestServices;
    before(async () => {
      t = await openTestServices(backend);
    });
    after(() => t.close());

    test('seeds an empty database once and returns working credentials', async () => {
      const demo = await seedDemoData(t.services);
      assert.ok(demo);
      assert.equal(demo.admin.agent.userId, '9000');
      assert.equal(demo.admin.agent.role, 'admin');
      const adminRecord = await t.store.agents.findByUserId('9000');
      assert.equal(await verifySecret(demo.admin.password, adminRecord?.passwordHash), true);
      assert.deepEqual(
        demo.agents.map((a) => [a.agent.userId, a.pin]),
        [
          ['1001', '4321'],
          ['1002', '8765'],
        ],
      );
      assert.deepEqual(
        demo.devices.map((d) => d.endpoint),
        ['PJSIP/2001', 'PJSIP/2002', 'PJSIP/2003'],
      );
      assert.ok(demo.agents.some((a) => a.agent.hotDesk));
      assert.deepEqual(
        demo.pauseCodes.map((p) => p.code),
        ['BREAK', 'LAGGED', 'LUNCH', 'TRAIN'],
      );
      assert.equal(demo.contacts.length, 1);
      const dial = await t.services.dialIn.verifyDialIn({ userId: '1001', pin: '4321', callerId: '1' });
      assert.equal(dial.result, 'no_session');
      assert.equal(await seedDemoData(t.services), undefined);
    });
  });
}

test('the in-process event bus delivers to subscribers until they unsubscribe, despite failing ones', () => {
  const bus = new InProcessEventBus();
  const seen: string[] = [];
  bus.subscribe(() => {
    throw new Error('listener bug');
  });
  const off = bus.subscribe((e) => seen.push(e.type));
  const event = { type: 'auth.event', event: {} } as never;
  bus.publish(event);
  off();
  bus.publish(event);
  assert.deepEqual(seen, ['auth.event']);
});
