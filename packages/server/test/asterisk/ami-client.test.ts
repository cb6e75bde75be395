import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AmiClient } from '../../src/asterisk/ami-client.ts';
import { isAmiError } from '../../src/asterisk/ami-error.ts';
import type { AmiMessage } from '../../src/asterisk/ami-message.ts';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { clientFor, nextEvent, recordStatuses, waitForStatus } from './ami-test-support.ts';

describe('AmiClient against the fake AMI server', () => {
  let fake: FakeAmiServer;
  let client: AmiClient | undefined;

  beforeEach(async () => {
    fake = await FakeAmiServer.start();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await fake.close();
  });

  it('logs in after the banner and reports connecting → connected', async () => {
    client = clientFor(fake);
    const statuses = recordStatuses(client);
    client.start();
    await waitForStatus(client, 'connected');
    assert.deepEqual(
      statuses.map((s) => [s.previous, s.status]),
      [
        ['down', 'connecting'],
        ['connecting', 'connected'],
      ],
    );
    assert.equal(client.amiVersion, '11.0.0');
    const login = await fake.waitForAction('Login');
    assert.equal(login.message.get('Username'), 'callgate');
    assert.equal(login.message.get('Events'), 'on');
    assert.ok(login.message.get('ActionID'));
  });

  it('a wrong secret leaves it down with E_AMI_LOGIN, retries, and never shows the secret', async () => {
    const transcript: string[] = [];
    const logged: unknown[] = [];
    client = clientFor(fake, {
      secret: 'wrong-and-private',
      transcript: (dir, m) => transcript.push(`${dir} ${JSON.stringify(m.fields)}`),
      logger: { info: (o, m) => logged.push([o, m]), warn: (o, m) => logged.push([o, m]) },
    });
    const statuses = recordStatuses(client);
    client.start();
    await fake.waitForAction('Login', 3); // it keeps trying with backoff
    const down = statuses.find((s) => s.status === 'down');
    assert.equal(down?.error?.code, 'E_AMI_LOGIN');
    assert.equal(down?.error?.amiMessage, 'Authentication failed');
    assert.equal(client.status === 'connected', false);
    assert.ok(!JSON.stringify(statuses).includes('wrong-and-private'));
    assert.ok(!String(down?.error?.message).includes('wrong-and-private'));
    assert.ok(
      transcript.some((l) => l.includes('"Key","***"')),
      'the MD5 key is redacted too',
    );
    assert.ok(!transcript.join('\n').includes('wrong-and-private'));
    assert.ok(logged.length > 0);
    assert.ok(!JSON.stringify(logged).includes('wrong-and-private'));
    await assert.rejects(client.action({ Action: 'Ping' }), (err) => isAmiError(err, 'E_AMI_DOWN'));
  });

  it('logs in by MD5 challenge by default: the secret never crosses the wire', async () => {
    const wire: string[] = [];
    fake.onData = (chunk) => wire.push(chunk);
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    const challenge = await fake.waitForAction('Challenge');
    assert.equal(challenge.message.get('AuthType'), 'MD5');
    const login = await fake.waitForAction('Login');
    assert.equal(login.message.get('AuthType'), 'MD5');
    // The fake records actions redacted: read the key off the wire.
    const sent = wire.join('');
    assert.match(sent, /\r\nKey: [0-9a-f]{32}\r\n/, 'a lower-case hex MD5 key');
    assert.ok(!/\r\nSecret:/.test(sent), 'no Secret header');
    assert.ok(!sent.includes(fake.secret), 'the secret is not in any byte sent');
  });

  it('?auth=plain sends the secret in Login (redacted in the transcript)', async () => {
    const wire: string[] = [];
    fake.onData = (chunk) => wire.push(chunk);
    const transcript: string[] = [];
    client = clientFor(fake, {
      auth: 'plain',
      transcript: (dir, m) => transcript.push(`${dir} ${JSON.stringify(m.fields)}`),
    });
    client.start();
    await waitForStatus(client, 'connected');
    await fake.waitForAction('Login');
    assert.ok(wire.join('').includes(`\r\nSecret: ${fake.secret}\r\n`), 'the secret itself is sent');
    assert.equal(fake.actionsNamed('Challenge').length, 0);
    assert.ok(transcript.some((l) => l.includes('"Secret","***"')));
    assert.ok(!transcript.join('\n').includes(fake.secret));
  });

  it('a manager that refuses the challenge leaves it down with E_AMI_LOGIN, naming ?auth=plain', async () => {
    fake.handle('Challenge', (ctx) => ctx.error('Must specify AuthType'));
    client = clientFor(fake);
    const statuses = recordStatuses(client);
    client.start();
    await fake.waitForAction('Challenge', 2);
    const down = statuses.find((s) => s.status === 'down' && s.error);
    assert.equal(down?.error?.code, 'E_AMI_LOGIN');
    assert.match(down?.error?.message ?? '', /auth=plain/);
    assert.equal(fake.actionsNamed('Login').length, 0, 'no login without a challenge');
  });

  it('correlates responses by ActionID when they come back out of order between events', async () => {
    // Both answers are held until the second action arrives, then sent in reverse order with
    // unrelated events interleaved.
    const held: Array<() => void> = [];
    fake.handle('Getvar', (ctx) => {
      held.push(() =>
        ctx.respond({
          Response: 'Success',
          Variable: ctx.action.get('Variable') ?? '',
          Value: `v-${ctx.action.get('Variable')}`,
        }),
      );
      if (held.length === 2) {
        fake.broadcast({ Event: 'Newchannel', Channel: 'PJSIP/9-1' });
        held[1]?.();
        fake.broadcast({ Event: 'Hangup', Channel: 'PJSIP/9-1' });
        held[0]?.();
      }
    });
    client = clientFor(fake);
    const events: string[] = [];
    client.on('event', (e) => events.push(e.event ?? ''));
    client.start();
    await waitForStatus(client, 'connected');
    const [a, b] = await Promise.all([
      client.action({ Action: 'Getvar', Variable: 'A' }),
      client.action({ Action: 'Getvar', Variable: 'B' }),
    ]);
    assert.equal(a.get('Value'), 'v-A');
    assert.equal(b.get('Value'), 'v-B');
    assert.deepEqual(
      events.filter((e) => e !== 'FullyBooted'),
      ['Newchannel', 'Hangup'],
    );
  });

  it('collects a list response (QueueStatus → QueueParams/QueueMember/QueueStatusComplete)', async () => {
    fake.addQueue('sales', [
      { interface: 'PJSIP/1001', memberName: 'Alice', paused: true, pausedReason: 'lunch' },
    ]);
    fake.addQueue('support');
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    const { response, events } = await client.listAction({ Action: 'QueueStatus' });
    assert.equal(response.get('EventList'), 'start');
    assert.deepEqual(
      events.map((e) => [e.event, e.get('Queue') ?? null]),
      [
        ['QueueParams', 'sales'],
        ['QueueMember', 'sales'],
        ['QueueParams', 'support'],
        ['QueueStatusComplete', null],
      ],
    );
    assert.equal(events[1]?.get('PausedReason'), 'lunch');
  });

  it('rejects an action answered with Response: Error with E_AMI_ACTION and Asterisk’s message', async () => {
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    await assert.rejects(client.action({ Action: 'Hangup', Channel: 'PJSIP/404-00000001' }), (err) => {
      assert.ok(isAmiError(err, 'E_AMI_ACTION'));
      assert.equal(err.amiMessage, 'No such channel');
      assert.equal(err.action, 'Hangup');
      return true;
    });
  });

  it('times out an unanswered action with E_AMI_TIMEOUT and ignores its late reply', async () => {
    let late: (() => void) | undefined;
    fake.handle('Getvar', (ctx) => {
      late = () => ctx.respond({ Response: 'Success', Value: 'late' });
    });
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    await assert.rejects(client.action({ Action: 'Getvar', Variable: 'X' }, { timeoutMs: 30 }), (err) =>
      isAmiError(err, 'E_AMI_TIMEOUT'),
    );
    late?.();
    const pong = await client.action({ Action: 'Ping' });
    assert.equal(pong.get('Ping'), 'Pong');
  });

  it('while down: rejects at once with E_AMI_DOWN, or queues by option and sends after login', async () => {
    fake.refuseConnections = true;
    client = clientFor(fake);
    client.start();
    await assert.rejects(client.action({ Action: 'Ping' }), (err) => isAmiError(err, 'E_AMI_DOWN'));
    const queued = client.action({ Action: 'Ping' }, { whenDown: 'queue' });
    while (fake.totalConnections < 3) await new Promise((r) => setTimeout(r, 5));
    fake.refuseConnections = false;
    const pong = await queued;
    assert.equal(pong.get('Ping'), 'Pong');
    assert.equal(client.status, 'connected');
  });

  it('queued actions still time out, and the queue is bounded', async () => {
    fake.refuseConnections = true;
    client = clientFor(fake, { whenDown: 'queue', maxQueued: 1 });
    client.start();
    const first = client.action({ Action: 'Ping' }, { timeoutMs: 20 });
    await assert.rejects(client.action({ Action: 'Ping' }), (err) => isAmiError(err, 'E_AMI_QUEUE_FULL'));
    await assert.rejects(first, (err) => isAmiError(err, 'E_AMI_TIMEOUT'));
    fake.refuseConnections = false;
    await waitForStatus(client, 'connected');
    await client.action({ Action: 'Ping' });
    assert.equal(fake.actionsNamed('Ping').length, 1); // the timed-out one was never sent
  });

  it('drops a connection whose keepalive Ping goes unanswered, and reconnects', async () => {
    fake.handleOnce('Ping', () => {});
    client = clientFor(fake, { pingIntervalMs: 25 });
    const statuses = recordStatuses(client);
    client.start();
    await fake.waitForAction('Login', 2);
    await waitForStatus(client, 'connected');
    const down = statuses.find((s) => s.status === 'down');
    assert.equal(down?.error?.code, 'E_AMI_TIMEOUT');
    assert.notEqual(fake.actionsNamed('Ping')[0]?.connection, fake.actionsNamed('Login')[1]?.connection);
  });

  it('a manager that goes silent (half-open, hung): the action in flight ends at its deadline, the silence is found and the connection made again', async () => {
    client = clientFor(fake, { pingIntervalMs: 50, actionTimeoutMs: 5000 });
    const statuses = recordStatuses(client);
    client.start();
    await waitForStatus(client, 'connected');
    fake.silent = true; // it reads, it answers nothing: a hung Asterisk or a connection TCP still believes in
    const pending = client.action({ Action: 'QueueStatus' });
    await assert.rejects(
      pending,
      (err) => isAmiError(err, 'E_AMI_DISCONNECTED') || isAmiError(err, 'E_AMI_TIMEOUT'),
    );
    const down = statuses.find((s) => s.status === 'down');
    assert.equal(down?.error?.code, 'E_AMI_TIMEOUT');
    assert.match(down?.error?.message ?? '', /Ping unanswered/);
    // While it stays silent, each new login (its MD5 Challenge) gives up at the connect deadline and tries again.
    await fake.waitForAction('Challenge', 3);
    fake.silent = false;
    await waitForStatus(client, 'connected');
    assert.equal((await client.action({ Action: 'Ping' })).get('Ping'), 'Pong');
  });

  it('turns TCP keepalive on, so a peer gone without a FIN is found by the kernel', async () => {
    const { Socket } = await import('node:net');
    const original = Socket.prototype.setKeepAlive;
    const calls: Array<[boolean | undefined, number | undefined]> = [];
    Socket.prototype.setKeepAlive = function (this: InstanceType<typeof Socket>, enable, delay) {
      calls.push([enable, delay]);
      return original.call(this, enable, delay);
    };
    try {
      client = clientFor(fake, { keepAliveMs: 15_000 });
      client.start();
      await waitForStatus(client, 'connected');
    } finally {
      Socket.prototype.setKeepAlive = original;
    }
    assert.deepEqual(calls, [[true, 15_000]]);
  });

  it('reconnects with backoff after a drop; the in-flight action rejects by default', async () => {
    client = clientFor(fake);
    const statuses = recordStatuses(client);
    client.start();
    await waitForStatus(client, 'connected');
    fake.dropOnAction('QueueStatus');
    await assert.rejects(client.listAction({ Action: 'QueueStatus' }), (err) =>
      isAmiError(err, 'E_AMI_DISCONNECTED'),
    );
    await fake.waitForAction('Login', 2);
    await waitForStatus(client, 'connected');
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['connecting', 'connected', 'down', 'connecting', 'connected'],
    );
    assert.equal(statuses[2]?.error?.code, 'E_AMI_DISCONNECTED');
  });

  it('an action with onDisconnect "retry" is sent again after the reconnect and resolves', async () => {
    fake.addQueue('sales');
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    fake.dropOnAction('QueueStatus');
    const { events } = await client.listAction({ Action: 'QueueStatus' }, { onDisconnect: 'retry' });
    assert.equal(events.at(-1)?.event, 'QueueStatusComplete');
    const sent = fake.actionsNamed('QueueStatus');
    assert.equal(sent.length, 2);
    assert.notEqual(sent[0]?.connection, sent[1]?.connection);
  });

  it('keeps retrying while Asterisk refuses connections, then recovers', async () => {
    fake.refuseConnections = true;
    client = clientFor(fake);
    const statuses = recordStatuses(client);
    client.start();
    while (fake.totalConnections < 4) await new Promise((r) => setTimeout(r, 5));
    assert.ok(statuses.filter((s) => s.status === 'down').length >= 3);
    fake.refuseConnections = false;
    await waitForStatus(client, 'connected');
  });

  it('reads messages the server splits into tiny segments or merges into one', async () => {
    fake.handle('Getvar', (ctx) => {
      const id = ctx.action.actionId ?? '';
      const bytes = Buffer.from(
        `Event: VarSet\r\nVariable: X\r\nValue: a:b\r\n\r\nResponse: Success\r\nActionID: ${id}\r\nValue: ☎ ok\r\n\r\n`,
      );
      let delay = 0;
      for (let i = 0; i < bytes.length; i += 7) {
        const piece = bytes.subarray(i, i + 7);
        fake.later(delay++, () => ctx.connection.writeRaw(piece));
      }
    });
    fake.handle('Getconfig', (ctx) => {
      const id = ctx.action.actionId ?? '';
      ctx.connection.writeRaw(
        `Event: A\r\nN: 1\r\n\r\nEvent: B\r\nN: 2\r\n\r\nResponse: Success\r\nActionID: ${id}\r\nMessage: merged\r\n\r\n`,
      );
    });
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    const varSet = nextEvent(client, 'VarSet');
    const split = await client.action({ Action: 'Getvar', Variable: 'X' });
    assert.equal(split.get('Value'), '☎ ok');
    assert.equal((await varSet).get('Value'), 'a:b');
    const seen: AmiMessage[] = [];
    client.onEvent(['A', 'B'], (e) => seen.push(e));
    const merged = await client.action({ Action: 'Getconfig' });
    assert.equal(merged.get('Message'), 'merged');
    assert.deepEqual(
      seen.map((e) => e.get('N')),
      ['1', '2'],
    );
  });

  it('resolves actionWithEvent when the completing event overtakes the response', async () => {
    fake.handle('Originate', (ctx) => {
      ctx.event({ Event: 'OriginateResponse', Response: 'Success', Reason: 4, Channel: 'PJSIP/1-1' });
      ctx.success('Originate successfully queued');
    });
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    const { response, events } = await client.actionWithEvent(
      { Action: 'Originate', Channel: 'PJSIP/1', Async: true },
      'OriginateResponse',
    );
    assert.equal(response.get('Message'), 'Originate successfully queued');
    assert.equal(events[0]?.get('Reason'), '4');
  });

  it('refuses a caller-supplied ActionID and values with line breaks', async () => {
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    await assert.rejects(client.action({ Action: 'Ping', ActionID: 'mine' }), (err) =>
      isAmiError(err, 'E_AMI_USAGE'),
    );
    await assert.rejects(client.action({ Action: 'Ping', X: 'a\r\nAction: Logoff' }), (err) =>
      isAmiError(err, 'E_AMI_USAGE'),
    );
  });

  it('close() logs off and rejects what is still pending with E_AMI_CLOSED', async () => {
    fake.handle('Getvar', () => {});
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    const pending = client.action({ Action: 'Getvar', Variable: 'X' });
    await fake.waitForAction('Getvar');
    const rejected = assert.rejects(pending, (err) => isAmiError(err, 'E_AMI_CLOSED'));
    await client.close();
    await rejected;
    assert.equal(client.status, 'down');
    assert.equal(fake.actionsNamed('Logoff').length, 1);
    await assert.rejects(client.action({ Action: 'Ping' }), (err) => isAmiError(err, 'E_AMI_CLOSED'));
  });
});
