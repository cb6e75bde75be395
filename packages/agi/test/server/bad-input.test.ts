import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type AgiServer, createAgiServer } from '../../src/server/agi-server.ts';
import { type LogRecord, memoryLogger } from './memory-logger.ts';
import { environmentBlock, RawAsteriskPeer, rawCall } from './raw-asterisk-peer.ts';

/**
 * Hostile and broken peers, each followed by a normal call: the server stays up, serves the next
 * call, and logs a clear reason. Raw sockets on purpose: the simulated Asterisk never misbehaves
 * this way.
 */
describe('FastAGI server under bad input', () => {
  let server: AgiServer;
  let port: number;
  const logs: LogRecord[] = [];

  before(async () => {
    server = createAgiServer({
      logger: memoryLogger(logs),
      environmentTimeoutMs: 60,
      maxEnvironmentBytes: 16384,
    });
    server.route('hello', async (channel) => {
      await channel.session.send('NOOP');
    });
    server.route('wait', async (channel) => {
      await channel.session.send('STREAM FILE "welcome" ""');
    });
    ({ port } = await server.listen({ port: 0 }));
  });
  after(() => server.close({ deadlineMs: 100 }));

  async function assertNextCallServed(): Promise<void> {
    assert.deepEqual(await rawCall(port, 'hello'), ['NOOP']);
  }

  function lastRefusal(): LogRecord | undefined {
    return logs.filter((r) => r.fields.reason === 'environment').at(-1);
  }

  async function refusedWith(send: (peer: RawAsteriskPeer) => void): Promise<LogRecord> {
    const before = server.stats().refused.environment;
    const peer = await RawAsteriskPeer.connect(port);
    send(peer);
    assert.equal(await peer.nextLine(), null, 'the server must close the connection without a command');
    await peer.closed;
    const deadline = Date.now() + 2000;
    while (server.stats().refused.environment === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.equal(server.stats().refused.environment, before + 1);
    const record = lastRefusal();
    assert.ok(record);
    assert.equal(record.level, 'warn');
    return record;
  }

  test('garbage before the environment (an HTTP request)', async () => {
    const record = await refusedWith((p) => p.write('GET / HTTP/1.1\r\nHost: example\r\n\r\n'));
    assert.equal(record.fields.code, 'AGI_ERR_BAD_ENVIRONMENT');
    assert.match(record.msg, /refused/);
    await assertNextCallServed();
  });

  test('garbage inside the environment', async () => {
    const block = environmentBlock('hello').replace(
      'agi_language: en\n',
      'agi_language: en\n\u0000\u0001 binary junk\n',
    );
    const record = await refusedWith((p) => p.write(block));
    assert.equal(record.fields.code, 'AGI_ERR_BAD_ENVIRONMENT');
    await assertNextCallServed();
  });

  test('a missing blank line times out', async () => {
    const record = await refusedWith((p) => p.write(environmentBlock('hello').slice(0, -1)));
    assert.equal(record.fields.code, 'AGI_ERR_TIMEOUT');
    await assertNextCallServed();
  });

  test('a 100 KB line in the environment', async () => {
    const record = await refusedWith((p) =>
      p.write(`agi_network: yes\nagi_request: ${'x'.repeat(100 * 1024)}\n\n`),
    );
    assert.ok(['AGI_ERR_LINE_TOO_LONG', 'AGI_ERR_BAD_ENVIRONMENT'].includes(String(record.fields.code)));
    await assertNextCallServed();
  });

  test('a 100 KB reply line ends that call only', async () => {
    const peer = await RawAsteriskPeer.connect(port);
    peer.write(environmentBlock('wait'));
    assert.equal(await peer.nextLine(), 'STREAM FILE "welcome" ""');
    peer.write(`200 result=0 (${'y'.repeat(100 * 1024)})\n`);
    assert.equal(await peer.nextLine(), null);
    await assertNextCallServed();
  });

  test('a peer that sends nothing (slowloris), and one that trickles bytes, are cut off', async () => {
    const silent = await refusedWith(() => {});
    assert.equal(silent.fields.code, 'AGI_ERR_TIMEOUT');
    const record = await refusedWith((p) => {
      const text = environmentBlock('hello');
      let i = 0;
      const timer = setInterval(() => {
        if (i >= text.length || p.socket.destroyed) clearInterval(timer);
        else p.write(text[i++]!);
      }, 10);
      p.socket.once('close', () => clearInterval(timer));
    });
    assert.equal(record.fields.code, 'AGI_ERR_TIMEOUT');
    await assertNextCallServed();
  });

  test('a peer that closes in the middle of a reply', async () => {
    const ended = server.stats().sessionsEnded.hangup;
    const peer = await RawAsteriskPeer.connect(port);
    peer.write(environmentBlock('wait'));
    assert.equal(await peer.nextLine(), 'STREAM FILE "welcome" ""');
    peer.write('200 resu');
    await peer.destroy();
    const deadline = Date.now() + 2000;
    while (server.stats().sessionsEnded.hangup === ended && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.equal(server.stats().sessionsEnded.hangup, ended + 1);
    await assertNextCallServed();
  });
});

describe('FastAGI server under a connection flood', () => {
  test('10,000 connections opened in batches against maxSessions: refusals counted, next call served', async () => {
    const total = 10_000;
    const maxSessions = 100;
    const batch = 500;
    // Every socket here comes from one address at once: the pending caps are not under test.
    const server = createAgiServer({
      maxSessions,
      environmentTimeoutMs: 10_000,
      maxPendingConnections: total,
      maxPendingPerPeer: total,
    });
    server.route('held', async (channel) => {
      await channel.session.send('EXEC ConfBridge 1');
    });
    server.route('hello', async (channel) => {
      await channel.session.send('NOOP');
    });
    const { port } = await server.listen({ port: 0, backlog: 2048 });
    const held: Socket[] = [];
    try {
      for (let first = 0; first < total; first += batch) {
        const outcomes = await Promise.all(
          Array.from(
            { length: batch },
            () =>
              new Promise<'held' | 'refused'>((resolve) => {
                const socket = connect({ port, host: '127.0.0.1' });
                socket.on('error', () => {});
                socket.once('connect', () => socket.write(environmentBlock('held')));
                socket.once('data', () => {
                  held.push(socket);
                  resolve('held');
                });
                socket.once('close', () => resolve('refused'));
              }),
          ),
        );
        assert.ok(outcomes.every((o) => o === 'refused') || first === 0);
      }
      const stats = server.stats();
      assert.equal(held.length, maxSessions);
      assert.equal(stats.sessionsActive, maxSessions);
      assert.equal(stats.refused.capacity, total - maxSessions);
      await Promise.all(held.map((s) => new Promise((r) => s.once('close', r).destroy())));
      const deadline = Date.now() + 5000;
      while (server.stats().connections > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(await rawCall(port, 'hello'), ['NOOP']);
    } finally {
      for (const s of held) s.destroy();
      await server.close({ deadlineMs: 100 });
    }
  });
});
