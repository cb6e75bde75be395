import type { AmiMessage } from './ami-message.ts';

/**
 * Queue membership reconciliation, pure: compare what Callgate wants (agents logged in, paused
 * or not) with what QueueStatus reports, and list the steps that make Asterisk match. Only
 * dynamic members are ever removed; static and realtime members belong to the queue's config.
 */

export interface DesiredQueueMember {
  queue: string;
  /** Member interface, e.g. `PJSIP/1001` or `Local/1001@agents/n`. */
  interface: string;
  memberName: string;
  paused: boolean;
  reason?: string;
}

export interface ActualQueueMember {
  queue: string;
  interface: string;
  memberName: string;
  membership: string;
  paused: boolean;
  pausedReason: string;
}

export type QueueStep =
  | { kind: 'add'; member: DesiredQueueMember }
  | { kind: 'remove'; queue: string; interface: string }
  | { kind: 'pause'; queue: string; interface: string; paused: boolean; reason?: string };

export interface QueueSnapshot {
  queues: Set<string>;
  members: ActualQueueMember[];
}

/** Reads QueueParams / QueueMember events of a QueueStatus list. */
export function parseQueueStatus(events: readonly AmiMessage[]): QueueSnapshot {
  const queues = new Set<string>();
  const members: ActualQueueMember[] = [];
  for (const e of events) {
    const name = (e.event ?? '').toLowerCase();
    const queue = e.get('Queue');
    if (!queue) continue;
    if (name === 'queueparams') queues.add(queue);
    if (name !== 'queuemember') continue;
    queues.add(queue);
    const iface = e.get('Location') ?? e.get('Interface') ?? e.get('StateInterface');
    if (!iface) continue;
    members.push({
      queue,
      interface: iface,
      memberName: e.get('Name') ?? e.get('MemberName') ?? iface,
      membership: (e.get('Membership') ?? 'dynamic').toLowerCase(),
      paused: /^(1|true|yes)$/i.test(e.get('Paused') ?? '0'),
      pausedReason: e.get('PausedReason') ?? '',
    });
  }
  return { queues, members };
}

/**
 * Steps from `actual` to `desired`. `managedQueues` limits which queues we touch (default: every
 * queue Asterisk reported plus every queue in `desired`); `ownsMember` limits which dynamic members
 * may be removed (default: all), so members another system added are left alone.
 */
export function planQueueReconcile(
  desired: readonly DesiredQueueMember[],
  actual: QueueSnapshot,
  managedQueues?: ReadonlySet<string>,
  ownsMember?: (memberInterface: string) => boolean,
): QueueStep[] {
  const managed = (queue: string) => (managedQueues ? managedQueues.has(queue) : true);
  const key = (queue: string, iface: string) => `${queue}\u0000${iface}`;
  const actualByKey = new Map(actual.members.map((m) => [key(m.queue, m.interface), m]));
  const desiredKeys = new Set<string>();
  const steps: QueueStep[] = [];
  for (const want of desired) {
    if (!managed(want.queue)) continue;
    const k = key(want.queue, want.interface);
    desiredKeys.add(k);
    const have = actualByKey.get(k);
    if (!have) {
      steps.push({ kind: 'add', member: want });
      continue;
    }
    const reason = want.reason ?? '';
    if (have.paused !== want.paused || (want.paused && reason !== '' && have.pausedReason !== reason)) {
      const step: QueueStep = {
        kind: 'pause',
        queue: want.queue,
        interface: want.interface,
        paused: want.paused,
      };
      if (want.paused && want.reason) step.reason = want.reason;
      steps.push(step);
    }
  }
  for (const have of actual.members) {
    if (!managed(have.queue) || have.membership !== 'dynamic') continue;
    if (ownsMember && !ownsMember(have.interface)) continue;
    if (!desiredKeys.has(key(have.queue, have.interface))) {
      steps.push({ kind: 'remove', queue: have.queue, interface: have.interface });
    }
  }
  return steps;
}
