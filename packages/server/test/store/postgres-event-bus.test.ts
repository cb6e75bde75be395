import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
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
        actorAgentId: null,
        detail: null,
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

/** A small event whose `attempt` field numbers it. */
function numbered(n: number): DomainEvent {
  return {
    type: 'auth.event',
    event: {
      id: n,
      at: new Date(0),
      source: 'web',
      agentId: null,
      enteredId: null,
      callerId: null,
      channel: null,
      uniqueid: null,
      remoteIp: null,
      result: 'ok',
      attempt: n,
      actorAgentId: null,
      detail: null,
    },
  };
}

/** Resolves with the numbers of the first `count` events the bus delivers. */
function collect(bus: PostgresEventBus, count: number, timeoutMs = 10_000): Promise<number[]> {
  const seen: number[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`got ${seen.length} of ${count} events: ${seen.join(',')}`));
    }, timeoutMs);
    const off = bus.subscribe((e) => {
      if (e.type === 'auth.event') seen.push(e.event.attempt ?? -1);
      if (seen.length === count) {
        clearTimeout(timer);
        off();
        resolve(seen);
      }
    });
  });
}

/** Cuts the bus's connections from the server side, as a PostgreSQL restart or failover would. */
async function terminateConnections(applicationName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const r = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

test('100 events published in a burst arrive on another node in order', { skip: !reachable }, async () => {
  const channel = `t_order_${randomBytes(5).toString('hex')}`;
  const a = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel });
  const b = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel });
  try {
    const arrived = collect(b, 100);
    for (let n = 1; n <= 100; n++) a.publish(numbered(n));
    assert.deepEqual(
      await arrived,
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  } finally {
    await a.close();
    await b.close();
  }
});

test('after its connections are cut, a bus reconnects: publishes and hears again, in order', {
  skip: !reachable,
}, async () => {
  const channel = `t_recon_${randomBytes(5).toString('hex')}`;
  const errors: Error[] = [];
  const a = await PostgresEventBus.start({
    connectionString: POSTGRES_URL,
    channel,
    onError: (err) => errors.push(err),
  });
  const b = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel });
  try {
    // Both nodes' publishers share the name; cutting both is harsher still.
    assert.ok((await terminateConnections(`callgate_notify_${channel}`)) >= 1);
    const atB = collect(b, 20);
    for (let n = 1; n <= 20; n++) a.publish(numbered(n));
    assert.deepEqual(
      await atB,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.ok(errors.length > 0, 'the lost connection was reported');

    // The listener too: once it is back, B's events reach A again.
    assert.ok((await terminateConnections(`callgate_listen_${channel}`)) >= 1);
    const atA = collect(a, 1);
    let n = 1000;
    // Events sent while A is not listening yet are missed (best effort): keep sending until one lands.
    const sender = setInterval(() => b.publish(numbered(n++)), 50);
    try {
      const [first] = await atA;
      assert.ok(first !== undefined && first >= 1000);
    } finally {
      clearInterval(sender);
    }
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
