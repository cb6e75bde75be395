import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isAgiError } from '../../src/errors.ts';
import type { AgiCall } from '../../src/server/agi-call.ts';
import { type AgiServer, createAgiServer } from '../../src/server/agi-server.ts';
import type { AgiServerOptions } from '../../src/server/agi-server-options.ts';
import { type LogRecord, memoryLogger, serialised } from './memory-logger.ts';
import { environmentBlock, RawAsteriskPeer, rawCall } from './raw-asterisk-peer.ts';

const SECRET = 'correct horse battery staple';

async function startServer(
  options: AgiServerOptions = {},
  setup: (server: AgiServer) => void = () => {},
): Promise<{ server: AgiServer; port: number; logs: LogRecord[] }> {
  const logger = memoryLogger();
  const server = createAgiServer({ logger, ...options });
  setup(server);
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, port, logs: logger.records };
}

function until(predicate: () => boolean, what: string, limitMs = 2000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > limitMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 2);
    };
    poll();
  });
}

describe('FastAGI server: routing and the call', () => {
  let server: AgiServer;
  let port: number;
  let logs: LogRecord[];
  const seen: { call: AgiCall; channelEnv: unknown; sessionEnv: unknown }[] = [];

  before(async () => {
    ({ server, port, logs } = await startServer({ secret: SECRET }, (s) => {
      s.route('hello', async (channel) => {
        await channel.session.send('ANSWER');
        await channel.session.send('VERBOSE "hello" 1');
      });
      s.route('users/:id', (channel, call) => {
        seen.push({ call, channelEnv: channel.env, sessionEnv: channel.session.environment });
      });
      s.fallback(async (channel, call) => {
        await channel.session.send(`SET VARIABLE FALLBACK "${call.path}"`);
      });
    }));
  });
  after(() => server.close({ deadlineMs: 100 }));

  test('an exact route runs its handler, and the server closes the socket when it returns', async () => {
    const commands = await rawCall(port, `hello?secret=${encodeURIComponent(SECRET)}`);
    assert.deepEqual(commands, ['ANSWER', 'VERBOSE "hello" 1']);
    await until(() => server.stats().sessionsEnded.completed >= 1, 'the session end');
    const stats = server.stats();
    assert.equal(stats.routes.hello?.sessions, 1);
    assert.equal(stats.routes.hello?.commands, 2);
    assert.equal(stats.routes.hello?.active, 0);
  });

  test('params, query and args reach the handler, and the secret is stripped from everything', async () => {
    const script = `users/42?lang=fr&secret=${encodeURIComponent(SECRET)}&x=1`;
    await rawCall(port, script, undefined, { args: ['first', 'two words', ''] });
    const { call, channelEnv, sessionEnv } = seen.at(-1)!;
    assert.equal(call.route, 'users/:id');
    assert.equal(call.path, 'users/42');
    assert.deepEqual(call.params, { id: '42' });
    assert.deepEqual({ ...call.query }, { lang: 'fr', x: '1' });
    assert.deepEqual(call.args, ['first', 'two words', '']);
    assert.equal(call.remoteAddress, '127.0.0.1');
    assert.equal(call.env.request, 'agi://127.0.0.1:4573/users/42?lang=fr&x=1');
    for (const env of [call.env, channelEnv, sessionEnv]) {
      assert.equal(JSON.stringify(env).includes('horse'), false, 'secret left in the environment');
    }
    assert.equal(serialised(logs).includes('horse'), false, 'secret logged');
  });

  test('the fallback takes unknown paths', async () => {
    const commands = await rawCall(port, `no/such/thing?secret=${encodeURIComponent(SECRET)}`);
    assert.deepEqual(commands, ['SET VARIABLE FALLBACK "no/such/thing"']);
  });

  test('one access-log line per session with route, uniqueid, channel, caller ID, commands, outcome', async () => {
    await rawCall(port, `hello?secret=${encodeURIComponent(SECRET)}`, undefined, {
      uniqueid: '1700000000.9',
      channel: 'PJSIP/9-0001',
    });
    await until(
      () => logs.some((r) => r.fields.uniqueid === '1700000000.9' && r.fields.outcome),
      'access log',
    );
    const lines = logs.filter((r) => r.fields.uniqueid === '1700000000.9' && r.fields.outcome !== undefined);
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    assert.equal(line.level, 'info');
    assert.equal(line.fields.route, 'hello');
    assert.equal(line.fields.channel, 'PJSIP/9-0001');
    assert.equal(line.fields.callerId, '5551234');
    assert.equal(line.fields.commands, 2);
    assert.equal(line.fields.outcome, 'completed');
    assert.equal(typeof line.fields.durationMs, 'number');
    assert.match(
      line.msg,
      /^hello PJSIP\/9-0001 1700000000\.9 "Probe Caller" <5551234> completed 2 cmds \d+ ms$/,
    );
  });
});

describe('FastAGI server: access control', () => {
  test('a wrong or missing secret is refused: closed with no command, counted, logged without the secret', async () => {
    const { server, port, logs } = await startServer({ secret: SECRET }, (s) =>
      s.route('hello', () => assert.fail('handler must not run')),
    );
    try {
      assert.deepEqual(await rawCall(port, 'hello?secret=guess-horse'), []);
      assert.deepEqual(await rawCall(port, 'hello'), []);
      assert.deepEqual(await rawCall(port, `hello?secret=${encodeURIComponent(`${SECRET}x`)}`), []);
      await until(() => server.stats().refused.secret === 3, 'three refusals');
      assert.equal(server.stats().sessionsStarted, 0);
      const refusals = logs.filter((r) => r.fields.reason === 'secret');
      assert.equal(refusals.length, 3);
      assert.match(refusals[0]!.msg, /wrong secret/);
      assert.match(refusals[1]!.msg, /no secret/);
      assert.equal(serialised(logs).includes('horse'), false);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a peer outside the allowlist is closed at once, counted and logged', async () => {
    const { server, port, logs } = await startServer(
      { allow: ['10.0.0.0/8', '::ffff:192.168.0.0/112'] },
      (s) => s.route('hello', () => assert.fail('handler must not run')),
    );
    try {
      const peer = await RawAsteriskPeer.connect(port);
      peer.write(environmentBlock('hello'));
      assert.equal(await peer.nextLine(), null);
      await until(() => server.stats().refused.address === 1, 'refusal count');
      const record = logs.find((r) => r.fields.reason === 'address');
      assert.equal(record?.level, 'warn');
      assert.equal(record?.fields.remoteAddress, '127.0.0.1');
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('IPv4-mapped peers on a dual-stack listener match IPv4 rules', async (t) => {
    const dual = createAgiServer({ allow: ['127.0.0.1/32'] }).route('hello', async (channel, call) => {
      await channel.session.send(`NOOP ${call.remoteAddress}`);
    });
    try {
      await dual.listen({ port: 0, host: '::' });
    } catch {
      t.skip('no IPv6 on this host');
      return;
    }
    try {
      assert.deepEqual(await rawCall(dual.address().port, 'hello'), ['NOOP ::ffff:127.0.0.1']);
      assert.equal(dual.stats().refused.address, 0);
    } finally {
      await dual.close({ deadlineMs: 0 });
    }
  });

  test('the default allowlist is loopback only', async () => {
    const { server, port } = await startServer({}, (s) =>
      s.route('hello', async (channel) => {
        await channel.session.send('NOOP');
      }),
    );
    try {
      assert.deepEqual(await rawCall(port, 'hello'), ['NOOP']);
    } finally {
      await server.close({ deadlineMs: 0 });
    }
  });
});

describe('FastAGI server: unknown routes and failing handlers', () => {
  test('an unknown route sets CALLGATE_STATUS=NOROUTE, closes, and is logged and counted', async () => {
    const { server, port, logs } = await startServer({}, (s) => s.route('hello', () => {}));
    try {
      const commands = await rawCall(port, 'nowhere?x=1', () => '200 result=1');
      assert.deepEqual(commands, ['SET VARIABLE CALLGATE_STATUS NOROUTE']);
      await until(() => server.stats().sessionsEnded.noroute === 1, 'noroute count');
      assert.equal(server.stats().sessionsStarted, 0);
      const warning = logs.find((r) => r.msg.includes('no route'));
      assert.equal(warning?.fields.path, 'nowhere');
      const access = logs.find((r) => r.fields.outcome === 'noroute');
      assert.equal(access?.level, 'warn');
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a stray reply and a garbage line are counted and logged with the peer, and the call goes on', async () => {
    const { server, port, logs } = await startServer({}, (s) =>
      s.route('chatty', async (channel) => {
        await channel.noop('one');
        await channel.noop('two');
      }),
    );
    try {
      const peer = await RawAsteriskPeer.connect(port);
      peer.write(environmentBlock('chatty'));
      assert.equal(await peer.nextLine(), 'NOOP one');
      peer.write('200 result=0\n200 result=0\nnot a reply\n');
      assert.equal(await peer.nextLine(), 'NOOP two');
      peer.write('200 result=0\n');
      assert.equal(await peer.nextLine(), null, 'the call ended normally');
      await until(() => server.stats().errors === 2, 'two protocol errors counted');
      const warnings = logs.filter((r) => r.msg.startsWith('FastAGI protocol error'));
      assert.equal(warnings.length, 2);
      assert.match(warnings[0]?.msg ?? '', /no command pending/);
      assert.equal(warnings[0]?.fields.remoteAddress, '127.0.0.1');
      assert.match(warnings[1]?.msg ?? '', /not an AGI reply/);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a handler that throws: status ERROR, socket closed, error counted and reported, next call served', async () => {
    const errors: unknown[] = [];
    const { server, port, logs } = await startServer({}, (s) => {
      s.route('boom', async (channel) => {
        await channel.session.send('ANSWER');
        throw new Error('database is down');
      });
      s.route('hello', async (channel) => {
        await channel.session.send('NOOP');
      });
      s.addHook('onError', (err) => errors.push(err));
    });
    try {
      const commands = await rawCall(port, 'boom', () => '200 result=1');
      assert.deepEqual(commands, ['ANSWER', 'SET VARIABLE CALLGATE_STATUS ERROR']);
      await until(() => server.stats().sessionsEnded.error === 1, 'error outcome');
      assert.equal(server.stats().errors, 1);
      assert.equal(server.stats().routes.boom?.errors, 1);
      assert.equal((errors[0] as Error).message, 'database is down');
      const failure = logs.find((r) => r.level === 'error');
      assert.equal(failure?.fields.route, 'boom');
      assert.deepEqual(await rawCall(port, 'hello'), ['NOOP']);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('a synchronous throw and a hangup mid-handler are both handled', async () => {
    const { server, port } = await startServer({}, (s) => {
      s.route('sync', () => {
        throw new TypeError('bug');
      });
      s.route('hangup', async (channel) => {
        await channel.session.send('STREAM FILE "welcome" ""');
        await channel.session.send('NOOP');
      });
    });
    try {
      assert.deepEqual(await rawCall(port, 'sync', () => '200 result=1'), [
        'SET VARIABLE CALLGATE_STATUS ERROR',
      ]);
      const peer = await RawAsteriskPeer.connect(port);
      peer.write(environmentBlock('hangup'));
      assert.equal(await peer.nextLine(), 'STREAM FILE "welcome" ""');
      peer.write('200 result=-1 endpos=8160\nHANGUP\n');
      assert.equal(await peer.nextLine(), 'NOOP');
      peer.write('200 result=0\n');
      assert.equal(await peer.nextLine(), null);
      await until(() => server.stats().sessionsEnded.hangup === 1, 'hangup outcome');
      assert.equal(server.stats().sessionsEnded.error, 1);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });
});

describe('FastAGI server: hooks', () => {
  test('onSession, onCommand, onReply, onHangup and onSessionEnd fire in order; a failing hook is contained', async () => {
    const events: string[] = [];
    const { server, port } = await startServer({}, (s) => {
      s.route('hooks/:n', async (channel) => {
        await channel.session.send('ANSWER');
        await channel.session.send('NOOP');
      });
      s.addHook('onSession', async (call) => {
        events.push(`session ${call.route} ${call.params.n}`);
      });
      s.addHook('onCommand', (_call, line) => events.push(`command ${line}`));
      s.addHook('onReply', (_call, line, reply, ms) => {
        assert.ok(ms >= 0);
        events.push(`reply ${line} ${reply.code}`);
      });
      s.addHook('onHangup', () => events.push('hangup'));
      s.addHook('onSessionEnd', (_call, summary) => {
        events.push(`end ${summary.outcome} ${summary.commands}`);
      });
      s.addHook('onCommand', () => {
        throw new Error('broken metrics hook');
      });
    });
    try {
      const peer = await RawAsteriskPeer.connect(port);
      peer.write(environmentBlock('hooks/7'));
      assert.equal(await peer.nextLine(), 'ANSWER');
      peer.write('200 result=0\nHANGUP\n');
      assert.equal(await peer.nextLine(), 'NOOP');
      peer.write('200 result=0\n');
      assert.equal(await peer.nextLine(), null);
      await until(() => events.some((e) => e.startsWith('end')), 'session end');
      assert.deepEqual(events, [
        'session hooks/:n 7',
        'command ANSWER',
        'reply ANSWER 200',
        'hangup',
        'command NOOP',
        'reply NOOP 200',
        'end hangup 2',
      ]);
      assert.equal(server.stats().errors, 2);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });

  test('an onSession hook that throws ends the call before the handler', async () => {
    let ran = false;
    const { server, port } = await startServer({}, (s) => {
      s.route('x', () => {
        ran = true;
      });
      s.addHook('onSession', () => {
        throw new Error('not today');
      });
    });
    try {
      assert.deepEqual(await rawCall(port, 'x', () => '200 result=1'), [
        'SET VARIABLE CALLGATE_STATUS ERROR',
      ]);
      assert.equal(ran, false);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });
});

describe('FastAGI server: limits, deadlines and drain', () => {
  test('idle and session deadlines abort call.signal with AGI_ERR_TIMEOUT and close the call', async () => {
    const reasons: unknown[] = [];
    const { server, port } = await startServer({ idleTimeoutMs: 40 }, (s) => {
      s.route('stall', async (channel, call) => {
        call.signal.addEventListener('abort', () => reasons.push(call.signal.reason));
        await channel.session.send('EXEC ConfBridge 1');
      });
    });
    try {
      const peer = await RawAsteriskPeer.connect(port);
      peer.write(environmentBlock('stall'));
      assert.equal(await peer.nextLine(), 'EXEC ConfBridge 1');
      assert.equal(await peer.nextLine(), null);
      await until(() => server.stats().sessionsEnded.timeout === 1, 'timeout outcome');
      assert.ok(isAgiError(reasons[0], 'AGI_ERR_TIMEOUT'));
    } finally {
      await server.close({ deadlineMs: 100 });
    }

    const second = await startServer({ sessionTimeoutMs: 50 }, (s) => {
      s.route('long', async (channel) => {
        for (;;) await channel.session.send('NOOP');
      });
    });
    try {
      const commands = await rawCall(second.port, 'long', () => '200 result=0');
      assert.ok(commands.length >= 1);
      await until(() => second.server.stats().sessionsEnded.timeout === 1, 'session deadline');
    } finally {
      await second.server.close({ deadlineMs: 100 });
    }
  });

  test('close() stops accepting, lets calls finish, then aborts the rest at the deadline', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { server, port } = await startServer({}, (s) => {
      s.route('quick', async (channel) => {
        await released;
        await channel.session.send('NOOP');
      });
      s.route('held', async (channel) => {
        await channel.session.send('EXEC ConfBridge 1');
      });
    });
    const quick = await RawAsteriskPeer.connect(port);
    quick.write(environmentBlock('quick'));
    const held = await RawAsteriskPeer.connect(port);
    held.write(environmentBlock('held'));
    assert.equal(await held.nextLine(), 'EXEC ConfBridge 1');
    await until(() => server.stats().sessionsActive === 2, 'two active sessions');

    const closing = server.close({ deadlineMs: 150 });
    await until(() => !server.listening, 'listener closed');
    await assert.rejects(RawAsteriskPeer.connect(port), /ECONNREFUSED/);
    release();
    assert.equal(await quick.nextLine(), 'NOOP');
    quick.write('200 result=0\n');
    assert.equal(await quick.nextLine(), null);
    assert.equal(server.stats().sessionsEnded.aborted, 0);
    await closing;
    assert.equal(await held.nextLine(), null);
    const stats = server.stats();
    assert.equal(stats.sessionsEnded.completed, 1);
    assert.equal(stats.sessionsEnded.aborted, 1);
    assert.equal(stats.connections, 0);
  });

  test('close() also ends connections still sending their environment, without counting a refusal', async () => {
    const { server, port } = await startServer({ environmentTimeoutMs: 10_000 }, (s) =>
      s.route('x', () => {}),
    );
    const peer = await RawAsteriskPeer.connect(port);
    peer.write('agi_network: yes\n');
    await until(() => server.stats().connections === 1, 'the connection');
    await server.close({ deadlineMs: 20 });
    assert.equal(await peer.nextLine(), null);
    assert.equal(server.stats().refused.environment, 0);
    assert.equal(server.stats().connections, 0);
  });

  test('maxSessions: connections beyond the cap are closed and counted, and capacity comes back', async () => {
    const { server, port } = await startServer({ maxSessions: 2 }, (s) => {
      s.route('held', async (channel) => {
        await channel.session.send('EXEC ConfBridge 1');
      });
    });
    try {
      const a = await RawAsteriskPeer.connect(port);
      const b = await RawAsteriskPeer.connect(port);
      a.write(environmentBlock('held'));
      b.write(environmentBlock('held'));
      assert.equal(await a.nextLine(), 'EXEC ConfBridge 1');
      assert.equal(await b.nextLine(), 'EXEC ConfBridge 1');
      const c = await RawAsteriskPeer.connect(port);
      assert.equal(await c.nextLine(), null);
      assert.equal(server.stats().refused.capacity, 1);
      await a.destroy();
      await until(() => server.stats().connections === 1, 'a slot to free');
      const d = await RawAsteriskPeer.connect(port);
      d.write(environmentBlock('held'));
      assert.equal(await d.nextLine(), 'EXEC ConfBridge 1');
      await Promise.all([b.destroy(), d.destroy()]);
    } finally {
      await server.close({ deadlineMs: 100 });
    }
  });
});
