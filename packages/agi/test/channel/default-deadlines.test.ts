import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgiChannel } from '../../src/channel/agi-channel.ts';
import type { AgiDeadlines } from '../../src/channel/command-deadlines.ts';
import { type AgiError, isAgiError } from '../../src/errors.ts';
import {
  type AgiReplyDecoder,
  type AgiSendOptions,
  AgiSession,
  type AgiSessionOptions,
} from '../../src/session/agi-session.ts';
import { BASIC_ENVIRONMENT, PipePeer } from '../session/peer.ts';

/** Small deadlines so a silent peer is found out quickly; each test says how long it waits. */
const SHORT: AgiDeadlines = { quickMs: 80, playbackMs: 80, marginMs: 20, dialplanDigitMs: 40 };

async function openChannel(
  deadlines: AgiDeadlines = SHORT,
  sessionOptions: AgiSessionOptions = {},
): Promise<{ peer: PipePeer; session: AgiSession; channel: AgiChannel }> {
  const peer = new PipePeer();
  const session = new AgiSession(peer.transport, { environmentTimeoutMs: 0, ...sessionOptions });
  peer.write(BASIC_ENVIRONMENT);
  await session.ready();
  return { peer, session, channel: new AgiChannel(session, { deadlines, hangupGraceMs: 0 }) };
}

function code(expected: AgiError['code']) {
  return (error: unknown) => isAgiError(error, expected);
}

/** A session that records the default deadline each command was sent with. */
class RecordingSession extends AgiSession {
  readonly defaults: [line: string, ms: number][] = [];

  override sendDecoded<T, C>(
    line: string,
    options: AgiSendOptions | undefined,
    decode: AgiReplyDecoder<T, C>,
    context: C,
    defaultTimeoutMs = 0,
  ): Promise<T> {
    this.defaults.push([line, defaultTimeoutMs]);
    return super.sendDecoded(line, options, decode, context, defaultTimeoutMs);
  }
}

test('each typed command is sent with the default deadline fitted to it', async () => {
  const peer = new PipePeer();
  const session = new RecordingSession(peer.transport, { environmentTimeoutMs: 0 });
  peer.write(BASIC_ENVIRONMENT);
  await session.ready();
  const channel = new AgiChannel(session, {
    deadlines: { quickMs: 1000, playbackMs: 20_000, marginMs: 500, dialplanDigitMs: 3000 },
  });
  const answering = (async () => {
    for (;;) {
      const line = await peer.nextCommand();
      if (line.startsWith('GET DATA')) peer.write('200 result=1\n');
      else if (line.startsWith('HANGUP')) peer.write('200 result=1\n');
      else if (line.startsWith('CHANNEL STATUS')) peer.write('200 result=6\n');
      else if (line.startsWith('STREAM FILE') || line.startsWith('GET OPTION'))
        peer.write('200 result=0 endpos=0\n');
      else if (line.startsWith('RECORD FILE')) peer.write('200 result=0 (timeout) endpos=0\n');
      else if (line.startsWith('GET VARIABLE')) peer.write('200 result=0\n');
      else if (line.startsWith('GOSUB')) peer.write('100 result=0 Trying...\n200 result=0 Gosub complete\n');
      else peer.write('200 result=0\n');
      if (line === 'NOOP last') return;
    }
  })();
  await channel.answer();
  await channel.channelStatus();
  await channel.setVariable('A', '1');
  await channel.getVariable('A');
  await channel.hangup();
  await channel.streamFile('hello');
  await channel.getData('agent-pass', { digitTimeoutMs: 5000, maxDigits: 12 });
  await channel.getOption('menu', { escapeDigits: '12', digitTimeoutMs: 4000 });
  await channel.waitForDigit(10_000);
  await channel.waitForDigit(-1);
  await channel.recordFile('/tmp/x', 'wav', { maxDurationMs: 30_000 });
  await channel.sayDigits('123');
  await channel.exec('ConfBridge', '8600051', 'callgate_bridge');
  await channel.exec('Wait', '2');
  await channel.exec('Playback', 'hello');
  await channel.gosub('sub', 's', 1);
  await channel.send('NOOP', 'raw');
  await channel.send('MY MODULE COMMAND', 'x');
  await channel.sendWith('NOOP', ['last']);
  await answering;
  assert.deepEqual(session.defaults, [
    ['ANSWER', 1000],
    ['CHANNEL STATUS', 1000],
    ['SET VARIABLE A 1', 1000],
    ['GET VARIABLE A', 1000],
    ['HANGUP', 1000],
    ['STREAM FILE hello ""', 20_500],
    ['GET DATA agent-pass 5000 12', 20_000 + 12 * 5000 + 500],
    ['GET OPTION menu 12 4000', 20_000 + 4000 + 500],
    ['WAIT FOR DIGIT 10000', 10_500],
    ['WAIT FOR DIGIT -1', 0],
    ['RECORD FILE /tmp/x wav "" 30000', 20_000 + 30_000 + 500],
    ['SAY DIGITS 123 ""', 20_500],
    ['EXEC ConfBridge 8600051,callgate_bridge', 0],
    ['EXEC Wait 2', 2500],
    ['EXEC Playback hello', 20_500],
    ['GOSUB sub s 1', 1000],
    ['NOOP raw', 1000],
    ['MY MODULE COMMAND x', 0],
    ['NOOP last', 1000],
  ]);
  session.close();
});

test('a quick command the peer never answers: AGI_ERR_TIMEOUT, and the session goes on in step', async () => {
  const { peer, session, channel } = await openChannel();
  const started = performance.now();
  await Promise.all([assert.rejects(channel.answer(), code('AGI_ERR_TIMEOUT')), peer.nextCommand()]);
  assert.ok(performance.now() - started >= 80, 'never before its deadline');
  assert.equal(session.closed, false);
  // The next command first resynchronises; a peer that answers it is in step again.
  const next = channel.getVariable('X');
  assert.equal(await peer.nextCommand(), 'GET FULL VARIABLE callgate-sync-1');
  peer.write('200 result=1 (callgate-sync-1)\n');
  assert.equal(await peer.nextCommand(), 'GET VARIABLE X');
  peer.write('200 result=1 (x)\n');
  assert.equal(await next, 'x');
  session.close();
});

for (const [what, silence] of [
  ['no answer at all', ''],
  ['a garbage line', 'hello there\n'],
  ['an unterminated 520- block', '520-Invalid command syntax.  Proper usage follows:\nUsage: ANSWER\n'],
  ['100 Trying with nothing after', '100 result=0 Trying...\n'],
] as const) {
  test(`a silent peer (${what}) holds the session one deadline plus one resync, then it closes`, async () => {
    const { peer, session, channel } = await openChannel(SHORT, { resyncTimeoutMs: 100 });
    const errors: AgiError[] = [];
    session.on('protocolError', (e: AgiError) => errors.push(e));
    const answering = channel.channelStatus();
    await peer.nextCommand();
    if (silence) peer.write(silence);
    await assert.rejects(answering, code('AGI_ERR_TIMEOUT'));
    // What an app does next (an apology): the resync gets nothing either, so the session closes.
    const closed = once(session, 'close');
    const apology = channel.streamFile('sorry');
    assert.equal(await peer.nextCommand(), 'GET FULL VARIABLE callgate-sync-1');
    await assert.rejects(apology, code('AGI_ERR_TIMEOUT'));
    const [reason] = (await closed) as [AgiError];
    assert.equal(reason.code, 'AGI_ERR_TIMEOUT');
    assert.match(reason.message, /not answering/);
    assert.equal(session.closeError?.code, 'AGI_ERR_TIMEOUT');
    assert.equal(peer.destroyed, true, 'the transport is let go');
    await assert.rejects(channel.noop(), code('AGI_ERR_CLOSED'));
    assert.equal(errors.length, what === 'a garbage line' ? 1 : 0);
  });
}

test('GOSUB: the default deadline covers its 100 Trying; the subroutine after it has none', async () => {
  const { peer, session, channel } = await openChannel();
  const silent = channel.gosub('sub', 's', 1);
  await peer.nextCommand();
  await assert.rejects(silent, code('AGI_ERR_TIMEOUT'));
  session.close();

  const second = await openChannel();
  const running = second.channel.gosub('sub', 's', 1);
  await second.peer.nextCommand();
  second.peer.write('100 result=0 Trying...\n');
  await sleep(400);
  second.peer.write('200 result=0 Gosub complete\n');
  await running;
  second.session.close();
});

test('EXEC of a bridging application and WAIT FOR DIGIT -1 have no default deadline', async () => {
  const { peer, session, channel } = await openChannel();
  const bridged = channel.exec('ConfBridge', '1234');
  await peer.nextCommand();
  await sleep(400);
  peer.write('200 result=0\n');
  assert.equal(await bridged, 0);
  const forever = channel.waitForDigit(-1);
  await peer.nextCommand();
  await sleep(300);
  peer.write('200 result=49\n');
  assert.equal(await forever, '1');
  session.close();
});

test("a call's own timeoutMs and the session's commandTimeoutMs replace the default", async () => {
  const { peer, session, channel } = await openChannel();
  const patient = channel.answer({ timeoutMs: 2000 });
  await peer.nextCommand();
  await sleep(300);
  peer.write('200 result=0\n');
  await patient;
  const none = channel.answer({ timeoutMs: 0 });
  await peer.nextCommand();
  await sleep(300);
  peer.write('200 result=0\n');
  await none;
  session.close();

  const flat = await openChannel(SHORT, { commandTimeoutMs: 0 });
  const unlimited = flat.channel.answer();
  await flat.peer.nextCommand();
  await sleep(300);
  flat.peer.write('200 result=0\n');
  await unlimited;
  flat.session.close();
});

test('a late reply to a command abandoned by its default deadline is dropped, not paired with the next', async () => {
  const { peer, session, channel } = await openChannel();
  await Promise.all([assert.rejects(channel.getVariable('A'), code('AGI_ERR_TIMEOUT')), peer.nextCommand()]);
  peer.write('200 result=1 (late)\n');
  await sleep(20);
  const next = channel.getVariable('B');
  assert.equal(await peer.nextCommand(), 'GET VARIABLE B', 'in step again: no resync needed');
  peer.write('200 result=1 (b)\n');
  assert.equal(await next, 'b');
  session.close();
});

test('a 520 usage block is bounded in lines: a peer that never ends it closes the session', async () => {
  const { peer, session, channel } = await openChannel({ quickMs: 0 });
  const pending = channel.answer();
  await peer.nextCommand();
  peer.write('520-Invalid command syntax.  Proper usage follows:\n');
  peer.write('x\n'.repeat(300));
  await assert.rejects(pending, code('AGI_ERR_PROTOCOL'));
  assert.equal(session.closed, true);
  assert.match(session.closeError?.message ?? '', /usage block longer than 256 lines/);
});

test('digits in a malformed reply to an input command never reach an error or a protocol report', async () => {
  const { peer, session, channel } = await openChannel({});
  const reports: AgiError[] = [];
  session.on('protocolError', (e: AgiError) => reports.push(e));
  const failures: unknown[] = [];
  const entry = channel.getData('agent-pass', { digitTimeoutMs: 5000, maxDigits: 4 });
  await peer.nextCommand();
  peer.write('4321\n999 result=4321\n');
  failures.push(await entry.catch((e: unknown) => e));
  const digit = channel.waitForDigit(5000);
  await peer.nextCommand();
  peer.write('200 result=4321x\n');
  failures.push(await digit.catch((e: unknown) => e));
  const played = channel.streamFile('menu', { escapeDigits: '0123456789' });
  await peer.nextCommand();
  peer.write('200 result=52 endpos=4321x\n');
  failures.push(await played.catch((e: unknown) => e));
  const recorded = channel.recordFile('/tmp/x', 'wav', { escapeDigits: '#', maxDurationMs: 1000 });
  await peer.nextCommand();
  peer.write('200 result=-1 (4321)\n');
  failures.push(await recorded.catch((e: unknown) => e));
  const stray = channel.getData('agent-pass', { digitTimeoutMs: 5000, maxDigits: 4 });
  await peer.nextCommand();
  peer.write('200 result=1234\n200 result=4321\n');
  assert.deepEqual(await stray, { digits: '1234', timeout: false });
  await sleep(10);

  assert.equal(reports.length, 2, 'the garbage line and the stray reply are reported');
  assert.equal(failures.length, 4);
  for (const failure of failures) assert.ok(isAgiError(failure), String(failure));
  const text = [...reports, ...(failures as AgiError[])]
    .map((e) => `${e.message} ${e.usage ?? ''} ${JSON.stringify(e)}`)
    .join('\n');
  assert.doesNotMatch(text, /4321/);
  assert.match(text, /withheld/);
  // The same garbage after a command that reads no input is quoted, to help find the fault.
  const noted = channel.answer();
  await peer.nextCommand();
  peer.write('9876\n200 result=0\n');
  await noted;
  await sleep(10);
  assert.match(reports.at(-1)?.message ?? '', /"9876"/);
  session.close();
});
