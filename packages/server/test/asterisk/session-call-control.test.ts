import assert from 'node:assert/strict';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AmiClient } from '../../src/asterisk/ami-client.ts';
import { AsteriskStore } from '../../src/asterisk/asterisk-store.ts';
import { type AsteriskStatusChange, SessionCallControl } from '../../src/asterisk/session-call-control.ts';
import { FakeAmiServer, labMobileScenario } from '../../src/asterisk/testing/fake-ami-server.ts';
import type { Agent } from '../../src/domain/agent.ts';
import type { Device } from '../../src/domain/device.ts';
import { openTestServices, type TestServices } from '../support/test-stores.ts';
import { clientFor, nextEvent, waitForStatus } from './ami-test-support.ts';

/** Warnings the service emits from now on (a failed follow-up, an unexpected AMI answer). */
function collectWarnings(calls: SessionCallControl): string[] {
  const warnings: string[] = [];
  calls.on('warning', (w) => warnings.push(`${w.code}: ${w.message} ${String(w.error)}`));
  return warnings;
}

describe('SessionCallControl: sessions drive Asterisk (fake AMI, real SQLite services)', () => {
  let t: TestServices;
  let fake: FakeAmiServer;
  let client: AmiClient;
  let calls: SessionCallControl;
  let asteriskStore: AsteriskStore;
  let alice: Agent;
  let desk: Device;

  function build(ringTimeoutMs = 1000): SessionCallControl {
    client = clientFor(fake);
    return new SessionCallControl({
      services: t.services,
      client,
      store: asteriskStore,
      control: {
        trunkContext: 'callgate-mobile',
        registrationCheckIntervalMs: 0,
        ringTimeoutMs,
        originateGraceMs: 1000,
      },
    });
  }

  /** Starts the service and the client, and waits for the first sync pass (queues reconciled). */
  async function connect(control = calls): Promise<void> {
    const synced = once(control.control, 'synced');
    control.start();
    client.start();
    await waitForStatus(client, 'connected');
    await synced;
    await control.idle();
  }

  beforeEach(async () => {
    t = await openTestServices('sqlite');
    fake = await FakeAmiServer.start();
    asteriskStore = new AsteriskStore(t.store.db);
    alice = await t.services.agents.create({
      userId: '1001',
      name: 'Alice Agent',
      password: 'alice-1001',
      mobileNumber: '+15551234567',
    });
    desk = await t.services.devices.create({ name: 'Desk 2001', endpoint: 'PJSIP/2001' });
    await t.services.pauseCodes.create({ code: 'BREAK', name: 'Break' });
    fake.addQueue('sales');
    fake.addQueue('support');
    await asteriskStore.setAgentQueues(alice.id, ['sales', 'support']);
    calls = build();
  });

  afterEach(async () => {
    await calls.stop();
    await client.close();
    await fake.close();
    await t.close();
  });

  describe('calling the agent into the session conference', () => {
    for (const [iface, dial, channel] of [
      ['internal', 'PJSIP/1001', /^PJSIP\/1001-[0-9a-f]{8}$/],
      ['phone', 'PJSIP/2001', /^PJSIP\/2001-[0-9a-f]{8}$/],
      [
        'mobile',
        'Local/+15551234567@callgate-mobile/n',
        /^Local\/\+15551234567@callgate-mobile-[0-9a-f]{8};1$/,
      ],
    ] as const) {
      it(`${iface}: originates ${dial} into ConfBridge and records the leg connected`, async () => {
        await connect();
        const session = await t.services.sessions.start(alice.id, {
          interface: iface,
          ...(iface === 'phone' ? { deviceId: desk.id } : {}),
        });
        await calls.idle();
        const originate = (await fake.waitForAction('Originate')).message;
        assert.equal(originate.get('Channel'), dial);
        assert.equal(originate.get('Application'), 'ConfBridge');
        assert.equal(originate.get('Data'), `${session.conference},callgate_bridge,callgate_agent`);
        const now = await t.services.sessions.get(session.id);
        assert.equal(now.phoneLeg, 'connected');
        assert.equal(now.phoneUniqueid, originate.get('ChannelId'));
        assert.match(now.phoneChannel ?? '', channel, 'the real channel is recorded, not the dial string');
        const attempt = await calls.lastLegAttempt(session.id);
        assert.equal(attempt?.status, 'connected');
        assert.equal(attempt?.dialString, dial);
      });
    }

    it('a dial-in session is not called', async () => {
      await connect();
      await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await calls.idle();
      assert.equal(fake.actionsNamed('Originate').length, 0);
    });

    for (const outcome of ['busy', 'noanswer', 'unavailable'] as const) {
      it(`records a ${outcome} phone as failed with that reason and releases the leg`, async () => {
        await connect();
        fake.originateScenarios.set('PJSIP/1001', { outcome });
        const outcomes: unknown[] = [];
        calls.on('legOutcome', (o) => outcomes.push(o));
        const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
        await calls.idle();
        const now = await t.services.sessions.get(session.id);
        assert.equal(now.phoneLeg, 'none');
        const attempt = await calls.lastLegAttempt(session.id);
        assert.equal(attempt?.status, 'failed');
        assert.equal(attempt?.reason, outcome);
        assert.ok(attempt?.endedAt instanceof Date);
        assert.deepEqual(outcomes, [
          {
            sessionId: session.id,
            outcome: {
              status: 'failed',
              uniqueid: attempt?.uniqueid,
              reason: outcome,
              message: `originate ${outcome}`,
            },
          },
        ]);
      });
    }

    it('"call me again" after a failure calls once more and connects', async () => {
      await connect();
      fake.originateScenarios.set('PJSIP/1001', { outcome: 'noanswer' });
      const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
      await calls.idle();
      fake.originateScenarios.delete('PJSIP/1001');
      const outcome = await calls.callAgainSession(session.id);
      assert.equal(outcome.status, 'connected');
      assert.equal(fake.actionsNamed('Originate').length, 2);
      assert.equal((await t.services.sessions.get(session.id)).phoneLeg, 'connected');
      assert.equal((await calls.lastLegAttempt(session.id))?.status, 'connected');
      // A leg is up now: another "call again" is refused, nothing is dialled.
      await assert.rejects(calls.callAgainSession(session.id), { code: 'E_STATE' });
      assert.equal(fake.actionsNamed('Originate').length, 2);
    });

    it('"call me again" refuses dial-in and ended sessions', async () => {
      await connect();
      const dialIn = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await assert.rejects(calls.callAgainSession(dialIn.id), { code: 'E_VALIDATION' });
      await t.services.sessions.end(dialIn.id);
      await assert.rejects(calls.callAgainSession(dialIn.id), { code: 'E_NO_SESSION' });
    });

    it('two services on one database (two nodes) ring the phone once', async () => {
      const otherClient = clientFor(fake);
      const other = new SessionCallControl({
        services: t.services,
        client: otherClient,
        store: asteriskStore,
        control: { trunkContext: 'callgate-mobile', registrationCheckIntervalMs: 0, ringTimeoutMs: 1000 },
      });
      try {
        await connect();
        const synced = once(other.control, 'synced');
        other.start();
        otherClient.start();
        await synced;
        const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
        await Promise.all([calls.idle(), other.idle()]);
        assert.equal(fake.actionsNamed('Originate').length, 1);
        assert.equal((await t.services.sessions.get(session.id)).phoneLeg, 'connected');
      } finally {
        await other.stop();
        await otherClient.close();
      }
    });
  });

  describe('ending a session', () => {
    it('logout hangs up the originated leg by its uniqueid and empties the conference, without a warning', async () => {
      await connect();
      const warnings = collectWarnings(calls);
      const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
      await calls.idle();
      const uniqueid = (await t.services.sessions.get(session.id)).phoneUniqueid;
      assert.equal(uniqueid, (await fake.waitForAction('Originate')).message.get('ChannelId'));
      await t.services.sessions.end(session.id, 'logout');
      await calls.idle();
      assert.equal((await fake.waitForAction('Hangup')).message.get('Channel'), uniqueid);
      assert.equal(fake.channels.size, 0, 'the leg is gone');
      const kick = (await fake.waitForAction('ConfbridgeKick')).message;
      assert.equal(kick.get('Conference'), String(session.conference));
      assert.equal(kick.get('Channel'), 'all');
      assert.equal(fake.conferences.has(String(session.conference)), false);
      // The room ended with the leg: the kick answers "No active conferences." (12), which is no failure.
      assert.deepEqual(warnings, []);
    });

    it('logout while the mobile still rings stops the ringing at once (21: it rang on to the timeout)', async () => {
      fake.originateOutcome = labMobileScenario;
      const ringing = await t.services.agents.create({
        userId: '1002',
        name: 'Ringing Mobile',
        password: 'ringing-1002',
        mobileNumber: '5561234567',
      });
      await connect();
      const warnings = collectWarnings(calls);
      const rang = nextEvent(client, 'Newchannel');
      const session = await t.services.sessions.start(ringing.id, { interface: 'mobile' });
      await rang;
      const calling = await t.services.sessions.get(session.id);
      assert.equal(calling.phoneLeg, 'calling');
      assert.equal(calling.phoneChannel, 'Local/5561234567@callgate-mobile/n');
      await t.services.sessions.end(session.id, 'logout');
      await calls.idle();
      const hangup = fake.actionsNamed('Hangup');
      assert.deepEqual(
        hangup.map((a) => a.message.get('Channel')),
        [calling.phoneUniqueid],
        'hung up by uniqueid, never by the dial string',
      );
      assert.equal(fake.channels.size, 0, 'nothing rings any more');
      const attempt = await calls.lastLegAttempt(session.id);
      assert.equal(attempt?.status, 'failed');
      assert.equal(attempt?.reason, 'cancelled');
      assert.deepEqual(warnings, []);
    });

    it('a hundred sessions ending at once while their mobiles ring: every ring stops, each attempt cancelled', async () => {
      fake.originateOutcome = labMobileScenario; // 556…: rings until the Originate's Timeout
      // A ring timeout no loaded machine reaches while the hundred calls are set up.
      await calls.stop();
      await client.close();
      calls = build(10 * 60_000);
      const agents = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          t.services.agents.create({
            userId: String(3000 + i),
            name: `Ringing ${i}`,
            password: `ringing-${3000 + i}`,
            mobileNumber: `556${String(i).padStart(7, '0')}`,
          }),
        ),
      );
      await connect();
      const warnings = collectWarnings(calls);
      let rung = 0;
      const allRinging = new Promise<void>((resolve) => {
        client.onEvent('Newstate', (e) => {
          if (e.get('ChannelStateDesc') === 'Ringing' && ++rung === agents.length) resolve();
        });
      });
      // Started one after the other (concurrent starts race for rooms, a domain matter); ended all at once.
      const sessions = [];
      for (const a of agents) sessions.push(await t.services.sessions.start(a.id, { interface: 'mobile' }));
      await allRinging;
      assert.equal(fake.channels.size, 200, 'a Local pair rings for each agent');
      await Promise.all(sessions.map((s) => t.services.sessions.end(s.id, 'logout')));
      await calls.idle();
      assert.equal(fake.channels.size, 0, 'no phone rings on');
      const reasons = await Promise.all(
        sessions.map(async (s) => (await calls.lastLegAttempt(s.id))?.reason),
      );
      assert.deepEqual(new Set(reasons), new Set(['cancelled']));
      assert.equal(fake.actionsNamed('Hangup').length, 100, 'one Hangup (by uniqueid) per leg');
      assert.deepEqual(warnings, []);
    });

    it('a session that ends before Asterisk has the channel: it is hung up the moment it appears', async () => {
      await calls.stop();
      await client.close();
      await fake.close();
      // Manual clock: the Originate is queued, and its channel only exists when the test says so.
      fake = await FakeAmiServer.start({ clock: 'manual' });
      fake.addQueue('sales');
      fake.addQueue('support');
      fake.originateScenarios.set('PJSIP/1001', { outcome: 'noanswer' });
      calls = build();
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
      const uniqueid = (await fake.waitForAction('Originate')).message.get('ChannelId');
      await t.services.sessions.end(session.id, 'logout');
      // Asterisk has no such channel yet: "No such channel" (as 04 for a dial string).
      await fake.waitForAction('Hangup');
      assert.equal(fake.channels.size, 0);
      assert.ok(fake.fireNextTimer(), 'Asterisk creates the channel');
      await calls.idle();
      assert.deepEqual(
        fake.actionsNamed('Hangup').map((a) => a.message.get('Channel')),
        [uniqueid, uniqueid],
      );
      assert.equal(fake.channels.size, 0, 'hung up as soon as its Newchannel arrived');
      assert.equal((await calls.lastLegAttempt(session.id))?.reason, 'cancelled');
    });

    it('a logout while AMI is down hangs up the leg once AMI is back', async () => {
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
      await calls.idle();
      const uniqueid = (await t.services.sessions.get(session.id)).phoneUniqueid;
      fake.refuseConnections = true;
      fake.dropConnections();
      await waitForStatus(client, 'down');
      await t.services.sessions.end(session.id, 'logout');
      await calls.idle();
      assert.equal(fake.actionsNamed('Hangup').length, 0);
      assert.equal(fake.conferences.has(String(session.conference)), true, 'the leg is still up in Asterisk');

      const synced = once(calls.control, 'synced');
      fake.refuseConnections = false;
      await synced;
      await calls.idle();
      assert.equal((await fake.waitForAction('Hangup')).message.get('Channel'), uniqueid);
      assert.equal(fake.conferences.has(String(session.conference)), false);
    });

    it('an admin end hangs up a dial-in leg the AGI recorded', async () => {
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      // What the dial-in app does: claim the leg, then ConfBridge (modelled in the fake's room).
      await t.services.sessions.claimPhoneLeg(session.id, {
        channel: 'PJSIP/trunk-00000abc',
        uniqueid: 'dial.1',
      });
      fake.placeInConference(String(session.conference), {
        channel: 'PJSIP/trunk-00000abc',
        uniqueid: 'dial.1',
      });
      await t.services.sessions.end(session.id, 'admin');
      await calls.idle();
      assert.equal((await fake.waitForAction('Hangup')).message.get('Channel'), 'PJSIP/trunk-00000abc');
      assert.equal(fake.conferences.has(String(session.conference)), false);
    });
  });

  describe('queues', () => {
    it('start adds the member paused, ready and pause set QueuePause, end removes it', async () => {
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await calls.idle();
      const member = `Local/${session.conference}@callgate-queue/n`;
      assert.equal(fake.actionsNamed('QueueAdd').length, 2);
      assert.deepEqual(fake.queues.get('sales')?.get(member)?.paused, true);
      assert.equal(fake.queues.get('support')?.get(member)?.memberName, 'Alice Agent');

      await t.services.sessions.ready(session.id);
      await calls.idle();
      const resume = fake.actionsNamed('QueuePause');
      assert.deepEqual(
        resume.map((a) => [a.message.get('Queue'), a.message.get('Paused')]),
        [
          ['sales', 'false'],
          ['support', 'false'],
        ],
      );
      assert.equal(fake.queues.get('sales')?.get(member)?.paused, false);

      await t.services.sessions.pause(session.id, 'BREAK');
      await calls.idle();
      const pause = fake.actionsNamed('QueuePause').slice(2);
      assert.deepEqual(
        pause.map((a) => [a.message.get('Paused'), a.message.get('Reason')]),
        [
          ['true', 'BREAK'],
          ['true', 'BREAK'],
        ],
      );
      assert.equal(fake.queues.get('support')?.get(member)?.pausedReason, 'BREAK');

      await t.services.sessions.end(session.id);
      await calls.idle();
      assert.equal(fake.actionsNamed('QueueRemove').length, 2);
      assert.equal(fake.queues.get('sales')?.has(member), false);
      assert.equal(fake.queues.get('support')?.has(member), false);
    });

    it('an agent without queues sends no queue actions', async () => {
      await asteriskStore.setAgentQueues(alice.id, []);
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.ready(session.id);
      await calls.idle();
      assert.equal(fake.actionsNamed('QueueAdd').length + fake.actionsNamed('QueuePause').length, 0);
    });

    it('AMI down at start: status says so, and the reconnect applies queues and calls the phone', async () => {
      fake.refuseConnections = true;
      const statuses: AsteriskStatusChange[] = [];
      calls.on('status', (s) => statuses.push(s));
      calls.start();
      client.start();
      const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
      await t.services.sessions.ready(session.id);
      await calls.idle();
      assert.notEqual(calls.asteriskStatus(), 'connected');
      assert.ok(statuses.some((s) => s.status === 'connecting' || s.status === 'down'));
      const failed = await calls.lastLegAttempt(session.id);
      assert.equal(failed?.status, 'failed');
      assert.equal(failed?.reason, 'ami_down');
      assert.equal(fake.actionsNamed('QueueAdd').length, 0);

      const synced = once(calls.control, 'synced');
      fake.refuseConnections = false;
      await waitForStatus(client, 'connected');
      await synced;
      await calls.idle();
      assert.equal(calls.asteriskStatus(), 'connected');
      assert.ok(statuses.some((s) => s.status === 'connected'));
      const member = `Local/${session.conference}@callgate-queue/n`;
      assert.equal(
        fake.queues.get('sales')?.get(member)?.paused,
        false,
        'added, and ready as the session is',
      );
      assert.equal(fake.queues.get('support')?.get(member)?.paused, false);
      // The call that could not be made is made now.
      assert.equal(fake.actionsNamed('Originate').length, 1);
      assert.equal((await t.services.sessions.get(session.id)).phoneLeg, 'connected');
    });

    it('a restart of Callgate reconciles queues with the open sessions', async () => {
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      await t.services.sessions.pause(session.id, 'BREAK');
      await calls.idle();
      await calls.stop();
      await client.close();

      // While Callgate was stopped: Asterisk restarted (dynamic members gone), and a member of an
      // old session (ours) and one another system added linger in the queue.
      fake.restart();
      fake.addQueueMember('sales', { interface: 'Local/8600999@callgate-queue/n', memberName: 'gone' });
      fake.addQueueMember('sales', { interface: 'PJSIP/other', memberName: 'not ours' });

      calls = build();
      await connect();
      const member = `Local/${session.conference}@callgate-queue/n`;
      assert.equal(fake.queues.get('sales')?.get(member)?.paused, true);
      assert.equal(fake.queues.get('sales')?.get(member)?.pausedReason, 'BREAK');
      assert.equal(fake.queues.get('support')?.get(member)?.pausedReason, 'BREAK');
      assert.equal(fake.queues.get('sales')?.has('Local/8600999@callgate-queue/n'), false);
      assert.equal(fake.queues.get('sales')?.has('PJSIP/other'), true, "other systems' members stay");
    });
  });

  describe('what Asterisk reports', () => {
    it('a registration marks the device registered, so hot desk lists it', async () => {
      await connect();
      assert.deepEqual(await t.services.devices.listAvailable({ registeredOnly: true }), []);
      fake.registerContact('2001', 'sip:2001@10.0.0.21:5060');
      fake.registerContact('1001', 'sip:1001@10.0.0.22:5060'); // an agent's own account: not a device
      await client.action({ Action: 'Ping' });
      await calls.idle();
      const available = await t.services.devices.listAvailable({ registeredOnly: true });
      assert.deepEqual(
        available.map((d) => [d.endpoint, d.contact]),
        [['PJSIP/2001', 'sip:2001@10.0.0.21:5060']],
      );
      fake.unregisterContact('2001');
      await client.action({ Action: 'Ping' });
      await calls.idle();
      assert.deepEqual(await t.services.devices.listAvailable({ registeredOnly: true }), []);
    });

    it('a leg that joins the conference outside the AGI becomes the phone leg, and its leave releases it', async () => {
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'dialin' });
      const room = String(session.conference);
      fake.broadcast({
        Event: 'ConfbridgeJoin',
        Conference: room,
        Channel: 'PJSIP/99-0001',
        Uniqueid: 'ext.1',
      });
      await client.action({ Action: 'Ping' });
      await calls.idle();
      let now = await t.services.sessions.get(session.id);
      assert.deepEqual(
        [now.phoneLeg, now.phoneChannel, now.phoneUniqueid],
        ['connected', 'PJSIP/99-0001', 'ext.1'],
      );

      // A second channel in the room (a caller) does not replace the agent's leg.
      fake.broadcast({
        Event: 'ConfbridgeJoin',
        Conference: room,
        Channel: 'PJSIP/77-0002',
        Uniqueid: 'ext.2',
      });
      await client.action({ Action: 'Ping' });
      await calls.idle();
      assert.equal((await t.services.sessions.get(session.id)).phoneUniqueid, 'ext.1');

      fake.broadcast({
        Event: 'ConfbridgeLeave',
        Conference: room,
        Channel: 'PJSIP/99-0001',
        Uniqueid: 'ext.1',
      });
      await client.action({ Action: 'Ping' });
      await calls.idle();
      now = await t.services.sessions.get(session.id);
      assert.equal(now.phoneLeg, 'none');
    });

    it('an originated leg that hangs up later releases the session leg', async () => {
      await connect();
      const session = await t.services.sessions.start(alice.id, { interface: 'internal' });
      await calls.idle();
      const channel = (await t.services.sessions.get(session.id)).phoneChannel ?? '';
      await client.action({ Action: 'Hangup', Channel: channel }); // the agent hangs up the phone
      await client.action({ Action: 'Ping' });
      await calls.idle();
      assert.equal((await t.services.sessions.get(session.id)).phoneLeg, 'none');
    });
  });
});
