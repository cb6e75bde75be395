import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Agent } from '../../src/domain/agent.ts';
import type { DialInAttempt } from '../../src/domain/dial-in-service.ts';
import type { DomainEvent } from '../../src/domain/event-bus.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

for (const backend of await testBackends()) {
  describe(`dial-in guard [${backend}]`, () => {
    let t: TestServices;
    let alice: Agent;
    let n = 0;
    const events: DomainEvent[] = [];

    // Each test uses its own caller ID and, where it matters, its own agent, so counters don't mix.
    const call = (over: Partial<DialInAttempt>) => {
      n++;
      return t.services.dialIn.verifyDialIn({
        userId: '1001',
        pin: '4321',
        callerId: `0301234${n}`,
        channel: `PJSIP/trunk-${n}`,
        uniqueid: `1700000000.${n}`,
        ...over,
      });
    };

    before(async () => {
      t = await openTestServices(backend);
      alice = await t.services.agents.create({ userId: '1001', name: 'Alice', pin: '4321' });
      await t.services.agents.create({ userId: '1002', name: 'Bob', pin: '8765' });
      await t.services.agents.create({ userId: '1003', name: 'Carol', pin: '1111', enabled: false });
      await t.services.agents.create({ userId: '1004', name: 'Dave' });
      await t.services.contacts.create({ officeNum: '5001', name: 'Front desk' });
      t.services.events.subscribe((e) => events.push(e));
    });
    after(() => t.close());
    beforeEach(async () => {
      for (const s of await t.services.sessions.listOpen()) await t.services.sessions.end(s.id, 'admin');
      t.clock.advance(25 * 3_600_000); // past every window and lock, and the memory of locks in a row
      events.length = 0;
    });

    test('a valid PIN with no open session says no_session', async () => {
      const r = await call({});
      assert.equal(r.result, 'no_session');
      assert.equal(r.agent?.userId, '1001');
      assert.equal(r.delayMs, 0);
    });

    test('a valid PIN with an open session claims the phone leg', async () => {
      const s = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      const r = await call({ channel: 'PJSIP/trunk-a', uniqueid: '42.1' });
      assert.equal(r.result, 'ok');
      assert.equal(r.session?.id, s.id);
      assert.equal(r.session?.phoneUniqueid, '42.1');
      assert.equal(r.session?.phoneLeg, 'connected');
      const second = await call({ channel: 'PJSIP/trunk-b', uniqueid: '42.2' });
      assert.equal(second.result, 'leg_exists');
      const replaced = await call({ channel: 'PJSIP/trunk-c', uniqueid: '42.3', legPolicy: 'replace' });
      assert.equal(replaced.result, 'ok');
      assert.deepEqual(replaced.replacedLeg, { channel: 'PJSIP/trunk-a', uniqueid: '42.1' });
    });

    test('wrong PIN, unknown user, agent without PIN, missing PIN: bad_credentials', async () => {
      assert.equal((await call({ pin: '0000', callerId: '555001' })).result, 'bad_credentials');
      assert.equal((await call({ userId: '7777', callerId: '555002' })).result, 'bad_credentials');
      assert.equal(
        (await call({ userId: '1004', pin: '1234', callerId: '555003' })).result,
        'bad_credentials',
      );
      assert.equal(
        (await call({ userId: '1002', pin: undefined, callerId: '555004' })).result,
        'bad_credentials',
      );
      assert.equal((await call({ userId: '10a1', callerId: '555005' })).result, 'bad_credentials');
    });

    test('a disabled agent with the right PIN is refused as disabled', async () => {
      const r = await call({ userId: '1003', pin: '1111' });
      assert.equal(r.result, 'disabled');
      assert.equal(r.session, null);
    });

    test('the delay grows with failures and is capped', async () => {
      const delays = [];
      for (let i = 0; i < 4; i++)
        delays.push((await call({ userId: '1002', pin: '0000', callerId: '555100' })).delayMs);
      assert.deepEqual(delays, [1000, 2000, 4000, 4000]);
    });

    test('five failures lock the user ID for 15 minutes, even with the right PIN, across caller IDs', async () => {
      for (let i = 0; i < 4; i++) {
        const r = await call({ userId: '1002', pin: '0000' });
        assert.equal(r.lockedUntil, null);
      }
      const fifth = await call({ userId: '1002', pin: '0000' });
      assert.equal(fifth.result, 'bad_credentials');
      assert.ok(fifth.lockedUntil);
      const locked = await call({ userId: '1002', pin: '8765' });
      assert.equal(locked.result, 'locked');
      assert.equal(locked.agent, null);
      t.clock.advance(14 * 60_000);
      assert.equal((await call({ userId: '1002', pin: '8765' })).result, 'locked');
      t.clock.advance(61_000);
      assert.equal((await call({ userId: '1002', pin: '8765' })).result, 'no_session');
    });

    test('guessing paced under the threshold is still bounded per day: the 20th failure locks for a day', async () => {
      let last: Awaited<ReturnType<typeof call>> | undefined;
      for (let window = 0; window < 5; window++) {
        for (let i = 0; i < 4; i++) {
          last = await call({ userId: '1002', pin: '0000' });
          if (window < 4 || i < 3) assert.equal(last.lockedUntil, null, `window ${window}, guess ${i}`);
        }
        t.clock.advance(15 * 60_000 + 1000);
      }
      assert.ok(last?.lockedUntil);
      const hours = (last.lockedUntil.getTime() - (t.clock.now().getTime() - 15 * 60_000 - 1000)) / 3_600_000;
      assert.equal(Math.round(hours), 24);
      assert.equal((await call({ userId: '1002', pin: '8765' })).result, 'locked');
      const [daily] = await t.services.locks.lockedForUser('1002');
      assert.equal(daily?.daily, true);
      assert.equal(daily?.key, 'pin:1002~day');
    });

    test('an admin unlock clears the lock at once', async () => {
      for (let i = 0; i < 5; i++) await call({ userId: '1002', pin: '0000', callerId: '555500' });
      assert.equal((await call({ userId: '1002', pin: '8765' })).result, 'locked');
      const cli = { agentId: null, source: 'cli' } as const;
      assert.equal(await t.services.locks.unlockUser('1002', cli), 2, 'the lane and its daily twin');
      assert.equal(await t.services.locks.unlockUser('1002', cli), 0);
      assert.equal((await call({ userId: '1002', pin: '8765' })).result, 'no_session');
      assert.equal((await call({ callerId: '555500' })).result, 'locked');
      assert.equal(await t.services.locks.unlock('cid:555500', cli), true);
      assert.equal((await call({ callerId: '555500' })).result, 'no_session');
    });

    test('five failures from one caller ID lock that caller ID for every user ID', async () => {
      for (let i = 0; i < 5; i++) await call({ userId: `80${i}`, pin: '0000', callerId: '555200' });
      assert.equal((await call({ callerId: '555200' })).result, 'locked');
      assert.equal((await call({ callerId: '555201' })).result, 'no_session');
    });

    test('failures outside the window do not add up', async () => {
      for (let i = 0; i < 4; i++) await call({ userId: '1002', pin: '0000' });
      t.clock.advance(15 * 60_000);
      const r = await call({ userId: '1002', pin: '0000' });
      assert.equal(r.lockedUntil, null);
      assert.equal(r.delayMs, 1000);
    });

    test('a success gives its own attempt back but does not reset the count of failures', async () => {
      for (let i = 0; i < 4; i++) await call({ userId: '1002', pin: '0000', callerId: '555300' });
      assert.equal((await call({ userId: '1002', pin: '8765', callerId: '555301' })).result, 'no_session');
      const fifth = await call({ userId: '1002', pin: '0000', callerId: '555302' });
      assert.equal(fifth.result, 'bad_credentials');
      assert.ok(fifth.lockedUntil, 'the fifth failure locks, the success between did not reset the count');
    });

    test("an agent's own login does not reset the caller ID's count: no guessing others' PINs for ever", async () => {
      // Alice calls from her own phone: four wrong guesses at Bob's PIN, then her own login...
      for (let i = 0; i < 4; i++) await call({ userId: '1002', pin: `000${i}`, callerId: '555310' });
      assert.equal((await call({ userId: '1001', pin: '4321', callerId: '555310' })).result, 'no_session');
      // ...and the next guess at anyone from that caller ID locks it.
      const next = await call({ userId: '7777', pin: '0000', callerId: '555310' });
      assert.ok(next.lockedUntil);
      assert.equal((await call({ userId: '1002', pin: '8765', callerId: '555310' })).result, 'locked');
    });

    test('anonymous caller IDs are not counted as one caller', async () => {
      for (let i = 0; i < 5; i++) await call({ userId: `81${i}`, pin: '0000', callerId: 'anonymous' });
      assert.equal((await call({ callerId: 'anonymous' })).result, 'no_session');
    });

    test('every attempt is audited, without the digits of any PIN', async () => {
      await call({ pin: '9876', callerId: '555400', attempt: 2 });
      await call({ callerId: '555400', uniqueid: 'audit.1' });
      const audit = await t.services.audit.list({ limit: 2 });
      assert.deepEqual(
        audit.map((e) => [e.result, e.source, e.enteredId, e.callerId, e.agentId]),
        [
          ['no_session', 'dialin', '1001', '555400', alice.id],
          ['bad_credentials', 'dialin', '1001', '555400', alice.id],
        ],
      );
      assert.equal(audit[1]?.attempt, 2);
      assert.equal(audit[0]?.uniqueid, 'audit.1');
      const everything = JSON.stringify(await t.services.audit.list({ limit: 1000 }));
      assert.doesNotMatch(everything, /9876|4321|8765/);
      assert.ok(events.some((e) => e.type === 'auth.event'));
    });

    test('CONTACTS mode looks up the office number, no PIN', async () => {
      const ok = await call({ userId: '5001', pin: undefined, mode: 'contacts' });
      assert.equal(ok.result, 'ok');
      assert.equal(ok.contact?.name, 'Front desk');
      assert.equal(
        (await call({ userId: '5999', pin: undefined, mode: 'contacts' })).result,
        'bad_credentials',
      );
    });

    test('CONTACTS mode: a disabled contact does not match, and counts as a failure', async () => {
      const contact = await t.services.contacts.create({
        officeNum: '5002',
        name: 'Closed office',
        enabled: false,
      });
      assert.equal(contact.enabled, false);
      const refused = await call({ userId: '5002', pin: undefined, mode: 'contacts' });
      assert.equal(refused.result, 'bad_credentials');
      assert.equal(refused.contact, null);
      assert.equal(await t.services.contacts.findByOfficeNum('5002'), undefined);
      assert.equal(
        (await t.services.contacts.findByOfficeNum('5002', { includeDisabled: true }))?.id,
        contact.id,
      );
      await t.services.contacts.update(contact.id, { enabled: true });
      assert.equal((await call({ userId: '5002', pin: undefined, mode: 'contacts' })).result, 'ok');
    });

    test('user-only mode needs no PIN', async () => {
      await t.services.sessions.start(alice.id, { interface: 'dialin' });
      assert.equal((await call({ pin: undefined, mode: 'user_only' })).result, 'ok');
    });
  });

  describe(`locks in a row [${backend}]`, () => {
    let t: TestServices;
    let n = 0;
    const call = (over: Partial<DialInAttempt>) => {
      n++;
      return t.services.dialIn.verifyDialIn({
        userId: '1002',
        pin: '0000',
        callerId: `0301999${n}`,
        ...over,
      });
    };
    before(async () => {
      // No daily limit in the way: this is about the short lane's locks alone.
      t = await openTestServices(backend, { config: { lockDailyThreshold: 1000 } });
      await t.services.agents.create({ userId: '1002', name: 'Bob', pin: '8765' });
    });
    after(() => t.close());

    test('each lock in a row lasts twice the one before, up to a day; a quiet day starts over', async () => {
      const lockFor = async () => {
        let r: Awaited<ReturnType<typeof call>> | undefined;
        for (let i = 0; i < 5; i++) r = await call({ userId: '1002', pin: '0000' });
        assert.ok(r?.lockedUntil);
        return (r.lockedUntil.getTime() - t.clock.now().getTime()) / 60_000;
      };
      const minutes: number[] = [];
      for (let i = 0; i < 8; i++) {
        minutes.push(await lockFor());
        t.clock.advance(minutes.at(-1)! * 60_000 + 1000);
      }
      assert.deepEqual(minutes, [15, 30, 60, 120, 240, 480, 960, 1440]);
      t.clock.advance(24 * 3_600_000);
      assert.equal(await lockFor(), 15);
    });
  });

  describe(`web login guard [${backend}]`, () => {
    let t: TestServices;
    before(async () => {
      t = await openTestServices(backend);
      await t.services.agents.create({
        userId: '9000',
        name: 'Admin',
        role: 'admin',
        password: 'admin-password',
      });
    });
    after(() => t.close());

    test('checks passwords, counts failures per user and IP, audits without the password', async () => {
      const login = (password: string, remoteIp = '10.0.0.1') =>
        t.services.webLogin.verifyLogin({ userId: '9000', password, remoteIp });
      const ok = await login('admin-password');
      assert.equal(ok.result, 'ok');
      assert.equal(ok.agent?.role, 'admin');
      assert.ok(ok.newDeviceToken, 'a browser without a device cookie gets one');
      for (let i = 0; i < 5; i++) assert.equal((await login('wrong-password')).result, 'bad_credentials');
      const locked = await login('admin-password', '10.0.0.2');
      assert.equal(locked.result, 'locked');
      assert.equal(locked.lockScope, 'user');
      const audit = JSON.stringify(await t.services.audit.list({ source: 'web' }));
      assert.doesNotMatch(audit, /admin-password|wrong-password/);
      assert.match(audit, /10\.0\.0\.1/);
    });
  });
}
