import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { type AgiError, isAgiError } from '../../src/errors.ts';
import type { AgiReply } from '../../src/protocol/reply.ts';
import { AgiSession } from '../../src/session/agi-session.ts';
import { BASIC_ENVIRONMENT, PipePeer, settle } from './peer.ts';

function open(options: ConstructorParameters<typeof AgiSession>[1] = {}): {
  peer: PipePeer;
  session: AgiSession;
} {
  const peer = new PipePeer();
  const session = new AgiSession(peer.transport, { environmentTimeoutMs: 0, ...options });
  return { peer, session };
}

async function openReady(options: ConstructorParameters<typeof AgiSession>[1] = {}) {
  const pair = open(options);
  pair.peer.write(BASIC_ENVIRONMENT);
  await pair.session.ready();
  return pair;
}

function rejectsWith(code: AgiError['code']) {
  return (error: unknown) => isAgiError(error, code);
}

test('reads the environment, then pairs each command with its reply', async () => {
  const transcript: string[] = [];
  const { peer, session } = await openReady({
    onTranscript: (direction, line) => transcript.push(`${direction === 'in' ? '<<' : '>>'} ${line}`),
  });
  assert.equal(session.environment?.script, 'basic');
  assert.deepEqual(session.environment?.args, ['arg1', 'arg 2', '', 'last']);

  const replies: [string, AgiReply, number][] = [];
  session.on('reply', (line: string, reply: AgiReply, ms: number) => replies.push([line, reply, ms]));
  const pending = session.send('GET VARIABLE PROBEVAR');
  assert.equal(await peer.nextCommand(), 'GET VARIABLE PROBEVAR');
  peer.write('200 result=1 (hello world)\n');
  const reply = await pending;
  assert.equal(reply.result, '1');
  assert.equal(reply.data, 'hello world');
  assert.equal(replies.length, 1);
  assert.equal(replies[0]?.[0], '200 result=1 (hello world)');
  assert.ok((replies[0]?.[2] ?? -1) >= 0);

  const second = session.send('NOOP');
  await peer.nextCommand();
  peer.write('200 result=0\n');
  assert.equal((await second).result, '0');
  assert.equal(session.commandCount, 2);
  assert.deepEqual(peer.writes, ['GET VARIABLE PROBEVAR\n', 'NOOP\n'], 'each command in one write');
  assert.equal(transcript.length, 27 + 4);
  assert.equal(transcript[0], '<< agi_network: yes');
  assert.equal(transcript[26], '<< ');
  assert.deepEqual(transcript.slice(27), [
    '>> GET VARIABLE PROBEVAR',
    '<< 200 result=1 (hello world)',
    '>> NOOP',
    '<< 200 result=0',
  ]);
  session.close();
});

test('GOSUB: the provisional 100 line is skipped, the 200 resolves', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('GOSUB sub-probe s 1 "a,b"');
  await peer.nextCommand();
  peer.write('100 result=0 Trying...\n');
  await settle();
  peer.write('200 result=0 Gosub complete\n');
  const reply = await pending;
  assert.equal(reply.code, 200);
  assert.equal(reply.raw, '200 result=0 Gosub complete');
  session.close();
});

test('a 520 block whose body arrives later is one reply with its usage', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('GET VARIABLE');
  await peer.nextCommand();
  peer.write('520-Invalid command syntax.  Proper usage follows:\n');
  await settle();
  peer.write(
    'Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set.\nExample return code: 200 result=1 (testvariable)\n520 End of proper usage.\n',
  );
  const reply = await pending;
  assert.equal(reply.code, 520);
  assert.equal(
    reply.usage,
    'Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set.\nExample return code: 200 result=1 (testvariable)',
  );
  // the session is back in step
  const next = session.send('NOOP');
  await peer.nextCommand();
  peer.write('200 result=0\n');
  assert.equal((await next).result, '0');
  session.close();
});

test('sendDecoded settles with the decoded reply, rejects with what the decoder throws, follows its promise', async () => {
  const { peer, session } = await openReady();
  const seen: [string, string, number][] = [];
  const decoded = session.sendDecoded(
    'GET VARIABLE X',
    undefined,
    (reply, line, context: number) => {
      seen.push([reply.raw, line, context]);
      assert.equal(session.hungUp, false);
      return `${reply.data}!`;
    },
    7,
  );
  await peer.nextCommand();
  peer.write('200 result=1 (x)\n');
  assert.equal(await decoded, 'x!');
  assert.deepEqual(seen, [['200 result=1 (x)', 'GET VARIABLE X', 7]]);

  const thrown = session.sendDecoded(
    'NOOP',
    undefined,
    () => {
      throw new Error('not what I wanted');
    },
    undefined,
  );
  await peer.nextCommand();
  peer.write('200 result=0\n');
  await assert.rejects(thrown, /not what I wanted/);

  const followed = session.sendDecoded(
    'NOOP',
    { timeoutMs: 5000 },
    (reply) => Promise.resolve(reply.result),
    undefined,
  );
  await peer.nextCommand();
  peer.write('200 result=3\n');
  assert.equal(await followed, '3', 'a command with a deadline is decoded too');

  // The session is free again by the time the decoder's result is awaited.
  const next = session.send('NOOP');
  await peer.nextCommand();
  peer.write('200 result=0\n');
  assert.equal((await next).result, '0');
});

test('510 and 511 resolve, they are not thrown', async () => {
  const { peer, session } = await openReady();
  const a = session.send('FOOBAR');
  await peer.nextCommand();
  peer.write('510 Invalid or unknown command\n');
  assert.equal((await a).code, 510);
  const b = session.send('CHANNEL STATUS');
  await peer.nextCommand();
  peer.write('511 Command Not Permitted on a dead channel or intercept routine\n');
  assert.equal((await b).code, 511);
  session.close();
});

test('HANGUP merged after a reply in one segment: the reply resolves and hangup is recorded', async () => {
  const { peer, session } = await openReady();
  let hangups = 0;
  session.on('hangup', () => hangups++);
  const pending = session.send('WAIT FOR DIGIT 10000');
  await peer.nextCommand();
  peer.write('200 result=-1\nHANGUP\n');
  const reply = await pending;
  assert.equal(reply.result, '-1');
  await settle();
  assert.equal(session.hungUp, true);
  assert.equal(hangups, 1);
  session.close();
});

test('HANGUP before the reply, split byte by byte, does not eat the reply', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('STREAM FILE demo-congrats "#"');
  await peer.nextCommand();
  for (const byte of Buffer.from('HANGUP\n200 result=-1 endpos=8160\n')) {
    peer.write(Buffer.from([byte]));
    await settle();
  }
  const reply = await pending;
  assert.equal(reply.attributes.endpos, '8160');
  assert.equal(session.hungUp, true);
  session.close();
});

test('HANGUP while idle, and a second HANGUP, give one hangup event; commands still work', async () => {
  const { peer, session } = await openReady();
  let hangups = 0;
  session.on('hangup', () => hangups++);
  peer.write('HANGUP\n');
  await settle();
  peer.write('HANGUP\n');
  await settle();
  assert.equal(hangups, 1);
  const pending = session.send('NOOP');
  await peer.nextCommand();
  peer.write('200 result=0\n');
  assert.equal((await pending).result, '0');
  session.markHungUp();
  assert.equal(hangups, 1);
  session.close();
});

test('markHungUp (SIGHUP of standard AGI) sets the dead state once', async () => {
  const { session } = await openReady();
  let hangups = 0;
  session.on('hangup', () => hangups++);
  session.markHungUp();
  session.markHungUp();
  assert.equal(session.hungUp, true);
  assert.equal(hangups, 1);
  session.close();
});

test('a reply to a command never sent is a protocolError and is not paired with the next command', async () => {
  const { peer, session } = await openReady();
  const errors: AgiError[] = [];
  session.on('protocolError', (e: AgiError) => errors.push(e));
  peer.write(
    '200 result=1 (stray)\n100 result=0 Trying...\n520-Invalid command syntax.  Proper usage follows:\nbody\n520 End of proper usage.\n',
  );
  await settle();
  assert.equal(errors.length, 3);
  assert.ok(errors.every((e) => e.code === 'AGI_ERR_PROTOCOL'));
  const pending = session.send('NOOP');
  await peer.nextCommand();
  peer.write('200 result=0\n');
  const reply = await pending;
  assert.equal(reply.raw, '200 result=0');
  assert.equal(session.closed, false);
  session.close();
});

test('garbage while a command is pending is reported and skipped', async () => {
  const { peer, session } = await openReady();
  const errors: AgiError[] = [];
  session.on('protocolError', (e: AgiError) => errors.push(e));
  const pending = session.send('NOOP');
  await peer.nextCommand();
  peer.write('hello there\n200 result=0\n');
  assert.equal((await pending).result, '0');
  assert.equal(errors.length, 1);
  session.close();
});

test('a reply ending in CRLF is accepted without the CR', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('GET VARIABLE X');
  await peer.nextCommand();
  peer.write('200 result=1 (v)\r\n');
  const reply = await pending;
  assert.equal(reply.data, 'v');
  assert.equal(reply.raw, '200 result=1 (v)');
  session.close();
});

test('UTF-8 split across chunks is decoded once the line is complete', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('GET VARIABLE UTF8');
  await peer.nextCommand();
  const bytes = Buffer.from('200 result=1 (grüße €)\n');
  peer.write(bytes.subarray(0, 17)); // cuts 'ü' in half
  await settle();
  peer.write(bytes.subarray(17));
  assert.equal((await pending).data, 'grüße €');
  session.close();
});

test('strict lockstep: a second command while one is in flight is AGI_ERR_BUSY and not written', async () => {
  const { peer, session } = await openReady();
  const first = session.send('WAIT FOR DIGIT 1000');
  await peer.nextCommand();
  await assert.rejects(session.send('NOOP'), rejectsWith('AGI_ERR_BUSY'));
  peer.write('200 result=0\n');
  await first;
  assert.deepEqual(peer.writes, ['WAIT FOR DIGIT 1000\n']);
  session.close();
});

test('lockstep at the reply: a listener of the reply event is still BUSY, the awaiting caller is free', async () => {
  const { peer, session } = await openReady();
  const fromListener: Promise<unknown>[] = [];
  session.once('reply', () => fromListener.push(session.send('NOOP')));
  const first = session.send('ANSWER');
  await peer.nextCommand();
  peer.write('200 result=0\n');
  await first;
  assert.equal(fromListener.length, 1);
  await assert.rejects(fromListener[0] as Promise<unknown>, rejectsWith('AGI_ERR_BUSY'));
  const second = session.send('NOOP');
  assert.equal(await peer.nextCommand(), 'NOOP');
  peer.write('200 result=0\n');
  assert.equal((await second).result, '0');
  assert.deepEqual(peer.writes, ['ANSWER\n', 'NOOP\n']);
  session.close();
});

test('CR/LF and over-long lines are refused before anything is written', async () => {
  const { peer, session } = await openReady({ maxCommandBytes: 2047 });
  await assert.rejects(session.send('NOOP\r'), rejectsWith('AGI_ERR_BAD_ARGUMENT'));
  await assert.rejects(session.send('NOOP\nNOOP'), rejectsWith('AGI_ERR_BAD_ARGUMENT'));
  await assert.rejects(session.send(`NOOP ${'x'.repeat(2042)}`), rejectsWith('AGI_ERR_COMMAND_TOO_LONG'));
  await settle();
  assert.deepEqual(peer.writes, []);
  assert.equal(session.commandCount, 0);
  const fits = session.send(`NOOP ${'x'.repeat(2041)}`);
  await peer.nextCommand();
  peer.write('200 result=0\n');
  await fits;
  session.close();
});

test('send before the environment waits for it', async () => {
  const { peer, session } = open();
  const pending = session.send('ANSWER');
  await settle();
  assert.deepEqual(peer.writes, []);
  peer.write(BASIC_ENVIRONMENT);
  assert.equal(await peer.nextCommand(), 'ANSWER');
  peer.write('200 result=0\n');
  assert.equal((await pending).result, '0');
  session.close();
});

test('command deadline: TIMEOUT; a late reply while idle is dropped and the session is in step again', async () => {
  const { peer, session } = await openReady({ commandTimeoutMs: 20 });
  const errors: AgiError[] = [];
  session.on('protocolError', (e: AgiError) => errors.push(e));
  const slow = session.send('WAIT FOR DIGIT 5000');
  await peer.nextCommand();
  await assert.rejects(slow, rejectsWith('AGI_ERR_TIMEOUT'));
  peer.write('200 result=0\n');
  await settle();
  const next = session.send('GET VARIABLE A', { timeoutMs: 0 });
  assert.equal(await peer.nextCommand(), 'GET VARIABLE A', 'no resync needed');
  peer.write('200 result=1 (a)\n');
  assert.equal((await next).data, 'a');
  assert.equal(errors.length, 0);
  session.close();
});

test('after an abandoned STREAM FILE (no reply: interrupted by the next line) the session resyncs', async () => {
  const { peer, session } = await openReady();
  const controller = new AbortController();
  const playing = session.send('STREAM FILE demo-congrats ""', { signal: controller.signal });
  await peer.nextCommand();
  controller.abort();
  await assert.rejects(playing, rejectsWith('AGI_ERR_ABORTED'));
  const next = session.send('EXEC ConfBridge 1234');
  // Asterisk stops the playback without a reply and reads the sync line
  assert.equal(await peer.nextCommand(), 'GET FULL VARIABLE callgate-sync-1');
  peer.write('200 result=1 (callgate-sync-1)\n');
  assert.equal(await peer.nextCommand(), 'EXEC ConfBridge 1234');
  peer.write('200 result=0\n');
  assert.equal((await next).result, '0');
  assert.equal(session.commandCount, 3);
  session.close();
});

test('after an abandoned EXEC that still answers, its late reply and a 520 block are dropped before the sync', async () => {
  const { peer, session } = await openReady({ commandTimeoutMs: 10 });
  await Promise.all([
    assert.rejects(session.send('EXEC Wait 5'), rejectsWith('AGI_ERR_TIMEOUT')),
    peer.nextCommand(),
  ]);
  const next = session.send('GET VARIABLE B', { timeoutMs: 0 });
  assert.equal(await peer.nextCommand(), 'GET FULL VARIABLE callgate-sync-1');
  peer.write(
    '520-Invalid command syntax.  Proper usage follows:\nx\n520 End of proper usage.\n200 result=1 (',
  );
  await settle();
  peer.write('callgate-sync-1)\n');
  assert.equal(await peer.nextCommand(), 'GET VARIABLE B');
  peer.write('200 result=1 (b)\n');
  assert.equal((await next).data, 'b');
  session.close();
});

test('a send that times out while resyncing leaves the sync in flight for the next send', async () => {
  const { peer, session } = await openReady({ commandTimeoutMs: 10 });
  await Promise.all([
    assert.rejects(session.send('EXEC Wait 5'), rejectsWith('AGI_ERR_TIMEOUT')),
    peer.nextCommand(),
  ]);
  await assert.rejects(session.send('NOOP'), rejectsWith('AGI_ERR_TIMEOUT'));
  assert.equal(await peer.nextCommand(), 'GET FULL VARIABLE callgate-sync-1');
  const next = session.send('NOOP', { timeoutMs: 0 });
  peer.write('200 result=0\n200 result=1 (callgate-sync-1)\n');
  assert.equal(await peer.nextCommand(), 'NOOP', 'no second sync line');
  peer.write('200 result=0\n');
  assert.equal((await next).result, '0');
  assert.deepEqual(peer.writes, ['EXEC Wait 5\n', 'GET FULL VARIABLE callgate-sync-1\n', 'NOOP\n']);
  session.close();
});

test('command signal: ABORTED; already-aborted signals write nothing', async () => {
  const { peer, session } = await openReady();
  const controller = new AbortController();
  const pending = session.send('STREAM FILE x ""', { signal: controller.signal });
  await peer.nextCommand();
  controller.abort();
  await assert.rejects(pending, rejectsWith('AGI_ERR_ABORTED'));
  await assert.rejects(session.send('NOOP', { signal: AbortSignal.abort() }), rejectsWith('AGI_ERR_ABORTED'));
  assert.equal(session.commandCount, 1);
  session.close();
});

test('session deadline closes the session and rejects the pending command with TIMEOUT', async () => {
  const { peer, session } = await openReady({ sessionTimeoutMs: 300 });
  const pending = session.send('WAIT FOR DIGIT -1');
  await peer.nextCommand();
  const [closeError] = (await once(session, 'close')) as [AgiError];
  assert.equal(closeError.code, 'AGI_ERR_TIMEOUT');
  await assert.rejects(pending, rejectsWith('AGI_ERR_TIMEOUT'));
  assert.equal(session.closed, true);
  await settle();
  assert.equal(peer.destroyed, true);
});

test('session signal aborts the session', async () => {
  const controller = new AbortController();
  const { peer, session } = await openReady({ signal: controller.signal });
  const pending = session.send('WAIT FOR DIGIT -1');
  await peer.nextCommand();
  controller.abort();
  await assert.rejects(pending, rejectsWith('AGI_ERR_ABORTED'));
  assert.equal(session.closed, true);
  await assert.rejects(session.send('NOOP'), rejectsWith('AGI_ERR_CLOSED'));
});

test('an already-aborted session signal closes the session', async () => {
  const { session } = open({ signal: AbortSignal.abort() });
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_ABORTED'));
  assert.equal(session.closed, true);
});

test('close() is idempotent, rejects the pending command with CLOSED and ends the output', async () => {
  const { peer, session } = await openReady();
  const closes: unknown[] = [];
  session.on('close', (e: unknown) => closes.push(e));
  const pending = session.send('WAIT FOR DIGIT -1');
  await peer.nextCommand();
  const ended = once(peer.fromSession, 'end');
  session.close();
  session.close();
  await assert.rejects(pending, rejectsWith('AGI_ERR_CLOSED'));
  await ended;
  await settle();
  assert.equal(peer.destroyed, true);
  assert.deepEqual(closes, [undefined]);
});

test('the peer closing while a command is pending rejects it at once with CLOSED', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('WAIT FOR DIGIT 2000');
  await peer.nextCommand();
  peer.write('200 resu');
  peer.end();
  await assert.rejects(pending, rejectsWith('AGI_ERR_CLOSED'));
  assert.equal(session.closed, true);
});

test('a 520 block cut off by the peer closing rejects with CLOSED', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('STREAM FILE');
  await peer.nextCommand();
  peer.write('520-Invalid command syntax.  Proper usage follows:\nSend the given file\n');
  await settle();
  peer.end();
  await assert.rejects(pending, rejectsWith('AGI_ERR_CLOSED'));
});

test('a reply line over maxLineBytes closes the session with LINE_TOO_LONG', async () => {
  const { peer, session } = await openReady({ maxLineBytes: 1024 });
  const pending = session.send('GET VARIABLE BIG');
  await peer.nextCommand();
  peer.write(`200 result=1 (${'x'.repeat(100 * 1024)})\n`);
  await assert.rejects(pending, rejectsWith('AGI_ERR_LINE_TOO_LONG'));
  assert.equal(session.closed, true);
});

test('the default line cap (64 KiB) rejects a 100 KB reply line', async () => {
  const { peer, session } = await openReady();
  const pending = session.send('GET VARIABLE BIG');
  await peer.nextCommand();
  const line = `200 result=1 (${'x'.repeat(100 * 1024)})\n`;
  for (let at = 0; at < line.length; at += 4096) peer.write(line.slice(at, at + 4096));
  await assert.rejects(pending, rejectsWith('AGI_ERR_LINE_TOO_LONG'));
});

test('environment: garbage before it is BAD_ENVIRONMENT and closes the session', async () => {
  const { peer, session } = open();
  const closed = once(session, 'close');
  peer.write(`GET / HTTP/1.1\n${BASIC_ENVIRONMENT}`);
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));
  const [error] = (await closed) as [AgiError];
  assert.equal(error.code, 'AGI_ERR_BAD_ENVIRONMENT');
  await settle();
  assert.equal(peer.destroyed, true);
});

test('environment: garbage inside it is BAD_ENVIRONMENT', async () => {
  const { peer, session } = open();
  peer.write('agi_network: yes\nagi_request: agi://h/x\n\x00\x01binary\n\n');
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));
});

test('environment: a blank line with no agi_request is BAD_ENVIRONMENT', async () => {
  const { peer, session } = open();
  peer.write('\n');
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));
});

test('environment: a missing blank line times out', async () => {
  const { peer, session } = open({ environmentTimeoutMs: 30 });
  peer.write(BASIC_ENVIRONMENT.slice(0, -1));
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_TIMEOUT'));
  assert.equal(session.closed, true);
});

test('environment: a peer that sends nothing (slowloris) times out', async () => {
  const { session } = open({ environmentTimeoutMs: 30 });
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_TIMEOUT'));
});

test('environment: a 100 KB line is refused before it is complete', async () => {
  const { peer, session } = open();
  peer.write(`agi_request: ${'x'.repeat(100 * 1024)}`);
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));
  const big = open({ maxEnvironmentBytes: 1024 * 1024, maxLineBytes: 4096 });
  big.peer.write(`agi_request: ${'x'.repeat(100 * 1024)}\n`);
  await assert.rejects(big.session.ready(), rejectsWith('AGI_ERR_LINE_TOO_LONG'));
});

test('environment: too many lines exceed maxEnvironmentBytes', async () => {
  const { peer, session } = open({ maxEnvironmentBytes: 2048 });
  for (let i = 1; i <= 200; i++) peer.write(`agi_arg_${i}: value\n`);
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));
});

test('environment: the peer closing before the blank line rejects ready() with CLOSED', async () => {
  const { peer, session } = open();
  peer.write('agi_network: yes\n');
  peer.end();
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_CLOSED'));
});

test('environment in one chunk with what follows it: HANGUP and a UTF-8 line after the blank line are read as replies', async () => {
  const { peer, session } = open();
  const env = BASIC_ENVIRONMENT.replace('Probe Caller', 'Jürgen Müller €');
  const strays: AgiError[] = [];
  session.on('protocolError', (e: AgiError) => strays.push(e));
  peer.write(`${env}HANGUP
200 result=1 (grüße)
`);
  const environment = await session.ready();
  assert.equal(environment.callerIdName, 'Jürgen Müller €');
  assert.deepEqual(environment.args, ['arg1', 'arg 2', '', 'last']);
  await settle();
  assert.equal(session.hungUp, true, 'HANGUP after the blank line recorded');
  assert.equal(strays.length, 1, 'the reply after it is a stray, reported once');
  assert.match(strays[0]?.message ?? '', /grüße/);
});

test('environment: a first chunk that ends inside a line is finished by the next one', async () => {
  const { peer, session } = open();
  peer.write('agi_netw');
  await settle();
  peer.write(BASIC_ENVIRONMENT.slice('agi_netw'.length));
  assert.equal((await session.ready()).script, 'basic');
});

test('environment: a block bigger than maxEnvironmentBytes in one chunk is BAD_ENVIRONMENT', async () => {
  const { peer, session } = open({ maxEnvironmentBytes: 256 });
  peer.write(BASIC_ENVIRONMENT);
  await assert.rejects(session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));
});

test('a stream that carries a session cannot carry a second one', async () => {
  const { peer, session } = open();
  assert.throws(
    () => new AgiSession(peer.transport, { environmentTimeoutMs: 0 }),
    (error) => isAgiError(error, 'AGI_ERR_BAD_ARGUMENT'),
  );
  peer.write(BASIC_ENVIRONMENT);
  assert.equal((await session.ready()).script, 'basic', 'the first session still reads its stream');
  session.close();
});

test('ready() asked only after the session closed rejects with the reason; asked late after the environment resolves', async () => {
  const failed = open();
  failed.peer.write('garbage\n');
  await settle();
  assert.equal(failed.session.closed, true);
  await assert.rejects(failed.session.ready(), rejectsWith('AGI_ERR_BAD_ENVIRONMENT'));

  const { peer, session } = open();
  peer.write(BASIC_ENVIRONMENT);
  await settle();
  assert.equal((await session.ready()).script, 'basic');
  assert.equal(await session.ready(), session.environment);
  session.close();
});

test('over a real socket pair: HANGUP merged with a reply, then close', async (t) => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const address = server.address() as net.AddressInfo;
  const accepted = once(server, 'connection');
  const asterisk = net.connect(address.port, '127.0.0.1');
  t.after(() => asterisk.destroy());
  const [socket] = (await accepted) as [net.Socket];
  const session = AgiSession.fromSocket(socket, { environmentTimeoutMs: 1000 });

  asterisk.write(BASIC_ENVIRONMENT.slice(0, 100));
  await settle();
  asterisk.write(BASIC_ENVIRONMENT.slice(100));
  const environment = await session.ready();
  assert.equal(environment.channel, 'Local/basic@agi-under-test-00000023;2');

  let received = '';
  asterisk.on('data', (chunk: Buffer) => {
    received += chunk.toString();
    if (received === 'GET DATA beep 10000 5\n') asterisk.write('200 result=-1\nHANGUP\n');
  });
  const reply = await session.send('GET DATA beep 10000 5');
  assert.equal(reply.result, '-1');
  await settle();
  assert.equal(session.hungUp, true);

  const asteriskSawEnd = once(asterisk, 'end');
  session.close();
  await asteriskSawEnd;
  await once(socket, 'close');
});

test('over a real socket: Asterisk closing mid-reply (AGIEXITONHANGUP) rejects the pending command with CLOSED', async (t) => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const accepted = once(server, 'connection');
  const asterisk = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  t.after(() => asterisk.destroy());
  const [socket] = (await accepted) as [net.Socket];
  const session = AgiSession.fromSocket(socket, { environmentTimeoutMs: 1000 });
  asterisk.write(BASIC_ENVIRONMENT);
  await session.ready();

  asterisk.once('data', () => {
    asterisk.end('HANGUP\nHANGUP\n200 res');
  });
  const closed = once(session, 'close');
  await assert.rejects(session.send('NOOP'), rejectsWith('AGI_ERR_CLOSED'));
  await closed;
  assert.equal(session.hungUp, true);
  await once(socket, 'close');
});
