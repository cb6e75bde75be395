/**
 * A second caller for a session whose phone leg is held by a first call, with the stale-leg check
 * on (the default): the second call's simulated Asterisk is told whether the first call's channel
 * is still alive (`otherChannels`), which decides between refusing, taking over and replacing.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CallRecording, OtherChannelState } from '@callgate/agi/testing';
import {
  AGENT_PIN,
  AGENT_USER_ID,
  type DialInHarness,
  type HarnessOptions,
  openDialInHarness,
} from './dial-in-harness.ts';

const GOOD_KEYS = `${AGENT_USER_ID}#${AGENT_PIN}#`;
const FIRST = { name: 'PJSIP/desk-00000001', uniqueId: '4000.1' };
const SECOND = { name: 'PJSIP/mobile-00000002', uniqueId: '4000.2' };
/** For a caller who should be refused: were it let in, it leaves, so the test fails instead of hanging. */
const IF_LET_IN_LEAVE = { hangup: true, at: { app: 'ConfBridge' } } as const;

let harness: DialInHarness | undefined;
/** Calls started in the running test: a failed assertion must not leave one in the room forever. */
const liveCalls: Array<ReturnType<DialInHarness['start']>> = [];

async function open(options: HarnessOptions = {}): Promise<DialInHarness> {
  harness = await openDialInHarness(options);
  return harness;
}

// Every assert.ok carries a message: without one, a failing assert.ok under tsx hung this file
// (node rebuilding the message from the source) instead of reporting the failure.
afterEach(async () => {
  for (const call of liveCalls.splice(0)) {
    call.hangup();
    await call.done;
  }
  await harness?.close();
  harness = undefined;
});

function start(h: DialInHarness, options: Parameters<DialInHarness['start']>[0]) {
  const call = h.start(options);
  liveCalls.push(call);
  return call;
}

const files = (rec: CallRecording) => rec.prompts.map((p) => p.file);
const logged = (h: DialInHarness, text: string) => h.logger.lines.some((l) => l.includes(text));
const appLines = (rec: CallRecording) => rec.transcript.filter((t) => t.from === 'app').map((t) => t.line);

/** The first caller, logged in and in the session's room: it holds the phone leg. */
async function firstCallerInRoom(h: DialInHarness) {
  const first = start(h, { caller: [{ keys: GOOD_KEYS }], channel: FIRST });
  await first.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
  return first;
}

describe('a second caller while the first leg is held (stale-leg check on)', () => {
  test('two callers with the identities the simulator gives them: the second is refused (each call its own uniqueid)', async () => {
    const h = await open();
    const session = await h.openSession();
    // As two `callgate call` runs: no identity chosen by the test.
    const first = start(h, { caller: [{ keys: GOOD_KEYS }] });
    await first.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    const firstChannel = first.runtime.channel.identity;
    const second = await h.call({
      caller: [{ keys: GOOD_KEYS }, IF_LET_IN_LEAVE],
      otherChannels: { [firstChannel.name]: 'up' },
    });
    assert.equal(second.variables.CALLGATE_RESULT, 'leg_exists');
    assert.deepEqual(second.apps, []);
    assert.equal((await h.legOf(session.id)).uniqueid, firstChannel.uniqueId, 'the first call keeps the leg');
  });

  test('the first channel alive: the second caller is refused and the first leg left alone', async () => {
    const h = await open();
    const session = await h.openSession();
    const first = await firstCallerInRoom(h);

    const second = await h.call({
      caller: [{ keys: GOOD_KEYS }, IF_LET_IN_LEAVE],
      channel: SECOND,
      otherChannels: { [FIRST.name]: 'up' },
    });

    assert.ok(appLines(second).includes(`CHANNEL STATUS ${FIRST.name}`), appLines(second).join('\n'));
    assert.deepEqual(files(second), ['agent-user', 'agent-pass', 'agent-alreadyon', 'vm-goodbye']);
    assert.deepEqual(second.apps, []);
    assert.equal(second.variables.CALLGATE_RESULT, 'leg_exists');
    assert.equal(second.hungUpBy, 'application');
    assert.deepEqual(second.otherChannelsHungUp, []);
    assert.deepEqual(await h.legOf(session.id), {
      leg: 'connected',
      channel: FIRST.name,
      uniqueid: FIRST.uniqueId,
    });
    assert.deepEqual(await h.authResults(), ['ok', 'leg_exists']);
    assert.deepEqual(h.outcomes.at(-1), {
      result: 'leg_exists',
      stage: 'finish',
      attempts: 1,
      agentId: h.agent.id,
    });
    assert.ok(!logged(h, 'took over a stale phone leg'), 'no takeover logged');

    // The first caller is still the one in the room, and its leaving frees the leg.
    first.hangup();
    const firstRec = await first.done;
    assert.equal(firstRec.hungUpBy, 'caller');
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });

  // Asterisk knows the channel in any state, even code 0 (Down): alive is "known", not "answered".
  const otherStates: OtherChannelState[] = ['ringing', 0];
  for (const state of otherStates) {
    test(`the first channel known in state ${String(state)}: still refused`, async () => {
      const h = await open();
      const session = await h.openSession();
      await h.services.sessions.claimPhoneLeg(session.id, {
        channel: FIRST.name,
        uniqueid: FIRST.uniqueId,
        state: 'connected',
      });
      const second = await h.call({
        caller: [{ keys: GOOD_KEYS }, IF_LET_IN_LEAVE],
        channel: SECOND,
        otherChannels: { [FIRST.name]: state },
      });
      assert.equal(second.variables.CALLGATE_RESULT, 'leg_exists');
      assert.deepEqual(second.otherChannelsHungUp, []);
      assert.equal((await h.legOf(session.id)).channel, FIRST.name);
    });
  }

  test('the first channel gone (Asterisk does not know it): the second caller takes the leg over', async () => {
    const h = await open();
    const session = await h.openSession();
    // The first call's app still runs, but its channel is gone from Asterisk (a crashed node's call).
    const first = await firstCallerInRoom(h);

    const second = start(h, {
      caller: [{ keys: GOOD_KEYS }],
      channel: SECOND,
      // Someone else is alive; the check is by the leg's own channel name.
      otherChannels: { 'PJSIP/reception-00000005': 'up' },
    });
    await second.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    assert.deepEqual(await h.legOf(session.id), {
      leg: 'connected',
      channel: SECOND.name,
      uniqueid: SECOND.uniqueId,
    });
    assert.ok(logged(h, 'took over a stale phone leg'), 'the takeover is logged');

    // The stale leg's call ending late does not clear the new leg.
    first.hangup();
    await first.done;
    assert.equal((await h.legOf(session.id)).uniqueid, SECOND.uniqueId);

    second.hangup();
    const rec = await second.done;
    assert.ok(appLines(rec).includes(`CHANNEL STATUS ${FIRST.name}`), appLines(rec).join('\n'));
    // A gone channel is not hung up: there is nothing to end.
    assert.ok(!appLines(rec).some((l) => l.startsWith('HANGUP ')), appLines(rec).join('\n'));
    assert.deepEqual(rec.otherChannelsHungUp, []);
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
    assert.deepEqual(await h.authResults(), ['ok', 'leg_exists', 'ok']);
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });

  test('secondLeg replace with the first channel alive: the old channel is hung up before the new one joins', async () => {
    const h = await open({ dialIn: { secondLeg: 'replace' } });
    const session = await h.openSession();
    const first = await firstCallerInRoom(h);

    const second = start(h, {
      caller: [{ keys: GOOD_KEYS }],
      channel: SECOND,
      otherChannels: { [FIRST.name]: 'up' },
    });
    await second.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    assert.deepEqual(await h.legOf(session.id), {
      leg: 'connected',
      channel: SECOND.name,
      uniqueid: SECOND.uniqueId,
    });
    assert.ok(logged(h, 'replaced the previous phone leg'), 'the replacement is logged');
    assert.ok(!logged(h, 'could not hang up the replaced leg'), 'the old channel was hung up');

    // The replaced call's app ending (its channel was hung up) does not clear the new leg.
    first.hangup();
    await first.done;
    assert.equal((await h.legOf(session.id)).uniqueid, SECOND.uniqueId);

    second.hangup();
    const rec = await second.done;
    assert.deepEqual(
      rec.otherChannelsHungUp.map((o) => o.channel),
      [FIRST.name],
    );
    // Ended before the new caller entered the room, so the room never holds both phones.
    const joinedAt = rec.apps.find((a) => a.name === 'ConfBridge')?.startedAt;
    assert.ok(
      joinedAt !== undefined && (rec.otherChannelsHungUp[0]?.at ?? Infinity) <= joinedAt,
      `hung up at ${rec.otherChannelsHungUp[0]?.at}, joined at ${joinedAt}`,
    );
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
    assert.deepEqual(await h.authResults(), ['ok', 'ok']);
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });
});
