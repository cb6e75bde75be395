import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Agent } from '../../src/domain/agent.ts';
import type { Device } from '../../src/domain/device.ts';
import { isDomainError } from '../../src/domain/domain-error.ts';
import type { DomainEvent } from '../../src/domain/event-bus.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

const code = (c: string) => (e: unknown) => isDomainError(e, c as never);
const NOTHING_SWEPT = { paused: [], ended: [], purged: { lockouts: 0, webSessions: 0, loginDevices: 0 } };

for (const backend of await testBackends()) {
  describe(`sessions [${backend}]`, () => {
    let t: TestServices;
    let alice: Agent;
    let bob: Agent;
    let carol: Agent;
    let desk: Device;
    const events: DomainEvent[] = [];

    before(async () => {
      t = await openTestServices(backend, { config: { conferenceRange: { first: 8600051, last: 8600053 } } });
      const s = t.services;
      alice = await s.agents.create({ userId: '1001', name: 'Alice', pin: '4321' });
      bob = await s.agents.create({ userId: '1002', name: 'Bob', pin: '8765', hotDesk: true });
      carol = await s.agents.create({ userId: '1003', name: 'Carol', mobileNumber: '015112345' });
      desk = await s.devices.create({ name: 'Desk', endpoint: 'PJSIP/2001' });
      await s.pauseCodes.create({ code: 'BREAK', name: 'Break' });
      await s.pauseCodes.create({ code: 'OLD', name: 'Old', active: false });
      s.events.subscribe((e) => events.push(e));
    });
    after(() => t.close());

    beforeEach(async () => {
      for (const s of await t.services.sessions.listOpen()) await t.services.sessions.end(s.id, 'admin');
      events.length = 0;
    });

    test('a session starts paused with a room from the range, and emits session.started', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      assert.equal(s.state, 'paused');
      assert.equal(s.pauseCode, null);
      assert.equal(s.phoneLeg, 'none');
      assert.ok(s.conference >= 8600051 && s.conference <= 8600053);
      assert.deepEqual(
        events.map((e) => e.type),
        ['session.started'],
      );
      assert.equal((await t.services.sessions.findOpenSessionForAgent(alice.id))?.id, s.id);
    });

    test('one open session per agent', async () => {
      await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await assert.rejects(
        t.services.sessions.start(alice.id, { interface: 'internal' }),
        code('E_SESSION_EXISTS'),
      );
    });

    test('a device taken by another session is refused; free again after logout', async () => {
      const first = await t.services.sessions.start(bob.id, { interface: 'phone', deviceId: desk.id });
      assert.deepEqual(await t.services.devices.listAvailable(), []);
      await assert.rejects(
        t.services.sessions.start(alice.id, { interface: 'phone', deviceId: desk.id }),
        code('E_DEVICE_IN_USE'),
      );
      await t.services.sessions.end(first.id);
      assert.deepEqual(
        (await t.services.devices.listAvailable()).map((d) => d.id),
        [desk.id],
      );
      await t.services.sessions.start(alice.id, { interface: 'phone', deviceId: desk.id });
    });

    test('the database refuses a second open session for a device even past the checks', async () => {
      const s = await t.services.sessions.start(bob.id, { interface: 'phone', deviceId: desk.id });
      await assert.rejects(
        t.store.sessions.insert({ ...s, agentId: alice.id, conference: s.conference + 1 }),
        code('E_DEVICE_IN_USE'),
      );
      await assert.rejects(
        t.store.sessions.insert({ ...s, deviceId: null, agentId: alice.id }),
        code('E_NO_ROOM'),
      );
    });

    test('hot-desk agents must pick a phone; mobile needs a number', async () => {
      await assert.rejects(
        t.services.sessions.start(bob.id, { interface: 'dialin' }),
        code('E_DEVICE_REQUIRED'),
      );
      await assert.rejects(
        t.services.sessions.start(alice.id, { interface: 'phone' }),
        code('E_DEVICE_REQUIRED'),
      );
      await assert.rejects(
        t.services.sessions.start(alice.id, { interface: 'mobile' }),
        code('E_VALIDATION'),
      );
      assert.equal((await t.services.sessions.start(carol.id, { interface: 'mobile' })).interface, 'mobile');
    });

    test('rooms are unique among open sessions and run out with E_NO_ROOM', async () => {
      const dave = await t.services.agents.create({ userId: '1004', name: 'Dave' });
      const rooms = [];
      for (const a of [alice, carol, dave])
        rooms.push((await t.services.sessions.start(a.id, { interface: 'internal' })).conference);
      assert.deepEqual([...rooms].sort(), [8600051, 8600052, 8600053]);
      const erin = await t.services.agents.create({ userId: '1005', name: 'Erin' });
      await assert.rejects(t.services.sessions.start(erin.id, { interface: 'internal' }), code('E_NO_ROOM'));
    });

    test('pause and ready are logged with their durations', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      t.clock.advance(5_000);
      await t.services.sessions.ready(s.id);
      t.clock.advance(30_000);
      const paused = await t.services.sessions.pause(s.id, 'BREAK');
      assert.equal(paused.pauseCode, 'BREAK');
      t.clock.advance(120_000);
      await t.services.sessions.ready(s.id);
      t.clock.advance(1_000);
      await t.services.sessions.end(s.id);
      const log = await t.services.sessions.stateLog(s.id);
      assert.deepEqual(
        log.map((l) => [l.state, l.pauseCode, l.durationMs]),
        [
          ['paused', null, 5_000],
          ['ready', null, 30_000],
          ['paused', 'BREAK', 120_000],
          ['ready', null, 1_000],
        ],
      );
      const recent = await t.services.sessions.agentStateLog(alice.id, 2);
      assert.deepEqual(
        recent.map((l) => [l.sessionId, l.state, l.durationMs]),
        [
          [s.id, 'ready', 1_000],
          [s.id, 'paused', 120_000],
        ],
      );
    });

    test('repeating the same state is a no-op, not a log entry', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.ready(s.id);
      await t.services.sessions.ready(s.id);
      assert.equal((await t.services.sessions.stateLog(s.id)).length, 1);
    });

    test('unknown, inactive and system pause codes are refused', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      for (const c of ['NOPE', 'OLD', 'LAGGED']) {
        await assert.rejects(t.services.sessions.pause(s.id, c), code('E_VALIDATION'));
      }
    });

    test('pause and ready are refused while a call is delivered or live', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await assert.rejects(t.services.sessions.beginCall(s.id), code('E_STATE'));
      await t.services.sessions.ready(s.id);
      await t.services.sessions.beginCall(s.id);
      await assert.rejects(t.services.sessions.pause(s.id, 'BREAK'), (e: unknown) => {
        assert.ok(isDomainError(e, 'E_STATE'));
        assert.match(e.message, /call is being delivered or live/);
        return true;
      });
      await assert.rejects(t.services.sessions.ready(s.id), code('E_STATE'));
      const after = await t.services.sessions.endCall(s.id, 'BREAK');
      assert.equal(after.state, 'paused');
      assert.equal(after.pauseCode, 'BREAK');
    });

    test('changes on an ended session give E_NO_SESSION', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.end(s.id);
      await assert.rejects(t.services.sessions.ready(s.id), code('E_NO_SESSION'));
      await assert.rejects(t.services.sessions.touch(s.id), code('E_NO_SESSION'));
      await assert.rejects(t.services.sessions.end(s.id), code('E_NO_SESSION'));
    });

    test('claimPhoneLeg: one leg per session, refused or replaced by option', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      const first = await t.services.sessions.claimPhoneLeg(s.id, { channel: 'PJSIP/a-1', uniqueid: '1.1' });
      assert.ok(first.ok);
      assert.equal(first.session.phoneLeg, 'connected');
      assert.equal(first.session.phoneUniqueid, '1.1');
      const second = await t.services.sessions.claimPhoneLeg(s.id, { channel: 'PJSIP/b-2', uniqueid: '2.2' });
      assert.deepEqual([second.ok, second.ok ? '' : second.reason], [false, 'leg_exists']);
      const replaced = await t.services.sessions.claimPhoneLeg(
        s.id,
        { channel: 'PJSIP/b-2', uniqueid: '2.2' },
        { replace: true },
      );
      assert.ok(replaced.ok);
      assert.deepEqual(replaced.replaced, { channel: 'PJSIP/a-1', uniqueid: '1.1' });
      assert.ok(events.some((e) => e.type === 'session.phone_leg'));
    });

    test('two dial-ins for one session at once: exactly one wins', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          t.services.sessions.claimPhoneLeg(s.id, { channel: `PJSIP/x-${n}`, uniqueid: `${n}.0` }),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.equal(results.filter((r) => !r.ok && r.reason === 'leg_exists').length, 3);
    });

    test('releasePhoneLeg only releases the current leg', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.claimPhoneLeg(s.id, { channel: 'PJSIP/a-1', uniqueid: '1.1' });
      await t.services.sessions.claimPhoneLeg(
        s.id,
        { channel: 'PJSIP/b-2', uniqueid: '2.2' },
        { replace: true },
      );
      assert.equal(await t.services.sessions.releasePhoneLeg(s.id, '1.1'), false);
      assert.equal((await t.services.sessions.get(s.id)).phoneUniqueid, '2.2');
      assert.equal(await t.services.sessions.releasePhoneLeg(s.id, '2.2'), true);
      const after = await t.services.sessions.get(s.id);
      assert.deepEqual([after.phoneLeg, after.phoneChannel, after.phoneUniqueid], ['none', null, null]);
    });

    test('an originated leg goes calling → connected', async () => {
      const s = await t.services.sessions.start(carol.id, { interface: 'mobile' });
      await t.services.sessions.claimPhoneLeg(s.id, {
        channel: 'Local/x',
        uniqueid: '9.9',
        state: 'calling',
      });
      assert.equal((await t.services.sessions.get(s.id)).phoneLeg, 'calling');
      assert.equal(await t.services.sessions.connectPhoneLeg(s.id, '8.8'), false);
      assert.equal(await t.services.sessions.connectPhoneLeg(s.id, '9.9'), true);
      assert.equal((await t.services.sessions.get(s.id)).phoneLeg, 'connected');
    });

    test('claiming a leg on no open session says no_session', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.end(s.id);
      const r = await t.services.sessions.claimPhoneLeg(s.id, { channel: 'PJSIP/a', uniqueid: '1' });
      assert.deepEqual([r.ok, r.ok ? '' : r.reason], [false, 'no_session']);
    });

    test('sweepStaleSessions pauses ready sessions as LAGGED, then ends them', async () => {
      const quiet = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      const alive = await t.services.sessions.start(carol.id, { interface: 'mobile' });
      await t.services.sessions.ready(quiet.id);
      await t.services.sessions.ready(alive.id);
      t.clock.advance(59_000);
      await t.services.sessions.touch(alive.id);
      assert.deepEqual(await t.services.sessions.sweepStaleSessions(), NOTHING_SWEPT);
      t.clock.advance(2_000);
      const first = await t.services.sessions.sweepStaleSessions();
      assert.deepEqual(
        first.paused.map((s) => [s.id, s.state, s.pauseCode]),
        [[quiet.id, 'paused', 'LAGGED']],
      );
      assert.deepEqual(first.ended, []);
      // Sweeping again changes nothing until endAfterSec.
      assert.deepEqual(await t.services.sessions.sweepStaleSessions(), NOTHING_SWEPT);
      t.clock.advance(540_000);
      await t.services.sessions.touch(alive.id);
      const second = await t.services.sessions.sweepStaleSessions();
      assert.deepEqual(
        second.ended.map((s) => [s.id, s.endReason]),
        [[quiet.id, 'lagged']],
      );
      assert.equal((await t.services.sessions.get(alive.id)).endedAt, null);
      const log = await t.services.sessions.stateLog(quiet.id);
      assert.deepEqual(
        log.map((l) => [l.state, l.pauseCode]),
        [
          ['paused', null],
          ['ready', null],
          ['paused', 'LAGGED'],
        ],
      );
    });

    test('the sweep leaves sessions in a call alone', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.ready(s.id);
      await t.services.sessions.beginCall(s.id);
      t.clock.advance(3_600_000);
      assert.deepEqual(await t.services.sessions.sweepStaleSessions(), NOTHING_SWEPT);
    });

    test('a disabled agent cannot start a session', async () => {
      const frank = await t.services.agents.create({ userId: '1006', name: 'Frank', enabled: false });
      await assert.rejects(
        t.services.sessions.start(frank.id, { interface: 'internal' }),
        code('E_DISABLED'),
      );
    });
  });
}
