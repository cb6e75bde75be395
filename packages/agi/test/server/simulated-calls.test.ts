import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simulateCall, startCall } from '@callgate/agi/testing';
import { isAgiError } from '../../src/errors.ts';
import type { AgiSessionSummary } from '../../src/server/access-log.ts';
import type { AgiCall } from '../../src/server/agi-call.ts';
import { type AgiServer, createAgiServer } from '../../src/server/agi-server.ts';
import { type LogRecord, memoryLogger, serialised } from './memory-logger.ts';

/**
 * End to end: a real FastAGI server on 127.0.0.1:0 driven by the simulated Asterisk, which answers
 * every command as Asterisk 22 does and reports where the dialplan continues.
 */
describe('FastAGI server driven by the simulated Asterisk', () => {
  const SECRET = 's3cret-token';
  let server: AgiServer;
  let base: string;
  const logs: LogRecord[] = [];
  const summaries: AgiSessionSummary[] = [];
  const hangups: string[] = [];
  const signals: AbortSignal[] = [];
  const calls: AgiCall[] = [];

  before(async () => {
    server = createAgiServer({ secret: SECRET, logger: memoryLogger(logs) });
    server.route('login', async (channel, call) => {
      calls.push(call);
      await channel.answer();
      const { digits } = await channel.getData('agent-user', { digitTimeoutMs: 5000, maxDigits: 6 });
      await channel.setVariable('LOGIN', digits ?? '');
      await channel.streamFile('agent-loginok');
    });
    server.route('conference/:room', async (channel, call) => {
      signals.push(call.signal);
      await channel.answer();
      await channel.exec('ConfBridge', call.params.room ?? '');
      await channel.setVariable('AFTER_CONFERENCE', 'yes');
    });
    server.route('broken', async (channel) => {
      await channel.answer();
      throw new Error('the database is down');
    });
    server.addHook('onHangup', (call) => hangups.push(call.env.uniqueid));
    server.addHook('onSessionEnd', (_call, summary) => {
      summaries.push(summary);
    });
    const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
    base = `agi://127.0.0.1:${port}`;
  });
  after(() => server.close({ deadlineMs: 100 }));

  test('a routed call: typed commands, keys from the caller, secret kept from the handler', async () => {
    const recording = await simulateCall({
      url: `${base}/login?secret=${SECRET}&lang=fr`,
      args: ['N---Y'],
      callerId: '"Probe Caller" <5551234>',
      caller: [{ keys: '1001#' }],
    });
    assert.equal(recording.agiStatus, 'SUCCESS');
    assert.equal(recording.endReason, 'app-closed');
    assert.equal(recording.variables.LOGIN, '1001');
    assert.deepEqual(
      recording.prompts.map((p) => p.file),
      ['agent-user', 'agent-loginok'],
    );
    const call = calls.at(-1)!;
    assert.deepEqual({ ...call.query }, { lang: 'fr' });
    assert.deepEqual(call.args, ['N---Y']);
    assert.equal(call.env.callerId, '5551234');
    assert.equal(JSON.stringify(call.env).includes(SECRET), false);
    assert.equal(serialised(logs).includes(SECRET), false);
  });

  test('an unknown route: the dialplan reads CALLGATE_STATUS=NOROUTE and continues (AGISTATUS=SUCCESS)', async () => {
    const recording = await simulateCall({ url: `${base}/no-such-app?secret=${SECRET}` });
    assert.equal(recording.variables.CALLGATE_STATUS, 'NOROUTE');
    assert.equal(recording.agiStatus, 'SUCCESS');
    assert.notEqual(recording.continuesAt, undefined);
  });

  test('a failing handler: CALLGATE_STATUS=ERROR, the socket closed, the call not left hanging', async () => {
    const recording = await simulateCall({ url: `${base}/broken?secret=${SECRET}` });
    assert.equal(recording.variables.CALLGATE_STATUS, 'ERROR');
    assert.equal(recording.endReason, 'app-closed');
    assert.equal(summaries.at(-1)?.outcome, 'error');
  });

  test('a wrong secret: closed before any command', async () => {
    const recording = await simulateCall({ url: `${base}/login?secret=nope` });
    assert.equal(recording.transcript.filter((l) => l.from === 'app').length, 0);
    assert.equal(recording.variables.LOGIN, undefined);
  });

  test('the caller hangs up inside ConfBridge: onHangup fires and the session ends as a hangup', async () => {
    const recording = await simulateCall({
      url: `${base}/conference/8600051?secret=${SECRET}`,
      channel: { uniqueId: '1700000000.55' },
      caller: [{ hangup: true, at: { app: 'ConfBridge', afterMs: 60_000 } }],
    });
    assert.equal(recording.agiStatus, 'HANGUP');
    assert.deepEqual(
      recording.apps.map((a) => [a.name, a.args]),
      [['ConfBridge', '8600051']],
    );
    assert.ok(hangups.includes('1700000000.55'));
    const summary = summaries.find((s) => s.uniqueid === '1700000000.55');
    assert.equal(summary?.outcome, 'hangup');
    assert.equal(summary?.route, 'conference/:room');
  });

  test('200 concurrent calls are all served', async () => {
    const before = server.stats().routes.login?.sessions ?? 0;
    const recordings = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        simulateCall({
          url: `${base}/login?secret=${SECRET}`,
          channel: { uniqueId: `1700000100.${i}` },
          caller: [{ keys: `${i}#` }],
        }),
      ),
    );
    assert.deepEqual(
      recordings.map((r) => r.variables.LOGIN),
      recordings.map((_r, i) => String(i)),
    );
    assert.equal(server.stats().routes.login?.sessions, before + 200);
  });

  test('bytes split one by one, or lines merged, make no difference', async () => {
    for (const faults of [{ splitWrites: true }, { mergeLines: true }]) {
      const recording = await simulateCall({
        url: `${base}/login?secret=${SECRET}`,
        caller: [{ keys: '42#' }],
        faults,
      });
      assert.equal(recording.variables.LOGIN, '42', JSON.stringify(faults));
    }
  });
});

describe('draining with calls in ConfBridge', () => {
  test('close({ deadlineMs }) aborts held calls at the deadline and lets the dialplan continue', async () => {
    const signals: AbortSignal[] = [];
    const server = createAgiServer().route('hold', async (channel, call) => {
      signals.push(call.signal);
      await channel.exec('ConfBridge', '8600051');
    });
    const { port } = await server.listen({ port: 0 });
    const live = startCall({ url: `agi://127.0.0.1:${port}/hold`, clock: 'realtime' });
    await live.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    await server.close({ deadlineMs: 30 });
    const recording = await live.done;
    assert.equal(recording.endReason, 'app-closed');
    assert.equal(recording.agiStatus, 'SUCCESS');
    assert.ok(isAgiError(signals[0]?.reason, 'AGI_ERR_ABORTED'));
    assert.equal(server.stats().sessionsEnded.aborted, 1);
  });
});
