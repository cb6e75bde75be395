import type { AmiActionFields } from '../ami-encode.ts';
import type { AmiMessage } from '../ami-message.ts';

export interface FakeQueueMember {
  interface: string;
  memberName: string;
  stateInterface: string;
  membership: 'dynamic' | 'static' | 'realtime';
  paused: boolean;
  pausedReason: string;
  penalty: number;
  /** Epoch seconds of the last pause change and of the login (QueueMember* `LastPause`, `LoginTime`). */
  lastPause: number;
  loginTime: number;
}

/** A queue's running totals (QueueParams), which depend on the calls it has seen. */
export interface FakeQueueStats {
  talkTime: number;
  completed: number;
  abandoned: number;
  serviceLevelPerf: string;
}

/** What a queue action answers: an error message, or success with its message and events. */
export type FakeQueueAnswer =
  | { ok: false; message: string }
  | { ok: true; message: string; events: AmiActionFields[] };

const isTrue = (value: string | undefined): boolean => /^(true|yes|1|on)$/i.test((value ?? '').trim());

/**
 * app_queue of the fake Asterisk: queues, their members, and what QueueAdd, QueuePause,
 * QueueRemove, QueueStatus and QueueSummary answer (05, 10, 17, 19, 21–23, 30, 41), with the
 * QueueMember* events they cause. No calls wait in these queues (see the conformance notes).
 */
export class FakeQueues {
  /** Queue name → interface → member. */
  readonly queues = new Map<string, Map<string, FakeQueueMember>>();
  readonly stats = new Map<string, FakeQueueStats>();
  private readonly now: () => number;

  constructor(now: () => number = () => Math.floor(Date.now() / 1000)) {
    this.now = now;
  }

  add(name: string, members: Array<Partial<FakeQueueMember> & { interface: string }> = []): void {
    const map = new Map<string, FakeQueueMember>();
    for (const m of members) map.set(m.interface, this.member(m));
    this.queues.set(name, map);
  }

  addMember(queue: string, member: Partial<FakeQueueMember> & { interface: string }): void {
    const members = this.queues.get(queue);
    if (!members) throw new Error(`no queue ${queue}`);
    members.set(member.interface, this.member(member));
  }

  /** Dynamic members go with an Asterisk restart; static ones come back from queues.conf. */
  restart(): void {
    for (const members of this.queues.values()) {
      for (const [iface, m] of members) if (m.membership === 'dynamic') members.delete(iface);
    }
  }

  queueAdd(action: AmiMessage): FakeQueueAnswer {
    const name = action.get('Queue') ?? '';
    const queue = this.queues.get(name);
    const iface = action.get('Interface') ?? '';
    if (!queue) return { ok: false, message: 'Unable to add interface to queue: No such queue' };
    if (queue.has(iface)) return { ok: false, message: 'Unable to add interface: Already there' };
    const member = this.member({
      interface: iface,
      memberName: action.get('MemberName') ?? iface,
      stateInterface: action.get('StateInterface') ?? iface,
      paused: isTrue(action.get('Paused')),
      pausedReason: action.get('Reason') ?? '',
      penalty: Number(action.get('Penalty') ?? 0),
    });
    queue.set(iface, member);
    return {
      ok: true,
      message: 'Added interface to queue',
      events: [memberEvent('QueueMemberAdded', name, member)],
    };
  }

  queueRemove(action: AmiMessage): FakeQueueAnswer {
    const name = action.get('Queue') ?? '';
    const queue = this.queues.get(name);
    const iface = action.get('Interface') ?? '';
    if (!queue) return { ok: false, message: 'Unable to remove interface from queue: No such queue' };
    const member = queue.get(iface);
    if (!member) return { ok: false, message: 'Unable to remove interface: Not there' };
    if (member.membership !== 'dynamic') return { ok: false, message: 'Member not dynamic' };
    queue.delete(iface);
    return {
      ok: true,
      message: 'Removed interface from queue',
      events: [memberEvent('QueueMemberRemoved', name, member)],
    };
  }

  /** QueuePause without `Queue:` pauses the member in every queue it is in. */
  queuePause(action: AmiMessage): FakeQueueAnswer {
    const iface = action.get('Interface') ?? '';
    const only = action.get('Queue');
    const paused = isTrue(action.get('Paused'));
    const reason = action.get('Reason') ?? '';
    const events: AmiActionFields[] = [];
    for (const [name, queue] of this.queues) {
      if (only !== undefined && name !== only) continue;
      const member = queue.get(iface);
      if (!member) continue;
      member.paused = paused;
      member.pausedReason = paused ? reason : '';
      member.lastPause = this.now();
      events.push(memberEvent('QueueMemberPause', name, member));
    }
    if (events.length === 0) return { ok: false, message: 'Interface not found' };
    return {
      ok: true,
      message: paused ? 'Interface paused successfully' : 'Interface unpaused successfully',
      events,
    };
  }

  /** QueueStatus list events (05, 10, 30): QueueParams then QueueMember per member; none for an unknown queue. */
  queueStatus(only: string | undefined): AmiActionFields[] {
    const events: AmiActionFields[] = [];
    for (const [name, queue] of this.sorted()) {
      if (only !== undefined && only !== name) continue;
      const stats = this.stats.get(name);
      events.push({
        Event: 'QueueParams',
        Queue: name,
        Max: 0,
        Strategy: 'ringall',
        Calls: 0,
        Holdtime: 0,
        TalkTime: stats?.talkTime ?? 0,
        Completed: stats?.completed ?? 0,
        Abandoned: stats?.abandoned ?? 0,
        ServiceLevel: 0,
        ServicelevelPerf: stats?.serviceLevelPerf ?? '0.0',
        ServicelevelPerf2: stats?.serviceLevelPerf ?? '0.0',
        Weight: 0,
      });
      for (const m of queue.values()) {
        events.push({
          Event: 'QueueMember',
          Queue: name,
          Name: m.memberName,
          Location: m.interface,
          StateInterface: m.stateInterface,
          Membership: m.membership,
          Penalty: m.penalty,
          CallsTaken: 0,
          LastCall: 0,
          LastPause: m.lastPause,
          LoginTime: m.loginTime,
          InCall: 0,
          Status: 1,
          Paused: m.paused ? 1 : 0,
          PausedReason: m.pausedReason,
          Wrapuptime: 0,
        });
      }
    }
    return events;
  }

  /** QueueSummary list events (30): one per queue, none for an unknown queue. */
  queueSummary(only: string | undefined): AmiActionFields[] {
    const events: AmiActionFields[] = [];
    for (const [name, queue] of this.sorted()) {
      if (only !== undefined && only !== name) continue;
      const members = [...queue.values()];
      events.push({
        Event: 'QueueSummary',
        Queue: name,
        LoggedIn: members.length,
        Available: members.filter((m) => !m.paused).length,
        Callers: 0,
        HoldTime: 0,
        TalkTime: 0,
        LongestHoldTime: 0,
      });
    }
    return events;
  }

  private sorted(): Array<[string, Map<string, FakeQueueMember>]> {
    return [...this.queues].sort(([a], [b]) => a.localeCompare(b));
  }

  private member(m: Partial<FakeQueueMember> & { interface: string }): FakeQueueMember {
    const now = this.now();
    return {
      interface: m.interface,
      memberName: m.memberName ?? m.interface,
      stateInterface: m.stateInterface ?? m.interface,
      membership: m.membership ?? 'dynamic',
      paused: m.paused ?? false,
      pausedReason: m.pausedReason ?? '',
      penalty: m.penalty ?? 0,
      lastPause: m.lastPause ?? now,
      loginTime: m.loginTime ?? now,
    };
  }
}

/** QueueMemberAdded / QueueMemberPause / QueueMemberRemoved, as 05 records them. */
function memberEvent(event: string, queue: string, m: FakeQueueMember): AmiActionFields {
  return {
    Event: event,
    Privilege: 'agent,all',
    Queue: queue,
    MemberName: m.memberName,
    Interface: m.interface,
    StateInterface: m.stateInterface,
    Membership: m.membership,
    Penalty: m.penalty,
    CallsTaken: 0,
    LastCall: 0,
    LastPause: m.lastPause,
    LoginTime: m.loginTime,
    InCall: 0,
    Status: 1,
    Paused: m.paused ? 1 : 0,
    PausedReason: m.pausedReason,
    Ringinuse: 0,
    Wrapuptime: 0,
  };
}
