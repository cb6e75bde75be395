import assert from 'node:assert/strict';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AmiClient } from '../../src/asterisk/ami-client.ts';
import { isAmiError } from '../../src/asterisk/ami-error.ts';
import { AsteriskControl, type AsteriskControlOptions } from '../../src/asterisk/asterisk-control.ts';
import type { DeviceRegistration } from '../../src/asterisk/device-registration-tracker.ts';
import type { PhoneLegEvent } from '../../src/asterisk/phone-leg-tracker.ts';
import type { DesiredQueueMember } from '../../src/asterisk/queue-reconcile.ts';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { clientFor, waitForStatus } from './ami-test-support.ts';

describe('AsteriskControl against the fake AMI server', () => {
  let fake: FakeAmiServer;
  let client: AmiClient;
  let control: AsteriskControl;
  let legs: PhoneLegEvent[];
  let registrations: DeviceRegistration[];

  async function setUp(options: Partial<AsteriskControlOptions> = {}, connect = true): Promise<void> {
    client = clientFor(fake);
    control = new AsteriskControl(client, {
      trunkContext: 'callgate-trunk',
      registrationCheckIntervalMs: 0,
      ringTimeoutMs: 1000,
      originateGraceMs: 1000,
      ...options,
    });
    legs = [];
    registrations = [];
    control.on('phoneLeg', (e) => legs.push(e));
    control.on('deviceRegistration', (r) => registrations.push(r));
    control.start();
    if (connect) {
      const synced = once(control, 'synced');
      client.start();
      await waitForStatus(client, 'connected');
      await synced;
    }
  }

  /** Lets queued socket data and events be processed. */
  async function settle(): Promise<void> {
    await client.action({ Action: 'Ping' });
  }

  beforeEach(async () => {
    fake = await FakeAmiServer.start();
  });
  afterEach(async () => {
    control.stop();
    await client.close();
    await fake.close();
  });

  describe('callLeg', () => {
    it('originates PJSIP/<user id> into the conference and reports calling → connected once', async () => {
      await setUp();
      const result = await control.callLeg({
        sessionId: 42,
        conference: '7001',
        interface: 'internal',
        agentUserId: '1001',
      });
      assert.equal(result.status, 'connected');
      const sent = (await fake.waitForAction('Originate')).message;
      assert.equal(sent.get('Channel'), 'PJSIP/1001');
      assert.equal(sent.get('Application'), 'ConfBridge');
      assert.equal(sent.get('Data'), '7001,callgate_bridge,callgate_agent');
      assert.equal(sent.get('Async'), 'true');
      assert.equal(sent.get('Timeout'), '1000');
      assert.deepEqual(sent.getAll('Variable'), [
        'CALLGATE_SESSION=42',
        'CALLGATE_CONFERENCE=7001',
        'CALLGATE_INTERFACE=internal',
      ]);
      assert.ok(result.status === 'connected');
      assert.equal(result.uniqueid, sent.get('ChannelId'));
      assert.match(result.channel, /^PJSIP\/1001-0000000\d$/);
      await settle(); // the ConfbridgeJoin that follows must not report a second "connected"
      assert.deepEqual(
        legs.map((l) => [l.state, l.conference, l.sessionId]),
        [
          ['calling', '7001', '42'],
          ['connected', '7001', '42'],
        ],
      );
      assert.equal(legs[1]?.channel, result.channel);
    });

    it('with a caller ID set, the agent leg carries it (the phone shows it, not "Anonymous"; as 34)', async () => {
      await setUp({ callerId: '"Callgate" <2345>' });
      const joined = new Promise<Record<string, string>>((resolve) => {
        const off = client.onEvent('ConfbridgeJoin', (e) => {
          off();
          resolve(e.toObject());
        });
      });
      const result = await control.callLeg({
        sessionId: 7,
        conference: '7007',
        interface: 'mobile',
        mobileNumber: '4471234567',
      });
      assert.equal(result.status, 'connected');
      assert.equal((await fake.waitForAction('Originate')).message.get('CallerID'), '"Callgate" <2345>');
      const join = await joined;
      assert.equal(join.CallerIDNum, '2345');
      assert.equal(join.CallerIDName, 'Callgate');
    });

    it('is connected once when ConfbridgeJoin overtakes OriginateResponse', async () => {
      await setUp();
      fake.defaultOriginate = { outcome: 'answer', joinBeforeResponse: true };
      const result = await control.callLeg({
        sessionId: 's1',
        conference: '7002',
        interface: 'phone',
        endpoint: 'PJSIP/2101',
      });
      await settle();
      assert.equal(result.status, 'connected');
      assert.deepEqual(
        legs.map((l) => l.state),
        ['calling', 'connected'],
      );
    });

    const failures = [
      ['busy', 'busy', 5],
      ['noanswer', 'noanswer', 3],
      ['congestion', 'unavailable', 8],
      ['unavailable', 'unavailable', 0],
    ] as const;
    for (const [outcome, reason, code] of failures) {
      it(`maps OriginateResponse Reason ${code} (${outcome}) to failed: ${reason}`, async () => {
        await setUp();
        fake.originateScenarios.set('PJSIP/1001', { outcome });
        const result = await control.callLeg({
          sessionId: 1,
          conference: '7001',
          interface: 'internal',
          agentUserId: '1001',
        });
        assert.deepEqual(
          { ...result, message: undefined },
          { status: 'failed', reason, dialString: 'PJSIP/1001', originateReason: code, message: undefined },
        );
        assert.deepEqual(
          legs.map((l) => l.state),
          ['calling', 'ended'],
        );
      });
    }

    it('maps an Originate answered with Response: Error to failed: unavailable', async () => {
      await setUp();
      fake.defaultOriginate = { outcome: 'error' };
      const result = await control.callLeg({
        sessionId: 1,
        conference: '7001',
        interface: 'internal',
        agentUserId: '1001',
      });
      assert.deepEqual(result, {
        status: 'failed',
        reason: 'unavailable',
        dialString: 'PJSIP/1001',
        originateReason: null,
        message: 'Originate failed',
      });
    });

    it('dials a mobile through Local/<number>@<trunk context>/n and a device by its endpoint', async () => {
      await setUp();
      await control.callLeg({
        sessionId: 1,
        conference: '7001',
        interface: 'mobile',
        mobileNumber: '+1 555 0100',
      });
      await control.callLeg({
        sessionId: 2,
        conference: '7002',
        interface: 'phone',
        endpoint: 'PJSIP/desk-12',
      });
      assert.deepEqual(
        fake.actionsNamed('Originate').map((a) => a.message.get('Channel')),
        ['Local/+15550100@callgate-trunk/n', 'PJSIP/desk-12'],
      );
    });

    it('can send the answered leg to a dialplan context instead', async () => {
      await setUp({
        target: { kind: 'context', context: 'callgate-conference' },
        userProfile: 'agent_quiet',
      });
      await control.callLeg({ sessionId: 9, conference: '7009', interface: 'internal', agentUserId: '1001' });
      const sent = (await fake.waitForAction('Originate')).message;
      assert.equal(sent.get('Application'), undefined);
      assert.deepEqual(
        [sent.get('Context'), sent.get('Exten'), sent.get('Priority')],
        ['callgate-conference', '7009', '1'],
      );
      assert.ok(sent.getAll('Variable').includes('CALLGATE_USER_PROFILE=agent_quiet'));
    });

    it('refuses dial strings that could dial something else, without sending anything', async () => {
      await setUp();
      for (const bad of [
        { interface: 'mobile', mobileNumber: '555&PJSIP/9999' },
        { interface: 'phone', endpoint: 'PJSIP/2101&PJSIP/2102' },
        { interface: 'internal', agentUserId: '1001/foo' },
      ] as const) {
        await assert.rejects(control.callLeg({ sessionId: 1, conference: '7001', ...bad }), (err) =>
          isAmiError(err, 'E_AMI_USAGE'),
        );
      }
      await assert.rejects(
        control.callLeg({ sessionId: 1, conference: '70,01', interface: 'internal', agentUserId: '1001' }),
        (err) => isAmiError(err, 'E_AMI_USAGE'),
      );
      assert.equal(fake.actionsNamed('Originate').length, 0);
      assert.equal(legs.length, 0);
    });

    it('rejects with E_AMI_DOWN at once while AMI is down, reporting no leg', async () => {
      fake.refuseConnections = true;
      await setUp({}, false);
      client.start();
      await assert.rejects(
        control.callLeg({ sessionId: 1, conference: '7001', interface: 'internal', agentUserId: '1001' }),
        (err) => isAmiError(err, 'E_AMI_DOWN'),
      );
      assert.equal(legs.length, 0);
    });
  });

  describe('phone legs', () => {
    it('hangupLeg ends the leg once (ConfbridgeLeave then Hangup); a gone channel gives false', async () => {
      await setUp();
      const result = await control.callLeg({
        sessionId: 5,
        conference: '7005',
        interface: 'internal',
        agentUserId: '1001',
      });
      assert.ok(result.status === 'connected');
      await settle();
      assert.equal(await control.hangupLeg(result.channel), true);
      await settle();
      assert.deepEqual(
        legs.map((l) => [l.state, l.sessionId]),
        [
          ['calling', '5'],
          ['connected', '5'],
          ['ended', '5'],
        ],
      );
      assert.equal(await control.hangupLeg(result.channel), false);
    });

    it('kickFromConference ends the leg; kicking from an empty room gives false', async () => {
      await setUp();
      const result = await control.callLeg({
        sessionId: 6,
        conference: '7006',
        interface: 'internal',
        agentUserId: '1001',
      });
      assert.ok(result.status === 'connected');
      await settle();
      assert.equal(await control.kickFromConference('7006', result.channel), true);
      await settle();
      assert.equal(legs.at(-1)?.state, 'ended');
      assert.equal(await control.kickFromConference('7006', result.channel), false);
      assert.equal(fake.actionsNamed('ConfbridgeKick')[0]?.message.get('Conference'), '7006');
    });

    it('reports legs that joined by dial-in, and ignores a stale Join after its Leave or Hangup', async () => {
      await setUp();
      const join = (uniqueid: string, room: string) =>
        fake.broadcast({
          Event: 'ConfbridgeJoin',
          Conference: room,
          Channel: `PJSIP/x-${uniqueid}`,
          Uniqueid: uniqueid,
        });
      // Leave arrives before the Join it closes (e.g. after a reconnect).
      fake.broadcast({ Event: 'ConfbridgeLeave', Conference: '7100', Channel: 'PJSIP/x-a', Uniqueid: 'a' });
      join('a', '7100');
      // A channel that hung up before its Join was delivered.
      fake.broadcast({ Event: 'Hangup', Channel: 'PJSIP/x-b', Uniqueid: 'b', Cause: 16 });
      join('b', '7100');
      // A fresh dial-in leg.
      join('c', '7101');
      fake.broadcast({ Event: 'Hangup', Channel: 'PJSIP/x-c', Uniqueid: 'c', Cause: 16 });
      fake.broadcast({ Event: 'ConfbridgeLeave', Conference: '7101', Channel: 'PJSIP/x-c', Uniqueid: 'c' });
      await settle();
      assert.deepEqual(
        legs.map((l) => [l.uniqueid, l.conference, l.state]),
        [
          ['a', '7100', 'ended'],
          ['c', '7101', 'connected'],
          ['c', '7101', 'ended'],
        ],
      );
    });

    it('after a reconnect, ends legs that left the conference while AMI was away', async () => {
      await setUp();
      const result = await control.callLeg({
        sessionId: 8,
        conference: '7008',
        interface: 'internal',
        agentUserId: '1001',
      });
      assert.ok(result.status === 'connected');
      await settle();
      const synced = once(control, 'synced');
      fake.restart(); // conferences are gone, and so is the connection: no Leave event is seen
      await synced;
      assert.deepEqual(
        legs.map((l) => l.state),
        ['calling', 'connected', 'ended'],
      );
      const list = fake.actionsNamed('ConfbridgeList');
      assert.equal(list.at(-1)?.message.get('Conference'), '7008');
    });
  });

  describe('queues', () => {
    it('adds, pauses with a reason, resumes and removes; repeating each is harmless', async () => {
      fake.addQueue('sales');
      fake.addQueue('support');
      await setUp();
      await control.queueAdd(['sales', 'support'], 'PJSIP/1001', 'Alice', true, 'login');
      await control.queueAdd(['sales'], 'PJSIP/1001', 'Alice', false); // already there: just resumes
      assert.equal(fake.queues.get('sales')?.get('PJSIP/1001')?.paused, false);
      assert.equal(fake.queues.get('support')?.get('PJSIP/1001')?.paused, true);
      assert.equal(fake.queues.get('support')?.get('PJSIP/1001')?.pausedReason, 'login');
      await control.queuePause([], 'PJSIP/1001', true, 'lunch');
      assert.equal(fake.queues.get('sales')?.get('PJSIP/1001')?.pausedReason, 'lunch');
      const pause = fake.actionsNamed('QueuePause').at(-1)?.message;
      assert.equal(pause?.get('Queue'), undefined);
      assert.equal(pause?.get('Reason'), 'lunch');
      await control.queueRemove(['sales', 'support'], 'PJSIP/1001');
      await control.queueRemove(['sales'], 'PJSIP/1001');
      assert.equal(fake.queues.get('sales')?.size, 0);
      await assert.rejects(control.queueAdd(['nope'], 'PJSIP/1001', 'Alice', false), (err) =>
        isAmiError(err, 'E_AMI_ACTION'),
      );
    });

    it('re-applies desired membership after an Asterisk restart, without touching static members', async () => {
      fake.addQueue('sales', [
        { interface: 'PJSIP/9000', memberName: 'Static', membership: 'static' },
        { interface: 'PJSIP/1003', memberName: 'Gone', membership: 'dynamic' },
      ]);
      fake.addQueue('support');
      let desired: DesiredQueueMember[] = [
        { queue: 'sales', interface: 'PJSIP/1001', memberName: 'Alice', paused: false },
        { queue: 'support', interface: 'PJSIP/1002', memberName: 'Bob', paused: true, reason: 'training' },
      ];
      const reports: unknown[] = [];
      await setUp({ desiredQueues: () => desired });
      control.on('queuesReconciled', (r) => reports.push(r));
      // The first sync on connect already added both and removed the stale dynamic member.
      assert.deepEqual([...(fake.queues.get('sales')?.keys() ?? [])].sort(), ['PJSIP/1001', 'PJSIP/9000']);
      assert.equal(fake.queues.get('support')?.get('PJSIP/1002')?.pausedReason, 'training');

      // Bob resumes while Asterisk restarts; the restart drops every dynamic member.
      desired = [
        { queue: 'sales', interface: 'PJSIP/1001', memberName: 'Alice', paused: false },
        { queue: 'support', interface: 'PJSIP/1002', memberName: 'Bob', paused: false },
      ];
      const synced = once(control, 'synced');
      fake.restart();
      await synced;
      assert.equal(fake.queues.get('sales')?.get('PJSIP/1001')?.memberName, 'Alice');
      assert.equal(fake.queues.get('support')?.get('PJSIP/1002')?.paused, false);
      assert.equal(fake.queues.get('sales')?.get('PJSIP/9000')?.membership, 'static');
      assert.equal(reports.length, 1);
    });

    it('reconcile fixes paused state and reports steps that failed', async () => {
      fake.addQueue('sales', [{ interface: 'PJSIP/1001', memberName: 'Alice', paused: false }]);
      await setUp();
      const report = await control.reconcileQueues([
        { queue: 'sales', interface: 'PJSIP/1001', memberName: 'Alice', paused: true, reason: 'break' },
        { queue: 'missing', interface: 'PJSIP/1001', memberName: 'Alice', paused: false },
      ]);
      assert.deepEqual(
        report.applied.map((s) => s.kind),
        ['pause'],
      );
      assert.equal(report.failed.length, 1);
      assert.equal(report.failed[0]?.error.amiMessage, 'Unable to add interface to queue: No such queue');
      assert.equal(fake.queues.get('sales')?.get('PJSIP/1001')?.pausedReason, 'break');
    });
  });

  describe('device registration', () => {
    it('follows ContactStatus/DeviceStateChange events and reports only changes', async () => {
      await setUp();
      fake.registerContact('2101', 'sip:2101@192.0.2.10:5060');
      await settle();
      fake.unregisterContact('2101');
      await settle();
      assert.deepEqual(
        registrations.map((r) => [r.endpoint, r.registered, r.contact]),
        [
          ['PJSIP/2101', true, 'sip:2101@192.0.2.10:5060'],
          ['PJSIP/2101', false, null],
        ],
      );
    });

    it('the periodic check corrects what events missed (PJSIPShowEndpoints + PJSIPShowContacts)', async () => {
      fake.endpoints.add('2101');
      fake.endpoints.add('2102');
      fake.contacts.set('2101', [{ endpoint: '2101', uri: 'sip:2101@192.0.2.11:5060', status: 'Reachable' }]);
      await setUp({ registrationCheckIntervalMs: 20 });
      // The sync on connect already polled once.
      assert.deepEqual(
        registrations.map((r) => [r.endpoint, r.registered, r.contact]),
        [
          ['PJSIP/2101', true, 'sip:2101@192.0.2.11:5060'],
          ['PJSIP/2102', false, null],
        ],
      );
      // 2101 goes away and 2102 registers while no event reaches us; the next poll tells.
      fake.contacts.delete('2101');
      fake.contacts.set('2102', [
        { endpoint: '2102', uri: 'sip:2102@192.0.2.12:5060', status: 'NonQualified' },
      ]);
      while (registrations.length < 4) await once(control, 'deviceRegistration');
      assert.deepEqual(
        registrations.slice(2).map((r) => [r.endpoint, r.registered, r.contact]),
        [
          ['PJSIP/2101', false, null],
          ['PJSIP/2102', true, 'sip:2102@192.0.2.12:5060'],
        ],
      );
    });
  });
});
