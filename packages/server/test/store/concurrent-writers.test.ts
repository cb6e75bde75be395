/**
 * Races the rules must survive: two nodes (two stores on one PostgreSQL database; on SQLite one
 * store, whose single connection interleaves at every await) starting sessions, claiming one
 * device or room, and counting failures at the same time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import { isDomainError } from '../../src/domain/domain-error.ts';
import { openTestStore, TEST_HASH_COST, type TestStore, testBackends } from '../support/test-stores.ts';

for (const backend of await testBackends()) {
  describe(`concurrent writers [${backend}]`, () => {
    let t: TestStore;
    let nodeA: Services;
    let nodeB: Services;

    before(async () => {
      t = await openTestStore(backend);
      const other = backend === 'postgres' ? await t.openAnother() : t.store;
      const config = { conferenceRange: { first: 100, last: 102 } };
      nodeA = createServices({ store: t.store, hashCost: TEST_HASH_COST, config });
      nodeB = createServices({ store: other, hashCost: TEST_HASH_COST, config });
      for (let i = 1; i <= 6; i++)
        await nodeA.agents.create({ userId: `200${i}`, name: `Agent ${i}`, pin: '4321' });
      await nodeA.devices.create({ name: 'Desk', endpoint: 'PJSIP/3001' });
    });
    after(() => t.close());

    async function agentId(userId: string): Promise<number> {
      return (await nodeA.agents.findByUserId(userId))!.id;
    }

    async function endAll(): Promise<void> {
      for (const s of await nodeA.sessions.listOpen()) await nodeA.sessions.end(s.id, 'admin');
    }

    test('two logins for one device: one wins, the other gets E_DEVICE_IN_USE', async () => {
      const device = (await nodeA.devices.findByEndpoint('PJSIP/3001'))!;
      const results = await Promise.allSettled([
        nodeA.sessions.start(await agentId('2001'), { interface: 'phone', deviceId: device.id }),
        nodeB.sessions.start(await agentId('2002'), { interface: 'phone', deviceId: device.id }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.find((r) => r.status === 'rejected');
      assert.ok(refused && isDomainError(refused.reason, 'E_DEVICE_IN_USE'), String(refused?.reason));
      await endAll();
    });

    test('two logins of one agent: one session', async () => {
      const id = await agentId('2001');
      const results = await Promise.allSettled([
        nodeA.sessions.start(id, { interface: 'internal' }),
        nodeB.sessions.start(id, { interface: 'internal' }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.find((r) => r.status === 'rejected');
      assert.ok(refused && isDomainError(refused.reason, 'E_SESSION_EXISTS'), String(refused?.reason));
      await endAll();
    });

    test('sessions racing for rooms get distinct rooms, and E_NO_ROOM once the range is full', async () => {
      const ids = await Promise.all(['2001', '2002', '2003', '2004'].map(agentId));
      const results = await Promise.allSettled(
        ids.map((id, i) => (i % 2 ? nodeB : nodeA).sessions.start(id, { interface: 'internal' })),
      );
      const rooms = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.conference] : []));
      assert.deepEqual([...rooms].sort(), [100, 101, 102]);
      const refused = results.find((r) => r.status === 'rejected');
      assert.ok(refused && isDomainError(refused.reason, 'E_NO_ROOM'), String(refused?.reason));
      await endAll();
    });

    test('two dial-ins for one session on two nodes: one leg', async () => {
      await nodeA.sessions.start(await agentId('2005'), { interface: 'dialin' });
      const dial = (node: Services, n: number) =>
        node.dialIn.verifyDialIn({
          userId: '2005',
          pin: '4321',
          callerId: `9${n}`,
          channel: `C/${n}`,
          uniqueid: `${n}`,
        });
      const results = await Promise.all([dial(nodeA, 1), dial(nodeB, 2), dial(nodeA, 3), dial(nodeB, 4)]);
      assert.deepEqual(results.map((r) => r.result).sort(), ['leg_exists', 'leg_exists', 'leg_exists', 'ok']);
      await endAll();
    });

    test('failures from two nodes at once all count towards the lock', async () => {
      const fail = (node: Services, n: number) =>
        node.dialIn.verifyDialIn({ userId: '2006', pin: '0000', callerId: `7${n}` });
      await Promise.all([fail(nodeA, 1), fail(nodeB, 2), fail(nodeA, 3), fail(nodeB, 4), fail(nodeA, 5)]);
      const after = await nodeB.dialIn.verifyDialIn({ userId: '2006', pin: '4321', callerId: '76' });
      assert.equal(after.result, 'locked');
    });
  });
}
