import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmiMessage } from '../../src/asterisk/ami-message.ts';
import { legFailureForReason } from '../../src/asterisk/call-leg.ts';
import { DeviceRegistrationTracker } from '../../src/asterisk/device-registration-tracker.ts';
import { PhoneLegTracker } from '../../src/asterisk/phone-leg-tracker.ts';
import { parseQueueStatus, planQueueReconcile } from '../../src/asterisk/queue-reconcile.ts';

const at = new Date('2026-11-23T08:00:00Z');
const event = (fields: Record<string, string>) => AmiMessage.from(fields);

describe('planQueueReconcile', () => {
  const snapshot = parseQueueStatus([
    event({ Event: 'QueueParams', Queue: 'sales' }),
    event({
      Event: 'QueueMember',
      Queue: 'sales',
      Name: 'Static',
      Location: 'PJSIP/9000',
      Membership: 'static',
      Paused: '0',
    }),
    event({
      Event: 'QueueMember',
      Queue: 'sales',
      Name: 'Alice',
      Location: 'PJSIP/1001',
      Membership: 'dynamic',
      Paused: '1',
      PausedReason: 'lunch',
    }),
    event({
      Event: 'QueueMember',
      Queue: 'sales',
      Name: 'Old',
      Location: 'PJSIP/1009',
      Membership: 'dynamic',
      Paused: '0',
    }),
    event({ Event: 'QueueParams', Queue: 'other' }),
    event({
      Event: 'QueueMember',
      Queue: 'other',
      Name: 'Theirs',
      Location: 'SIP/77',
      Membership: 'dynamic',
      Paused: '0',
    }),
    event({ Event: 'QueueStatusComplete', EventList: 'Complete', ListItems: '6' }),
  ]);

  it('reads queues and members from QueueStatus events', () => {
    assert.deepEqual([...snapshot.queues], ['sales', 'other']);
    assert.deepEqual(snapshot.members[1], {
      queue: 'sales',
      interface: 'PJSIP/1001',
      memberName: 'Alice',
      membership: 'dynamic',
      paused: true,
      pausedReason: 'lunch',
    });
  });

  it('adds, re-pauses with a new reason, and removes stale dynamic members only in managed queues', () => {
    const steps = planQueueReconcile(
      [
        { queue: 'sales', interface: 'PJSIP/1001', memberName: 'Alice', paused: true, reason: 'meeting' },
        { queue: 'sales', interface: 'PJSIP/1002', memberName: 'Bob', paused: false },
      ],
      snapshot,
      new Set(['sales']),
    );
    assert.deepEqual(steps, [
      { kind: 'pause', queue: 'sales', interface: 'PJSIP/1001', paused: true, reason: 'meeting' },
      { kind: 'add', member: { queue: 'sales', interface: 'PJSIP/1002', memberName: 'Bob', paused: false } },
      { kind: 'remove', queue: 'sales', interface: 'PJSIP/1009' },
    ]);
  });

  it('with no scope given, owns every queue’s dynamic members (never static ones)', () => {
    const steps = planQueueReconcile([], snapshot);
    assert.deepEqual(
      steps.map((s) => (s.kind === 'remove' ? s.interface : s.kind)),
      ['PJSIP/1001', 'PJSIP/1009', 'SIP/77'],
    );
  });

  it('plans nothing when Asterisk already matches', () => {
    const steps = planQueueReconcile(
      [
        { queue: 'sales', interface: 'PJSIP/1001', memberName: 'Alice', paused: true },
        { queue: 'sales', interface: 'PJSIP/1009', memberName: 'Old', paused: false },
      ],
      snapshot,
      new Set(['sales']),
    );
    assert.deepEqual(steps, []);
  });
});

describe('DeviceRegistrationTracker', () => {
  it('stays registered while any contact is reachable and reports only changes', () => {
    const t = new DeviceRegistrationTracker();
    const contact = (uri: string, status: string) =>
      t.applyEvent(
        event({ Event: 'ContactStatus', EndpointName: '2101', URI: uri, ContactStatus: status }),
        at,
      );
    assert.deepEqual(contact('sip:a@x', 'Created'), {
      endpoint: 'PJSIP/2101',
      registered: true,
      contact: 'sip:a@x',
      at,
    });
    assert.equal(contact('sip:a@x', 'Reachable'), undefined);
    assert.equal(contact('sip:b@y', 'Created'), undefined); // still registered at a
    assert.deepEqual(contact('sip:a@x', 'Removed')?.contact, 'sip:b@y');
    assert.deepEqual(contact('sip:b@y', 'Unreachable'), {
      endpoint: 'PJSIP/2101',
      registered: false,
      contact: null,
      at,
    });
    assert.equal(contact('sip:b@y', 'Unknown'), undefined);
  });

  it('uses PeerStatus and DeviceStateChange for PJSIP only, ignoring states that prove nothing', () => {
    const t = new DeviceRegistrationTracker();
    assert.equal(
      t.applyEvent(event({ Event: 'PeerStatus', Peer: 'SIP/old', PeerStatus: 'Registered' }), at),
      undefined,
    );
    assert.equal(
      t.applyEvent(event({ Event: 'PeerStatus', Peer: 'PJSIP/2102', PeerStatus: 'Reachable' }), at)
        ?.registered,
      true,
    );
    assert.equal(
      t.applyEvent(event({ Event: 'DeviceStateChange', Device: 'PJSIP/2102', State: 'UNKNOWN' }), at),
      undefined,
    );
    assert.equal(
      t.applyEvent(
        event({ Event: 'DeviceStateChange', Device: 'Queue:sales_avail', State: 'UNAVAILABLE' }),
        at,
      ),
      undefined,
    );
    assert.equal(
      t.applyEvent(event({ Event: 'DeviceStateChange', Device: 'PJSIP/2102', State: 'UNAVAILABLE' }), at)
        ?.registered,
      false,
    );
    assert.equal(
      t.applyEvent(event({ Event: 'PeerStatus', Peer: 'PJSIP/2102', PeerStatus: 'Unregistered' }), at),
      undefined,
    );
    assert.deepEqual(
      t.current.map((r) => [r.endpoint, r.registered]),
      [['PJSIP/2102', false]],
    );
  });
});

describe('PhoneLegTracker', () => {
  it('forgets the oldest tombstones beyond its bound', () => {
    const t = new PhoneLegTracker({ maxTombstones: 2 });
    t.hungUp('PJSIP/a-1', 'u1', at);
    t.hungUp('PJSIP/a-2', 'u2', at);
    t.hungUp('PJSIP/a-3', 'u3', at);
    assert.equal(t.joined('1', 'PJSIP/a-3', 'u3', at), undefined);
    assert.equal(t.joined('1', 'PJSIP/a-1', 'u1', at)?.state, 'connected'); // u1 was forgotten
  });
});

describe('legFailureForReason', () => {
  it('maps OriginateResponse reasons', () => {
    assert.deepEqual([0, 1, 3, 5, 8].map(legFailureForReason), [
      'unavailable',
      'unavailable',
      'noanswer',
      'busy',
      'unavailable',
    ]);
  });
});
