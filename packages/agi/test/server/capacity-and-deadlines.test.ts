import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { isAgiError } from '../../src/errors.ts';
import { type AgiServer, createAgiServer } from '../../src/server/agi-server.ts';
import type { AgiServerOptions } from '../../src/server/agi-server-options.ts';
import { peerKey } from '../../src/server/peer-key.ts';
import { type LogRecord, memoryLogger, serialised } from './memory-logger.ts';
import { environmentBlock, RawAsteriskPeer, rawCall } from './raw-asterisk-peer.ts';

/** Loopback is a whole /8 on Linux: a second address stands in for a second host. */
const FLOODER = '127.0.0.2';

async function startServer(
  options: AgiServerOptions,
  setup: (server: AgiServer) => void,
): Promise<{ server: AgiServer; port: number; logs: LogRecord[] }> {
  const logger = memoryLogger();
  const server = createAgiServer({ logger, ...options });
  setup(server);
  const { port } = await server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  return { server, port, logs: logger.records };
}

function until(predicate: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > limitMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

/** Opens `count` sockets from `localAddress` that never send a byte; resolves once all are connected. */
async function idleSockets(port: number, count: number, localAddress: string): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ port, host: '127.0.0.1', localAddress });
          socket.on('error', () => {});
          socket.once('connect', () => resolve(socket));
          socket.once('close', () => reject(new Error('closed before connecting')));
        }),
    ),
  );
}

function closedCount(sockets: readonly Socket[]): number {
  return sockets.filter((s) => s.destroyed || s.readyState === 'closed').length;
}

test('peerKey: IPv4 as is (mapped too), IPv6 by its /64', () => {
  assert.equal(peerKey('10.0.0.5'), '10.0.0.5');
  assert.equal(peerKey('::ffff:10.0.0.5'), '10.0.0.5');
  assert.equal(peerKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(peerKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
  assert.equal(peerKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(peerKey('::1'), '0:0:0:0::/64');
  assert.equal(peerKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
});

describe('FastAGI capacity that strangers cannot take', () => {
  test('connections still sending their environment do not count against maxSessions', async () => {
    const { server, port } = await startServer({ maxSessions: 2 }, (s) => {
      s.route('held', async (channel) => {
        await channel.exec('ConfBridge', '1');
      });
    });
    const idle = await idleSockets(port, 100, FLOODER);
    try {
      await until(() => server.stats().pendingConnections === 100, '100 pending');
      const a = await RawAsteriskPeer.connect(port);
      const b = await RawAsteriskPeer.connect(port);
      a.write(environmentBlock('held'));
      b.write(environmentBlock('held'));
      assert.equal(await a.nextLine(), 'EXEC ConfBridge 1');
      assert.equal(await b.nextLine(), 'EXEC ConfBridge 1');
      const stats = server.stats();
      assert.equal(stats.sessionsActive, 2);
      assert.equal(stats.pendingConnections, 100);
      assert.equal(stats.refused.capacity, 0);
      // The sessions cap itself still holds.
      const c = await RawAsteriskPeer.connect(port);
      assert.equal(await c.nextLine(), null);
      assert.equal(server.stats().refused.capacity, 1);
      await Promise.all([a.destroy(), b.destroy()]);
    } finally {
      for (const s of idle) s.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });

  test('1,000 idle sockets from one address while 200 calls from another all succeed', async () => {
    const { server, port, logs } = await startServer(
      { maxSessions: 1000, maxPendingPerPeer: 50, pendingGraceMs: 100 },
      (s) => {
        s.route('hello', async (channel) => {
          await channel.answer();
          await channel.verbose('hello', 1);
        });
      },
    );
    const flood: Socket[] = [];
    let mostPending = 0;
    const watch = setInterval(() => {
      mostPending = Math.max(mostPending, server.stats().pendingConnections);
    }, 1);
    try {
      const flooding = (async () => {
        for (let batch = 0; batch < 10; batch++) {
          flood.push(...(await idleSockets(port, 100, FLOODER)));
          await new Promise((r) => setTimeout(r, 30));
        }
      })();
      const calls = await Promise.all(Array.from({ length: 200 }, () => rawCall(port, 'hello')));
      await flooding;
      for (const commands of calls) assert.deepEqual(commands, ['ANSWER', 'VERBOSE hello 1']);
      // The kernel holds connections the server has not accepted yet: wait until it saw all.
      await until(() => {
        const { pendingConnections, refused } = server.stats();
        return pendingConnections + refused.peer_capacity === 1000;
      }, 'the server to accept or refuse every flood socket');
      await until(
        () => closedCount(flood) === server.stats().refused.peer_capacity,
        'every refused or evicted flood socket to be closed',
      );
      const stats = server.stats();
      assert.equal(stats.sessionsEnded.completed, 200);
      assert.equal(stats.refused.capacity, 0);
      assert.ok(
        stats.pendingConnections <= 100,
        `the flooder holds ${stats.pendingConnections} (2 × 50 at most)`,
      );
      assert.ok(mostPending <= 100 + 200, `at most 2 × 50 of the flooder's (+ the calls'): ${mostPending}`);
      const lines = logs.filter((r) => r.fields.reason === 'peer_capacity');
      assert.ok(lines.length <= 2, 'a flood is a log line or two per peer and reason, not one per socket');
    } finally {
      clearInterval(watch);
      for (const s of flood) s.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a burst of 500 calls from one address at once is served in full: young connections are not idle ones', async () => {
    const { server, port } = await startServer({ maxSessions: 1000 }, (s) => {
      s.route('hello', async (channel) => {
        await channel.noop();
      });
    });
    try {
      const calls = await Promise.all(Array.from({ length: 500 }, () => rawCall(port, 'hello')));
      for (const commands of calls) assert.deepEqual(commands, ['NOOP']);
      assert.equal(server.stats().refused.peer_capacity, 0);
      assert.equal(server.stats().refused.pending_capacity, 0);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a call from the flooding address itself gets through once its idle sockets are past the grace', async () => {
    const { server, port } = await startServer({ maxPendingPerPeer: 20, pendingGraceMs: 200 }, (s) => {
      s.route('hello', async (channel) => {
        await channel.noop();
      });
    });
    const flood = await idleSockets(port, 100, FLOODER);
    try {
      await until(() => {
        const { pendingConnections, refused } = server.stats();
        return pendingConnections + refused.peer_capacity === 100;
      }, 'the server to accept or refuse every flood socket');
      // Younger than the grace they are let in up to 2 × 20; the rest are refused (or, on a slow
      // machine, the oldest closed).
      assert.ok(server.stats().pendingConnections <= 40);
      await new Promise((r) => setTimeout(r, 300));
      const refusedBefore = server.stats().refused.peer_capacity;
      const peer = await RawAsteriskPeer.connect(port, '127.0.0.1', FLOODER);
      peer.write(environmentBlock('hello'));
      assert.deepEqual(await peer.answerAll(), ['NOOP']);
      assert.equal(server.stats().refused.peer_capacity, refusedBefore + 1, 'the oldest idle one made room');
    } finally {
      for (const s of flood) s.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });

  test('the total pending cap closes the oldest of any peer once it is past the grace', async () => {
    const { server, port } = await startServer(
      { maxPendingConnections: 30, maxPendingPerPeer: 20, pendingGraceMs: 50 },
      (s) => s.route('x', () => {}),
    );
    const first = await idleSockets(port, 20, '127.0.0.2');
    await until(() => server.stats().pendingConnections === 20, '20 pending');
    await new Promise((r) => setTimeout(r, 100));
    const second = await idleSockets(port, 20, '127.0.0.3');
    try {
      await until(() => server.stats().refused.pending_capacity === 10, '10 closed for room');
      await until(() => closedCount(first) === 10, 'the 10 oldest to close');
      assert.equal(closedCount(first.slice(10)), 0);
      assert.equal(closedCount(second), 0);
      assert.equal(server.stats().pendingConnections, 30);
    } finally {
      for (const s of [...first, ...second]) s.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });

  test('accepted sockets have TCP keepalive armed with the configured delay', async (t) => {
    let table: string;
    try {
      table = readFileSync('/proc/net/tcp', 'utf8');
    } catch {
      t.skip('no /proc/net/tcp on this system: keepalive cannot be observed');
      return;
    }
    assert.ok(table.length > 0);
    const { server, port } = await startServer({ keepAliveDelayMs: 45_000 }, (s) =>
      s.route('held', async (channel) => {
        await channel.exec('ConfBridge', '1');
      }),
    );
    const peer = await RawAsteriskPeer.connect(port);
    try {
      peer.write(environmentBlock('held'));
      assert.equal(await peer.nextLine(), 'EXEC ConfBridge 1');
      const clientPort = peer.socket.localPort ?? 0;
      const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
      // The server's end: local port = the server's, remote port = the client's.
      const row = readFileSync('/proc/net/tcp', 'utf8')
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .find((f) => f[1]?.endsWith(`:${hex(port)}`) && f[2]?.endsWith(`:${hex(clientPort)}`));
      assert.ok(row, 'the server side of the connection is listed');
      const [timer, when] = (row[5] ?? '').split(':');
      assert.equal(timer, '02', 'timer 2 is the keepalive timer');
      // In clock ticks (1/100 s): due within the 45 s asked for, not the system's 2 hours.
      const ticks = Number.parseInt(when ?? '0', 16);
      assert.ok(ticks > 0 && ticks <= 4500, `first probe due in ${ticks / 100} s`);
    } finally {
      await peer.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });
});

describe('FastAGI: nothing waits for ever', () => {
  const kinds = {
    'no answer': '',
    'a garbage reply': 'hello there\n',
    'an unterminated 520- block': '520-Invalid command syntax.  Proper usage follows:\n',
    '100 Trying with nothing after': '100 result=0 Trying...\n',
  } as const;

  test('200 silent peers of four kinds are cut within a command deadline and a resync; the handler cleans up', async () => {
    const cleanedUp: string[] = [];
    const { server, port } = await startServer(
      { deadlines: { quickMs: 300 }, maxPendingPerPeer: 1000 },
      (s) =>
        s.route('app', async (channel, call) => {
          try {
            await channel.channelStatus();
            await channel.answer();
          } catch (err) {
            // What an app does on a failure: try to apologise, then release what it holds.
            await channel.streamFile('sorry').catch(() => {});
            if (isAgiError(err, 'AGI_ERR_TIMEOUT')) cleanedUp.push(call.env.uniqueid);
          }
        }),
    );
    const peers: RawAsteriskPeer[] = [];
    try {
      const started = Date.now();
      for (const [i, reply] of Object.values(kinds).entries()) {
        for (let n = 0; n < 50; n++) {
          const peer = await RawAsteriskPeer.connect(port);
          peer.write(environmentBlock('app', { uniqueid: `${i}.${n}` }));
          peer.nextLine().then((line) => {
            if (line !== null && reply) peer.write(reply);
          });
          peers.push(peer);
        }
      }
      await Promise.all(peers.map((p) => p.closed));
      const heldMs = Date.now() - started;
      // 300 ms for the command, 300 ms for the resync; generous room for a loaded machine.
      assert.ok(heldMs < 15_000, `released after ${heldMs} ms`);
      await until(() => server.stats().connections === 0, 'the server to let every socket go');
      const stats = server.stats();
      assert.equal(stats.sessionsEnded.timeout, 200);
      assert.equal(stats.sessionsActive, 0);
      assert.equal(cleanedUp.length, 200, "every handler's cleanup ran");
      assert.deepEqual(await rawCall(port, 'app'), ['CHANNEL STATUS', 'ANSWER']);
    } finally {
      for (const p of peers) p.socket.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a PIN in a malformed GET DATA reply reaches no log line, on the protocol report nor the handler failure', async () => {
    const { server, port, logs } = await startServer({}, (s) =>
      s.route('pin', async (channel) => {
        await channel.getData('agent-pass', { digitTimeoutMs: 5000, maxDigits: 4 });
      }),
    );
    try {
      const commands = await rawCall(port, 'pin', (line) =>
        line.startsWith('GET DATA') ? '4321\n999 result=4321' : '200 result=1',
      );
      assert.equal(commands[0], 'GET DATA agent-pass 5000 4');
      await until(() => server.stats().sessionsEnded.error === 1, 'the call to end');
      const text = serialised(logs);
      assert.match(text, /FastAGI protocol error/);
      assert.match(text, /FastAGI handler failed/);
      assert.doesNotMatch(text, /4321/);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });
});
