/**
 * The agent dial-in app end to end: the simulated Asterisk calls a real FastAGI server over real
 * sockets; the app runs on real domain services over a fresh SQLite store per test.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CallRecording } from '@callgate/agi/testing';
import {
  AGENT_PIN,
  AGENT_USER_ID,
  CONTACT_OFFICE_NUM,
  type DialInHarness,
  type HarnessOptions,
  openDialInHarness,
} from './dial-in-harness.ts';

const GOOD_KEYS = `${AGENT_USER_ID}#${AGENT_PIN}#`;
const WRONG_KEYS = `${AGENT_USER_ID}#9999#`;
const FIRST_ROOM = '8600051';

let harness: DialInHarness | undefined;

async function open(options: HarnessOptions = {}): Promise<DialInHarness> {
  harness = await openDialInHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const files = (rec: CallRecording) => rec.prompts.map((p) => p.file);
// Every assert.ok carries a message: without one, a failing assert.ok can hang under tsx.
const logged = (h: DialInHarness, text: string) => h.logger.lines.some((l) => l.includes(text));
const apps = (rec: CallRecording) => rec.apps.map((a) => `${a.name}(${a.args})`);

describe('agent dial-in', () => {
  test('valid ID and PIN join the session conference; the leg is connected inside and none after', async () => {
    const h = await open();
    const session = await h.openSession();
    const call = h.start({ caller: [{ keys: GOOD_KEYS }], channel: { uniqueId: '1795342960.93' } });
    await call.waitFor((e) => e.type === 'app' && e.name.toLowerCase() === 'confbridge');
    const inside = await h.legOf(session.id);
    assert.equal(inside.leg, 'connected');
    assert.equal(inside.uniqueid, '1795342960.93');
    assert.match(inside.channel ?? '', /./);
    call.hangup();
    const rec = await call.done;

    assert.deepEqual(files(rec), ['agent-user', 'agent-pass', 'agent-loginok']);
    assert.deepEqual(apps(rec), [`ConfBridge(${FIRST_ROOM},callgate_bridge,callgate_agent)`]);
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
    assert.equal(rec.variables.CALLGATE_AGENT, AGENT_USER_ID);
    assert.equal(rec.variables.CALLGATE_SESSION, String(session.id));
    assert.equal(rec.variables.CALLGATE_CONFERENCE, FIRST_ROOM);
    assert.equal(rec.hungUpBy, 'caller');
    assert.equal(rec.endReason, 'app-closed');
    assert.equal((await h.legOf(session.id)).leg, 'none');
    assert.deepEqual(await h.authResults(), ['ok']);
    assert.deepEqual(h.outcomes.at(-1), {
      result: 'ok',
      stage: 'conference',
      attempts: 1,
      agentId: h.agent.id,
      sessionId: session.id,
    });
  });

  test('a ringing channel is answered first; an answered one is not', async () => {
    const h = await open();
    await h.openSession();
    const ringing = await h.call({
      caller: [{ keys: GOOD_KEYS }, { hangup: true, at: { app: 'ConfBridge' } }],
    });
    const answered = await h.call({
      answered: true,
      caller: [{ keys: GOOD_KEYS }, { hangup: true, at: { app: 'ConfBridge' } }],
    });
    const commands = (rec: CallRecording) =>
      rec.transcript.filter((t) => t.from === 'app').map((t) => t.line.split(' ')[0]);
    assert.deepEqual(commands(ringing).slice(0, 3), ['CHANNEL', 'ANSWER', 'GET']);
    assert.deepEqual(commands(answered).slice(0, 2), ['CHANNEL', 'GET']);
  });

  test('a wrong PIN, a growing delay, then the right PIN', async () => {
    const h = await open();
    await h.openSession();
    const rec = await h.call({
      caller: [{ keys: WRONG_KEYS + GOOD_KEYS }, { hangup: true, at: { app: 'ConfBridge' } }],
    });
    assert.deepEqual(files(rec), [
      'agent-user',
      'agent-pass',
      'agent-incorrect',
      'agent-pass',
      'agent-loginok',
    ]);
    assert.deepEqual(apps(rec).slice(0, 1), ['Wait(1)']);
    assert.deepEqual(await h.authResults(), ['bad_credentials', 'ok']);
    assert.equal(h.outcomes.at(-1)?.attempts, 2);
  });

  test('three failures: one generic message, goodbye, hung up by the app', async () => {
    const h = await open();
    await h.openSession();
    const rec = await h.call({ caller: [{ keys: WRONG_KEYS.repeat(3) }] });
    assert.deepEqual(files(rec), [
      'agent-user',
      'agent-pass',
      'agent-incorrect',
      'agent-pass',
      'agent-incorrect',
      'agent-pass',
      'vm-incorrect',
      'vm-goodbye',
    ]);
    assert.deepEqual(apps(rec), ['Wait(1)', 'Wait(2)']);
    assert.equal(rec.hungUpBy, 'application');
    assert.equal(rec.variables.CALLGATE_RESULT, 'bad_credentials');
    assert.deepEqual(await h.authResults(), ['bad_credentials', 'bad_credentials', 'bad_credentials']);
  });

  test('an unknown ID sounds exactly like a wrong PIN', async () => {
    const h = await open();
    const unknown = await h.call({ caller: [{ keys: '7777#1234#'.repeat(3) }], callerId: '5550001' });
    const wrongPin = await h.call({ caller: [{ keys: WRONG_KEYS.repeat(3) }], callerId: '5550002' });
    assert.deepEqual(files(unknown), files(wrongPin));
    assert.deepEqual(apps(unknown), apps(wrongPin));
  });

  test('nothing keyed counts as an attempt and is audited, without asking for the PIN', async () => {
    const h = await open();
    const rec = await h.call({ caller: [] });
    assert.deepEqual(files(rec), [
      'agent-user',
      'agent-incorrect',
      'agent-incorrect',
      'vm-incorrect',
      'vm-goodbye',
    ]);
    assert.deepEqual(await h.authResults(), ['bad_credentials', 'bad_credentials', 'bad_credentials']);
  });

  test('a disabled agent hears the same generic failure', async () => {
    const h = await open();
    await h.openSession();
    await h.services.agents.disable(h.agent.id);
    const rec = await h.call({ caller: [{ keys: GOOD_KEYS.repeat(3) }] });
    assert.equal(files(rec).at(-2), 'vm-incorrect');
    assert.equal(rec.variables.CALLGATE_RESULT, 'disabled');
    assert.deepEqual(await h.authResults(), ['disabled', 'disabled', 'disabled']);
  });

  test('lockout across calls, refused even with the right PIN, and its expiry', async () => {
    const h = await open({ config: { lockThreshold: 4, lockWindowSec: 600, lockDurationSec: 900 } });
    const session = await h.openSession();
    await h.call({ caller: [{ keys: WRONG_KEYS.repeat(3) }] });
    // The 4th failure (the first of this call) reaches the threshold: the call ends at once.
    const second = await h.call({ caller: [{ keys: WRONG_KEYS.repeat(3) }] });
    assert.deepEqual(files(second), ['agent-user', 'agent-pass', 'vm-incorrect', 'vm-goodbye']);
    assert.equal(second.variables.CALLGATE_RESULT, 'bad_credentials');
    const locked = await h.call({ caller: [{ keys: GOOD_KEYS }] });
    assert.deepEqual(files(locked), ['agent-user', 'agent-pass', 'vm-incorrect', 'vm-goodbye']);
    assert.equal(locked.variables.CALLGATE_RESULT, 'locked');
    // Another phone (another caller ID) is locked out of this agent too.
    const otherPhone = await h.call({ caller: [{ keys: GOOD_KEYS }], callerId: '5550199' });
    assert.equal(otherPhone.variables.CALLGATE_RESULT, 'locked');

    h.clock.advance(901_000);
    await h.services.sessions.touch(session.id);
    const after = await h.call({
      caller: [{ keys: GOOD_KEYS }, { hangup: true, at: { app: 'ConfBridge' } }],
    });
    assert.equal(after.variables.CALLGATE_RESULT, 'ok');
    assert.deepEqual((await h.authResults()).slice(-3), ['locked', 'locked', 'ok']);
  });

  test('a caller ID that keeps failing is locked for every user ID', async () => {
    const h = await open({ config: { lockThreshold: 3 } });
    await h.openSession();
    await h.call({ caller: [{ keys: '2001#1111#2002#1111#2003#1111#' }], callerId: '5550666' });
    const rec = await h.call({ caller: [{ keys: GOOD_KEYS }], callerId: '5550666' });
    assert.equal(rec.variables.CALLGATE_RESULT, 'locked');
    const fromElsewhere = await h.call({
      caller: [{ keys: GOOD_KEYS }, { hangup: true, at: { app: 'ConfBridge' } }],
      callerId: '5550777',
    });
    assert.equal(fromElsewhere.variables.CALLGATE_RESULT, 'ok');
  });

  test('ID-only mode (Y---N) joins without asking for a PIN', async () => {
    const h = await open();
    await h.openSession();
    const rec = await h.call({
      args: ['Y---N'],
      caller: [{ keys: `${AGENT_USER_ID}#` }, { hangup: true, at: { app: 'ConfBridge' } }],
    });
    assert.deepEqual(files(rec), ['agent-user', 'agent-loginok']);
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
  });

  test('CONTACTS mode with the call menu: a known office number goes to A, an unknown one to B', async () => {
    const h = await open();
    const valid = await h.call({ args: ['CONTACTS---Y'], caller: [{ keys: `${CONTACT_OFFICE_NUM}#` }] });
    assert.deepEqual(files(valid), ['agent-user']);
    assert.equal(valid.continuesAt?.extension, 'A');
    assert.equal(valid.continuesAt?.priority, 1);
    assert.equal(valid.variables.CALLGATE_CONTACT, CONTACT_OFFICE_NUM);
    assert.equal(valid.hungUpBy, undefined);

    const invalid = await h.call({
      args: ['CONTACTS---Y'],
      caller: [{ keys: '5999#'.repeat(3) }],
      callerId: '5550123',
    });
    assert.equal(invalid.continuesAt?.extension, 'B');
    assert.equal(invalid.variables.CALLGATE_RESULT, 'bad_credentials');
  });

  test('CONTACTS mode without the call menu returns to the dialplan with the contact set', async () => {
    const h = await open();
    const rec = await h.call({ args: ['CONTACTS'], caller: [{ keys: `${CONTACT_OFFICE_NUM}#` }] });
    assert.equal(rec.variables.CALLGATE_CONTACT, CONTACT_OFFICE_NUM);
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
    assert.equal(rec.hungUpBy, undefined);
  });

  test('call-menu mode (N---Y): valid credentials go to A without a session, invalid to B', async () => {
    const h = await open();
    const valid = await h.call({ args: ['N---Y'], caller: [{ keys: GOOD_KEYS }] });
    assert.deepEqual(valid.continuesAt && [valid.continuesAt.extension, valid.continuesAt.priority], [
      'A',
      1,
    ]);
    assert.equal(valid.variables.CALLGATE_AGENT, AGENT_USER_ID);
    assert.equal(valid.apps.length, 0);

    const invalid = await h.call({
      url: h.agiUrl('?callMenu=Y'),
      caller: [{ keys: WRONG_KEYS.repeat(3) }],
      callerId: '5550124',
    });
    assert.deepEqual(invalid.continuesAt && [invalid.continuesAt.extension, invalid.continuesAt.priority], [
      'B',
      1,
    ]);
    assert.equal(invalid.variables.CALLGATE_RESULT, 'bad_credentials');
  });

  test('unknown option values are logged once each and the safe defaults are used', async () => {
    const h = await open();
    await h.openSession();
    for (let i = 0; i < 2; i++) {
      const rec = await h.call({
        args: ['MAYBE---PERHAPS'],
        caller: [{ keys: GOOD_KEYS }, { hangup: true, at: { app: 'ConfBridge' } }],
      });
      assert.deepEqual(files(rec), ['agent-user', 'agent-pass', 'agent-loginok']);
    }
    for (const value of ['MAYBE', 'PERHAPS']) {
      const complaints = h.logger.lines.filter((l) => l.includes(value));
      assert.equal(complaints.length, 1, value);
      assert.match(complaints[0] ?? '', /"level":"error"/);
    }
  });

  test('no open session: a clear message and hang up', async () => {
    const h = await open();
    const rec = await h.call({ caller: [{ keys: GOOD_KEYS }] });
    assert.deepEqual(files(rec), ['agent-user', 'agent-pass', 'agent-loggedoff', 'vm-goodbye']);
    assert.equal(rec.variables.CALLGATE_RESULT, 'no_session');
    assert.equal(rec.hungUpBy, 'application');
    assert.deepEqual(await h.authResults(), ['no_session']);
  });

  test('no open session with the hold setting: music until the agent opens the session, then join', async () => {
    const h = await open({ dialIn: { noSession: 'hold', holdSeconds: 30, holdPollSeconds: 5 } });
    const call = h.start({ caller: [{ keys: GOOD_KEYS }] });
    await call.waitFor((e) => e.type === 'app' && e.name === 'MusicOnHold');
    const session = await h.openSession();
    await call.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    assert.equal((await h.legOf(session.id)).leg, 'connected');
    call.hangup();
    const rec = await call.done;
    assert.deepEqual(apps(rec), [
      'MusicOnHold(default,5)',
      `ConfBridge(${FIRST_ROOM},callgate_bridge,callgate_agent)`,
    ]);
    assert.deepEqual(await h.authResults(), ['no_session', 'ok']);
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });

  test('hanging up during the hold ends the call at once, without more polling', async () => {
    const h = await open({ dialIn: { noSession: 'hold', holdSeconds: 60, holdPollSeconds: 5 } });
    const rec = await h.call({
      caller: [{ keys: GOOD_KEYS }, { hangup: true, at: { app: 'MusicOnHold', nth: 2, afterMs: 1000 } }],
    });
    assert.deepEqual(apps(rec), ['MusicOnHold(default,5)', 'MusicOnHold(default,5)']);
    assert.deepEqual(h.outcomes.at(-1) && [h.outcomes.at(-1)?.result, h.outcomes.at(-1)?.stage], [
      'hangup',
      'hold',
    ]);
    const afterHangup = rec.transcript.filter((t) => t.from === 'app' && t.at > (rec.hungUpAt ?? 0));
    assert.deepEqual(afterHangup, []);
  });

  test('the hold gives up after holdSeconds', async () => {
    const h = await open({ dialIn: { noSession: 'hold', holdSeconds: 12, holdPollSeconds: 5 } });
    const rec = await h.call({ caller: [{ keys: GOOD_KEYS }] });
    assert.deepEqual(apps(rec), [
      'MusicOnHold(default,5)',
      'MusicOnHold(default,5)',
      'MusicOnHold(default,2)',
    ]);
    assert.deepEqual(files(rec).slice(-2), ['agent-loggedoff', 'vm-goodbye']);
    assert.equal(rec.variables.CALLGATE_RESULT, 'no_session');
  });

  test('a session whose console went quiet is not joined', async () => {
    const h = await open({ dialIn: { sessionFreshSeconds: 60 } });
    const session = await h.openSession();
    h.clock.advance(61_000);
    const rec = await h.call({ caller: [{ keys: GOOD_KEYS }] });
    assert.equal(rec.variables.CALLGATE_RESULT, 'no_session');
    assert.equal((await h.legOf(session.id)).leg, 'none');
    assert.deepEqual(await h.authResults(), ['ok', 'no_session']);
  });

  test('a second caller for the same session is refused while the first is in the room', async () => {
    // Without the stale-leg check the app refuses without asking Asterisk about the first channel;
    // with it, see dial-in-second-leg.test.ts.
    const h = await open({ dialIn: { reclaimStaleLegs: false } });
    const session = await h.openSession();
    const first = h.start({
      caller: [{ keys: GOOD_KEYS }],
      channel: { name: 'PJSIP/desk-00000001', uniqueId: '1000.1' },
    });
    await first.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    const second = await h.call({
      caller: [{ keys: GOOD_KEYS }],
      channel: { name: 'PJSIP/mobile-00000002', uniqueId: '1000.2' },
    });
    assert.ok(
      !second.transcript.some((t) => t.line === 'CHANNEL STATUS PJSIP/desk-00000001'),
      'the first channel was checked',
    );
    assert.deepEqual(files(second).slice(-2), ['agent-alreadyon', 'vm-goodbye']);
    assert.equal(second.variables.CALLGATE_RESULT, 'leg_exists');
    assert.equal((await h.legOf(session.id)).uniqueid, '1000.1');
    first.hangup();
    await first.done;
    assert.equal((await h.legOf(session.id)).leg, 'none');
    assert.deepEqual(await h.authResults(), ['ok', 'leg_exists']);
  });

  test('a leg whose channel Asterisk no longer knows is stale: the caller takes it over', async () => {
    const h = await open();
    const session = await h.openSession();
    await h.services.sessions.claimPhoneLeg(session.id, { channel: 'PJSIP/gone-00000009', uniqueid: '9.9' });
    const call = h.start({ caller: [{ keys: GOOD_KEYS }], channel: { uniqueId: '5000.1' } });
    await call.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    assert.equal((await h.legOf(session.id)).uniqueid, '5000.1');
    call.hangup();
    const rec = await call.done;
    assert.ok(
      rec.transcript.some((t) => t.line === 'CHANNEL STATUS PJSIP/gone-00000009'),
      'the old channel was checked',
    );
    assert.deepEqual(await h.authResults(), ['leg_exists', 'ok']);
    assert.ok(logged(h, 'took over a stale phone leg'), 'the takeover is logged');
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });

  test('with secondLeg replace, the new caller takes over the leg and hangs up the old one', async () => {
    const h = await open({ dialIn: { secondLeg: 'replace' } });
    const session = await h.openSession();
    const first = h.start({
      caller: [{ keys: GOOD_KEYS }],
      channel: { name: 'PJSIP/desk-00000001', uniqueId: '2000.1' },
    });
    await first.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    const second = h.start({
      caller: [{ keys: GOOD_KEYS }],
      channel: { name: 'PJSIP/mobile-00000002', uniqueId: '2000.2' },
    });
    await second.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    assert.equal((await h.legOf(session.id)).uniqueid, '2000.2');
    // The first channel is not among this call's otherChannels, so the simulated Asterisk answers
    // -1 (the channel is gone): the app logs it and carries on. Alive: dial-in-second-leg.test.ts.
    const secondLines = second.events.filter((e) => e.type === 'command').map((e) => e.line);
    assert.ok(secondLines.includes('HANGUP PJSIP/desk-00000001'), secondLines.join('\n'));
    assert.ok(logged(h, 'could not hang up the replaced leg'), 'the failed hangup is logged');
    // The old leg leaving does not clear the new one.
    first.hangup();
    await first.done;
    assert.equal((await h.legOf(session.id)).uniqueid, '2000.2');
    second.hangup();
    await second.done;
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });

  test('kicked from the conference (agent logged out): goodbye, hung up by the app, leg released', async () => {
    const h = await open();
    const session = await h.openSession();
    const rec = await h.call({
      caller: [{ keys: GOOD_KEYS }, { kick: true, at: { app: 'ConfBridge', afterMs: 60_000 } }],
    });
    assert.equal(rec.variables.CONFBRIDGE_RESULT, 'KICKED');
    assert.equal(files(rec).at(-1), 'vm-goodbye');
    assert.equal(rec.hungUpBy, 'application');
    assert.equal((await h.legOf(session.id)).leg, 'none');
  });

  test('dialplan bridge mode: jump to the room in the conference context; the hangup handler gives the leg back', async () => {
    const h = await open({ dialIn: { bridge: 'dialplan' } });
    const session = await h.openSession();
    const rec = await h.call({ caller: [{ keys: GOOD_KEYS }], channel: { uniqueId: '3000.1' } });
    assert.deepEqual(rec.continuesAt, { context: 'callgate-conference', extension: FIRST_ROOM, priority: 1 });
    assert.equal(rec.apps.length, 0);
    assert.equal(rec.variables.CALLGATE_BRIDGE_PROFILE, 'callgate_bridge');
    assert.equal(rec.variables.CALLGATE_USER_PROFILE, 'callgate_agent');
    // The caller is now in the room through the dialplan: the leg stays claimed.
    assert.equal((await h.legOf(session.id)).leg, 'connected');

    // Another channel's hangup handler does not release it; this channel's does.
    await h.call({
      url: h.routeUrl('agent-dial-in-leg-ended'),
      channel: { uniqueId: '3000.9' },
      variables: { CALLGATE_SESSION: String(session.id) },
    });
    assert.equal((await h.legOf(session.id)).leg, 'connected');
    await h.call({
      url: h.routeUrl('agent-dial-in-leg-ended'),
      channel: { uniqueId: '3000.1' },
      variables: { CALLGATE_SESSION: String(session.id) },
    });
    assert.equal((await h.legOf(session.id)).leg, 'none');
    // A channel that never dialled in (no CALLGATE_SESSION): logged, nothing released.
    await h.call({ url: h.routeUrl('agent-dial-in-leg-ended'), channel: { uniqueId: '3000.7' } });
    assert.ok(logged(h, 'no session on this channel'), 'the stray hangup handler is logged');
  });

  describe('the caller hangs up', () => {
    const cases: Array<[string, object, string]> = [
      ['during the ID prompt', { prompt: 'agent-user', afterMs: 200 }, 'user-id'],
      ['while keying the PIN', { prompt: 'agent-pass', afterMs: 1500 }, 'pin'],
      ['during the logged-in prompt', { prompt: 'agent-loginok', afterMs: 100 }, 'bridge'],
      ['inside the conference', { app: 'ConfBridge', afterMs: 30_000 }, 'conference'],
    ];
    for (const [name, at, stage] of cases) {
      test(name, async () => {
        const h = await open();
        const session = await h.openSession();
        const keys =
          stage === 'user-id'
            ? []
            : stage === 'pin'
              ? [{ keys: `${AGENT_USER_ID}#` }]
              : [{ keys: GOOD_KEYS }];
        const rec = await h.call({ caller: [...keys, { hangup: true, at: at as never }] });
        assert.equal(rec.hungUpBy, 'caller');
        assert.equal(rec.endReason, 'app-closed');
        const outcome = h.outcomes.at(-1);
        assert.equal(outcome?.stage, stage);
        assert.equal(outcome?.result, stage === 'conference' ? 'ok' : 'hangup');
        // Nothing is sent after the HANGUP except what a dead channel allows.
        const afterHangup = rec.transcript.filter((t) => t.from === 'app' && t.at > (rec.hungUpAt ?? 0));
        for (const line of afterHangup) assert.match(line.line, /^(GET VARIABLE|SET VARIABLE)/);
        assert.equal((await h.legOf(session.id)).leg, 'none');
        assert.deepEqual(await h.authResults(), stage === 'user-id' || stage === 'pin' ? [] : ['ok']);
      });
    }
  });

  test('the database goes down mid-call: apology, goodbye, clean end, error logged, nothing half-written', async () => {
    const h = await open({ file: true });
    const session = await h.openSession();
    const call = h.start({ caller: [{ keys: GOOD_KEYS }] });
    await call.waitFor((e) => e.type === 'prompt' && e.file === 'agent-pass');
    await h.store.close();
    const rec = await call.done;
    assert.deepEqual(files(rec), ['agent-user', 'agent-pass', 'please-try-call-later', 'vm-goodbye']);
    assert.equal(rec.variables.CALLGATE_RESULT, 'error');
    assert.equal(rec.hungUpBy, 'application');
    assert.equal(rec.endReason, 'app-closed');
    assert.equal(h.outcomes.at(-1)?.result, 'error');
    assert.ok(
      h.logger.lines.some((l) => l.includes('"level":"error"') && l.includes('apologising')),
      'the outage is logged as an error',
    );
    // The database back: no leg claimed, no attempt recorded for a check that never ran.
    const reopened = await h.openAnother();
    assert.equal((await reopened.sessions.findById(session.id))?.phoneLeg, 'none');
    assert.deepEqual(await reopened.authEvents.list({}), []);
  });

  describe('on a misbehaving wire', () => {
    const faults = [
      ['every byte split', { splitWrites: true }],
      ['replies merged with what follows', { mergeLines: true }],
    ] as const;
    for (const [name, fault] of faults) {
      test(`${name}: the login still works, and HANGUP merged with the ConfBridge reply ends it cleanly`, async () => {
        const h = await open();
        const session = await h.openSession();
        const rec = await h.call({
          faults: fault,
          caller: [
            { keys: WRONG_KEYS + GOOD_KEYS },
            { hangup: true, at: { app: 'ConfBridge', afterMs: 5000 } },
          ],
        });
        assert.deepEqual(files(rec), [
          'agent-user',
          'agent-pass',
          'agent-incorrect',
          'agent-pass',
          'agent-loginok',
        ]);
        assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
        assert.equal(rec.endReason, 'app-closed');
        assert.equal((await h.legOf(session.id)).leg, 'none');
      });
    }
  });

  test('no PIN ever reaches a log line or the audit log', async () => {
    const h = await open();
    await h.openSession();
    await h.call({
      caller: [{ keys: `${AGENT_USER_ID}#8642#${GOOD_KEYS}` }, { hangup: true, at: { app: 'ConfBridge' } }],
    });
    assert.ok(h.logger.lines.length > 0, 'the call was logged');
    for (const line of h.logger.lines) {
      assert.ok(!line.includes(AGENT_PIN) && !line.includes('8642'), `a log line carries a PIN: ${line}`);
    }
    const events = await h.services.audit.list({});
    assert.ok(!JSON.stringify(events).includes('8642'), 'the audit log carries a PIN');
  });
});
