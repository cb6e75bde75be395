import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import type { AmiClient } from '../../src/asterisk/ami-client.ts';
import { AsteriskStore } from '../../src/asterisk/asterisk-store.ts';
import { SessionCallControl } from '../../src/asterisk/session-call-control.ts';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import { PostgresEventBus } from '../../src/store/postgres-event-bus.ts';
import { isPostgresReachable, openTestStore, POSTGRES_URL, TEST_HASH_COST } from '../support/test-stores.ts';
import { clientFor } from './ami-test-support.ts';

/** One Callgate node: its own store connection, event bus, AMI client and call control. */
interface Node {
  services: Services;
  bus: PostgresEventBus;
  client: AmiClient;
  calls: SessionCallControl;
}

describe('two nodes on one PostgreSQL database and one Asterisk', {
  skip: !(await isPostgresReachable()),
}, () => {
  test('a session started on one node rings the phone once, and its end is applied once per node', async () => {
    const t = await openTestStore('postgres');
    const fake = await FakeAmiServer.start();
    // A channel of our own: other test runs on this database must not hear these events.
    const channel = `cg_test_${randomBytes(4).toString('hex')}`;
    const nodes: Node[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const store = i === 0 ? t.store : await t.openAnother();
        const bus = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel });
        const services = createServices({ store, events: bus, hashCost: TEST_HASH_COST });
        const client = clientFor(fake);
        const calls = new SessionCallControl({
          services,
          client,
          store: new AsteriskStore(store.db),
          control: { trunkContext: 'callgate-mobile', registrationCheckIntervalMs: 0, ringTimeoutMs: 1000 },
        });
        const synced = once(calls.control, 'synced');
        calls.start();
        client.start();
        await synced;
        nodes.push({ services, bus, client, calls });
      }
      const [a, b] = nodes as [Node, Node];
      fake.addQueue('sales');
      const alice = await a.services.agents.create({ userId: '1001', name: 'Alice' });
      await new AsteriskStore(t.store.db).setAgentQueues(alice.id, ['sales']);

      // Node b hears the start through LISTEN/NOTIFY; both try, one claim lands.
      const heardOnB = new Promise<void>((resolve) => {
        const off = b.bus.subscribe((e) => {
          if (e.type === 'session.started') {
            off();
            resolve();
          }
        });
      });
      const session = await a.services.sessions.start(alice.id, { interface: 'internal' });
      await heardOnB;
      await Promise.all(nodes.map((n) => n.calls.idle()));
      assert.equal(fake.actionsNamed('Originate').length, 1, 'the phone rang once');
      const now = await b.services.sessions.get(session.id);
      assert.equal(now.phoneLeg, 'connected');
      assert.equal(fake.queues.get('sales')?.size, 1, 'one queue member, however many nodes added it');

      const heardEndOnB = new Promise<void>((resolve) => {
        const off = b.bus.subscribe((e) => {
          if (e.type === 'session.ended') {
            off();
            resolve();
          }
        });
      });
      await a.services.sessions.end(session.id);
      await heardEndOnB;
      await Promise.all(nodes.map((n) => n.calls.idle()));
      assert.equal(fake.conferences.size, 0, 'the leg is gone');
      assert.equal(fake.queues.get('sales')?.size, 0);
    } finally {
      for (const n of nodes) {
        await n.calls.stop();
        await n.client.close();
        await n.bus.close();
      }
      await fake.close();
      await t.close();
    }
  });
});
