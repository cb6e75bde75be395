import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AsteriskStore } from '../../src/asterisk/asterisk-store.ts';
import { openTestServices, testBackends } from '../support/test-stores.ts';

for (const backend of await testBackends()) {
  describe(`AsteriskStore on ${backend}`, () => {
    test('agent queues: replaced as a whole, order kept, duplicates dropped, names checked', async () => {
      const t = await openTestServices(backend);
      try {
        const store = new AsteriskStore(t.store.db);
        const alice = await t.services.agents.create({ userId: '1001', name: 'Alice' });
        const bob = await t.services.agents.create({ userId: '1002', name: 'Bob' });
        assert.deepEqual(await store.agentQueues(alice.id), []);
        assert.deepEqual(await store.setAgentQueues(alice.id, ['support', 'sales', 'support']), [
          'support',
          'sales',
        ]);
        await store.setAgentQueues(bob.id, ['sales']);
        assert.deepEqual(await store.agentQueues(alice.id), ['support', 'sales']);
        assert.deepEqual(
          [...(await store.queuesByAgent())],
          [
            [alice.id, ['support', 'sales']],
            [bob.id, ['sales']],
          ],
        );
        await assert.rejects(store.setAgentQueues(alice.id, ['ok', 'not ok']), { code: 'E_VALIDATION' });
        assert.deepEqual(
          await store.agentQueues(alice.id),
          ['support', 'sales'],
          'a refused list changes nothing',
        );
        await store.setAgentQueues(alice.id, []);
        assert.deepEqual(await store.agentQueues(alice.id), []);
      } finally {
        await t.close();
      }
    });

    test('SIP secrets: generated once and kept; set replaces', async () => {
      const t = await openTestServices(backend);
      try {
        const store = new AsteriskStore(t.store.db);
        assert.equal(await store.sipSecret('1001'), undefined);
        assert.equal(await store.ensureSipSecret('1001', () => 'first-secret'), 'first-secret');
        assert.equal(await store.ensureSipSecret('1001', () => 'second-secret'), 'first-secret');
        await store.setSipSecret('1001', 'given-secret');
        assert.equal(await store.sipSecret('1001'), 'given-secret');
      } finally {
        await t.close();
      }
    });

    test('leg attempts: the latest per session, finished once', async () => {
      const t = await openTestServices(backend);
      try {
        const store = new AsteriskStore(t.store.db);
        const alice = await t.services.agents.create({ userId: '1001', name: 'Alice' });
        const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
        const at = new Date('2026-01-01T09:00:00.000Z');
        await store.recordLegAttempt({
          sessionId: session.id,
          uniqueid: 'u1',
          interface: 'internal',
          dialString: 'PJSIP/1001',
          at,
        });
        assert.equal(
          await store.finishLegAttempt('u1', {
            status: 'failed',
            reason: 'busy',
            message: 'originate busy',
            at,
          }),
          true,
        );
        assert.equal(
          await store.finishLegAttempt('u1', { status: 'connected', at }),
          false,
          'already finished',
        );
        await store.recordLegAttempt({
          sessionId: session.id,
          uniqueid: 'u2',
          interface: 'internal',
          dialString: 'PJSIP/1001',
          at,
        });
        assert.equal((await store.lastLegAttempt(session.id))?.uniqueid, 'u2');
        await store.finishLegAttempt('u2', { status: 'connected', at });
        const last = await store.lastLegAttempt(session.id);
        assert.equal(last?.status, 'connected');
        assert.equal(last?.reason, null);
        assert.deepEqual(last?.startedAt, at);
        assert.equal(await store.lastLegAttempt(session.id + 1), undefined);
      } finally {
        await t.close();
      }
    });
  });
}
