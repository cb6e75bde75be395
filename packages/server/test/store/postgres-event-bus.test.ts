import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isDomainError } from '../../src/domain/domain-error.ts';
import type { DomainEvent } from '../../src/domain/event-bus.ts';
import { PostgresEventBus } from '../../src/store/postgres-event-bus.ts';
import { isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';

const reachable = await isPostgresReachable();
console.log(`store backends: ${reachable ? 'postgres' : 'none (PostgreSQL not reachable: skipped)'}`);

function nextEvent(bus: PostgresEventBus): Promise<DomainEvent> {
  return new Promise((resolve) => {
    const off = bus.subscribe((e) => {
      off();
      resolve(e);
    });
  });
}

test('events published on one node arrive on another, with their dates', { skip: !reachable }, async () => {
  // A channel of its own, since other test runs share the database.
  const channel = `t_events_${randomBytes(5).toString('hex')}`;
  const a = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel });
  const b = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel });
  try {
    const atB = nextEvent(b);
    const localAtA: DomainEvent[] = [];
    a.subscribe((e) => localAtA.push(e));
    const at = new Date('2026-01-01T09:00:00.000Z');
    a.publish({
      type: 'auth.event',
      event: {
        id: 1,
        at,
        source: 'dialin',
        agentId: 7,
        enteredId: '1001',
        callerId: null,
        channel: null,
        uniqueid: null,
        remoteIp: null,
        result: 'ok',
        attempt: 1,
      },
    });
    const received = await atB;
    assert.equal(received.type, 'auth.event');
    assert.ok(received.type === 'auth.event' && received.event.at instanceof Date);
    assert.equal(received.type === 'auth.event' && received.event.at.getTime(), at.getTime());
    // The publishing node delivered it once, locally, and ignores its own NOTIFY.
    const ownEcho = nextEvent(a);
    b.publish({ ...received });
    await ownEcho;
    assert.equal(localAtA.length, 2);
  } finally {
    await a.close();
    await b.close();
  }
});

test('a bus that cannot reach PostgreSQL fails with E_STORE_UNAVAILABLE', async () => {
  await assert.rejects(
    PostgresEventBus.start({ connectionString: 'postgres://x@127.0.0.1:1/test', connectTimeoutMs: 500 }),
    (err: unknown) => isDomainError(err, 'E_STORE_UNAVAILABLE'),
  );
});
