import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AmiClient } from './ami-client.ts';
import type { AmiActionOptions, AmiStatusChange } from './ami-client-options.ts';
import type { AmiActionFields } from './ami-encode.ts';
import { AmiError, isAmiError } from './ami-error.ts';
import type { AmiMessage } from './ami-message.ts';
import {
  buildOriginate,
  type CallLegRequest,
  type CallLegResult,
  dialStringFor,
  type LegTarget,
  legFailureForReason,
  type OriginateSettings,
} from './call-leg.ts';
import { type DeviceRegistration, DeviceRegistrationTracker } from './device-registration-tracker.ts';
import { type PhoneLegEvent, PhoneLegTracker } from './phone-leg-tracker.ts';
import {
  type DesiredQueueMember,
  parseQueueStatus,
  planQueueReconcile,
  type QueueSnapshot,
  type QueueStep,
} from './queue-reconcile.ts';

export interface AsteriskControlOptions {
  /** Dialplan context that sends mobile legs out a trunk (`Local/<number>@<trunkContext>/n`). */
  trunkContext: string;
  /** ConfBridge bridge profile of session conferences. Default `callgate_bridge`. */
  bridgeProfile?: string;
  /** ConfBridge user profile of agents' legs. Default `callgate_agent`. */
  userProfile?: string;
  /** Where answered legs go. Default: straight into ConfBridge. */
  target?: LegTarget;
  /** How long an agent's phone rings (ms). Default 30 s. */
  ringTimeoutMs?: number;
  /** How long after the ring timeout we still wait for OriginateResponse (ms). Default 10 s. */
  originateGraceMs?: number;
  /** Caller ID shown to the agent's phone. */
  callerId?: string;
  /** How often to poll PJSIPShowEndpoints/PJSIPShowContacts (ms). Default 60 s; 0 = never. */
  registrationCheckIntervalMs?: number;
  /** What queue membership should be; re-applied on every (re)connect. */
  desiredQueues?: () => readonly DesiredQueueMember[] | Promise<readonly DesiredQueueMember[]>;
  /** Queues whose dynamic members Callgate owns. Default: every queue (static members are never touched). */
  managedQueues?: readonly string[];
  /** Dynamic members reconcile may remove. Default: all of them (in managed queues). */
  ownsQueueMember?: (memberInterface: string) => boolean;
  now?: () => Date;
}

export interface QueueReconcileReport {
  steps: QueueStep[];
  applied: QueueStep[];
  failed: Array<{ step: QueueStep; error: AmiError }>;
}

export interface AsteriskControlWarning {
  code: string;
  message: string;
  error?: unknown;
}

export interface AsteriskControlEvents {
  phoneLeg: [PhoneLegEvent];
  deviceRegistration: [DeviceRegistration];
  queuesReconciled: [QueueReconcileReport];
  /** The pass run after each (re)connect finished: queues reconciled, registrations and legs resynced. */
  synced: [{ at: Date }];
  warning: [AsteriskControlWarning];
}

/** Queue actions are idempotent here, so they may be resent after a reconnect. */
const QUEUE_ACTION: AmiActionOptions = { onDisconnect: 'retry' };
/** Never resend an originate: the phone could ring twice. */
const ORIGINATE_ACTION: AmiActionOptions = { onDisconnect: 'reject', whenDown: 'reject' };

/**
 * What the server asks of Asterisk over AMI: call an agent's phone into their session's
 * conference, hang up or kick legs, keep queue membership as desired, and report phone legs and
 * device registrations as they change. It does not own the AMI client; when AMI comes back it
 * re-applies the desired queue state and resynchronises registrations and legs, so nothing that
 * failed with E_AMI_DOWN in between stays wrong.
 */
export class AsteriskControl extends EventEmitter<AsteriskControlEvents> {
  private readonly client: AmiClient;
  private readonly options: AsteriskControlOptions;
  private readonly settings: OriginateSettings;
  private readonly legs = new PhoneLegTracker();
  private readonly registrations = new DeviceRegistrationTracker();
  private readonly unsubscribe: Array<() => void> = [];
  private registrationTimer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(client: AmiClient, options: AsteriskControlOptions) {
    super();
    this.client = client;
    this.options = options;
    this.settings = {
      trunkContext: options.trunkContext,
      bridgeProfile: options.bridgeProfile ?? 'callgate_bridge',
      userProfile: options.userProfile ?? 'callgate_agent',
      target: options.target ?? { kind: 'confbridge' },
      ringTimeoutMs: options.ringTimeoutMs ?? 30_000,
    };
    if (options.callerId !== undefined) this.settings.callerId = options.callerId;
  }

  /** Subscribes to AMI events and status; runs the sync pass now if AMI is already up. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe.push(
      this.client.onEvent(['ConfbridgeJoin', 'ConfbridgeLeave', 'Hangup'], (e) => this.onLegEvent(e)),
      this.client.onEvent(['ContactStatus', 'PeerStatus', 'DeviceStateChange'], (e) => {
        const change = this.registrations.applyEvent(e, this.now());
        if (change) this.emit('deviceRegistration', change);
      }),
    );
    const onStatus = (change: AmiStatusChange) => {
      if (change.status === 'connected') void this.syncAfterConnect();
    };
    this.client.on('status', onStatus);
    this.unsubscribe.push(() => this.client.off('status', onStatus));
    const every = this.options.registrationCheckIntervalMs ?? 60_000;
    if (every > 0) {
      this.registrationTimer = setInterval(() => {
        if (this.client.status !== 'connected') return;
        this.checkRegistrations().catch((error) =>
          this.warn('E_REGISTRATION_CHECK', 'registration check failed', error),
        );
      }, every);
      this.registrationTimer.unref();
    }
    if (this.client.status === 'connected') void this.syncAfterConnect();
  }

  stop(): void {
    clearInterval(this.registrationTimer);
    for (const off of this.unsubscribe.splice(0)) off();
    this.started = false;
  }

  /**
   * Calls the agent and puts the answered call into the session's conference. Resolves with
   * `connected` or `failed: busy | noanswer | unavailable`; rejects with E_AMI_DOWN when AMI is
   * down, E_AMI_USAGE for an unusable number or endpoint, E_AMI_TIMEOUT / E_AMI_DISCONNECTED when
   * the outcome is unknown (the phone-leg events will still tell).
   */
  async callLeg(request: CallLegRequest): Promise<CallLegResult> {
    const uniqueid = request.uniqueid ?? randomUUID();
    const { dialString, fields } = buildOriginate(request, this.settings, uniqueid);
    if (this.client.status !== 'connected') {
      throw new AmiError('E_AMI_DOWN', `AMI is ${this.client.status}; cannot call ${dialString}`, {
        action: 'Originate',
      });
    }
    const sessionId = String(request.sessionId);
    this.emit(
      'phoneLeg',
      this.legs.originated(sessionId, request.conference, uniqueid, dialString, this.now()),
    );
    const ringTimeoutMs = request.ringTimeoutMs ?? this.settings.ringTimeoutMs;
    let events: AmiMessage[];
    try {
      ({ events } = await this.client.actionWithEvent(fields, 'OriginateResponse', {
        ...ORIGINATE_ACTION,
        timeoutMs: ringTimeoutMs + (this.options.originateGraceMs ?? 10_000),
      }));
    } catch (error) {
      if (isAmiError(error, 'E_AMI_ACTION')) {
        this.emitLeg(this.legs.gone(uniqueid, this.now()));
        return {
          status: 'failed',
          reason: 'unavailable',
          dialString,
          originateReason: null,
          message: error.amiMessage ?? 'Originate failed',
        };
      }
      throw error;
    }
    const outcome = events.find((e) => e.event?.toLowerCase() === 'originateresponse');
    const reason = Number(outcome?.get('Reason') ?? 0);
    if (outcome?.get('Response')?.toLowerCase() === 'success') {
      const channel = outcome.get('Channel') ?? dialString;
      this.emitLeg(this.legs.joined(request.conference, channel, uniqueid, this.now()));
      return { status: 'connected', dialString, channel, uniqueid };
    }
    this.emitLeg(this.legs.gone(uniqueid, this.now()));
    const failure = legFailureForReason(reason);
    return {
      status: 'failed',
      reason: failure,
      dialString,
      originateReason: reason,
      message: `originate ${failure}`,
    };
  }

  /** The dial string `callLeg` would use; throws E_AMI_USAGE for an unusable number or endpoint. */
  dialString(request: CallLegRequest): string {
    return dialStringFor(request, this.settings.trunkContext);
  }

  /**
   * Hangs up a channel, named or by its uniqueid: Asterisk takes either in `Channel:`, and the
   * uniqueid (the ChannelId given to Originate) is the only name a leg has before its channel
   * exists under its real name; a dial string is no channel name at all (recording 04).
   * Resolves false when there is no such channel (any more, or yet).
   */
  async hangupLeg(channelOrUniqueid: string): Promise<boolean> {
    return this.absentIsFalse(
      this.client.action({ Action: 'Hangup', Channel: channelOrUniqueid }),
      /^no such channel/i,
    );
  }

  /**
   * Removes a channel (or `all`) from a conference. False when there was nobody to kick: no such
   * room ("No Conference by that name found."), no such member, or no conference on the whole
   * server ("No active conferences.", what Asterisk answers once the last room has ended, 03 and 12).
   */
  async kickFromConference(room: string, channel: string): Promise<boolean> {
    return this.absentIsFalse(
      this.client.action({ Action: 'ConfbridgeKick', Conference: room, Channel: channel }),
      /^no (conference|channel) by that name|^no active conferences/i,
    );
  }

  /** Adds the member to each queue; already being there is fine (its paused state is then set). */
  async queueAdd(
    queues: readonly string[],
    memberInterface: string,
    memberName: string,
    paused: boolean,
    reason?: string,
  ): Promise<void> {
    await this.eachQueue(queues, async (queue) => {
      const fields: AmiActionFields = {
        Action: 'QueueAdd',
        Queue: queue,
        Interface: memberInterface,
        MemberName: memberName,
        StateInterface: memberInterface,
        Paused: paused ? 'true' : 'false',
        Reason: paused ? reason : undefined,
      };
      try {
        await this.client.action(fields, QUEUE_ACTION);
      } catch (error) {
        if (!isAmiError(error, 'E_AMI_ACTION') || !/already there/i.test(error.amiMessage ?? '')) throw error;
        await this.queuePause([queue], memberInterface, paused, reason);
      }
    });
  }

  /** Pauses or resumes the member in the given queues (all its queues when the list is empty). */
  async queuePause(
    queues: readonly string[],
    memberInterface: string,
    paused: boolean,
    reason?: string,
  ): Promise<void> {
    const targets: Array<string | undefined> = queues.length === 0 ? [undefined] : [...queues];
    await this.eachQueue(targets, (queue) =>
      this.client
        .action(
          {
            Action: 'QueuePause',
            Queue: queue,
            Interface: memberInterface,
            Paused: paused ? 'true' : 'false',
            Reason: paused ? reason : undefined,
          },
          QUEUE_ACTION,
        )
        .then(() => undefined),
    );
  }

  /** Removes the member from each queue; not being there is fine. */
  async queueRemove(queues: readonly string[], memberInterface: string): Promise<void> {
    await this.eachQueue(queues, async (queue) => {
      try {
        await this.client.action(
          { Action: 'QueueRemove', Queue: queue, Interface: memberInterface },
          QUEUE_ACTION,
        );
      } catch (error) {
        if (!isAmiError(error, 'E_AMI_ACTION') || !/not there/i.test(error.amiMessage ?? '')) throw error;
      }
    });
  }

  /** Queues and members as Asterisk reports them now. */
  async queueSnapshot(): Promise<QueueSnapshot> {
    const { events } = await this.client.listAction({ Action: 'QueueStatus' }, QUEUE_ACTION);
    return parseQueueStatus(events);
  }

  /** Makes Asterisk's queue membership match `desired`; reports what it did and what failed. */
  async reconcileQueues(desired: readonly DesiredQueueMember[]): Promise<QueueReconcileReport> {
    const snapshot = await this.queueSnapshot();
    const managed = this.options.managedQueues ? new Set(this.options.managedQueues) : undefined;
    const steps = planQueueReconcile(desired, snapshot, managed, this.options.ownsQueueMember);
    const report: QueueReconcileReport = { steps, applied: [], failed: [] };
    for (const step of steps) {
      try {
        if (step.kind === 'add') {
          const m = step.member;
          await this.queueAdd([m.queue], m.interface, m.memberName, m.paused, m.reason);
        } else if (step.kind === 'remove') {
          await this.queueRemove([step.queue], step.interface);
        } else {
          await this.queuePause([step.queue], step.interface, step.paused, step.reason);
        }
        report.applied.push(step);
      } catch (error) {
        if (!(error instanceof AmiError)) throw error;
        report.failed.push({ step, error });
      }
    }
    this.emit('queuesReconciled', report);
    return report;
  }

  /** Polls endpoints and contacts; emits and returns the registration changes found. */
  async checkRegistrations(): Promise<DeviceRegistration[]> {
    const [endpoints, contacts] = await Promise.all([
      this.listOrEmpty({ Action: 'PJSIPShowEndpoints' }),
      this.listOrEmpty({ Action: 'PJSIPShowContacts' }),
    ]);
    const changes = this.registrations.applySnapshot(endpoints, contacts, this.now());
    for (const change of changes) this.emit('deviceRegistration', change);
    return changes;
  }

  /** The registration last reported for each endpoint seen. */
  get deviceRegistrations(): DeviceRegistration[] {
    return this.registrations.current;
  }

  /**
   * After a reconnect, asks each conference with a leg we believe active who is really there:
   * legs gone meanwhile end, legs that joined while we were away connect. A leg still ringing
   * (younger than the ring timeout) is left alone.
   */
  async resyncPhoneLegs(): Promise<PhoneLegEvent[]> {
    const emitted: PhoneLegEvent[] = [];
    const byConference = new Map<string, Array<(typeof this.legs.active)[number]>>();
    for (const leg of this.legs.active) {
      byConference.set(leg.conference, [...(byConference.get(leg.conference) ?? []), leg]);
    }
    const ringing = this.settings.ringTimeoutMs + (this.options.originateGraceMs ?? 10_000);
    for (const [conference, legs] of byConference) {
      const present = await this.listOrEmpty({ Action: 'ConfbridgeList', Conference: conference });
      const ids = new Set(
        present.flatMap((e) => [e.get('Uniqueid'), e.get('Channel')]).filter((v) => v !== undefined),
      );
      for (const leg of legs) {
        const now = this.now();
        let event: PhoneLegEvent | undefined;
        if (ids.has(leg.uniqueid) || ids.has(leg.channel)) {
          const listed = present.find(
            (e) => e.get('Uniqueid') === leg.uniqueid || e.get('Channel') === leg.channel,
          );
          event = this.legs.joined(conference, listed?.get('Channel') ?? leg.channel, leg.uniqueid, now);
        } else if (leg.state === 'connected' || now.getTime() - leg.since.getTime() > ringing) {
          event = this.legs.gone(leg.uniqueid, now);
        }
        if (event) {
          emitted.push(event);
          this.emit('phoneLeg', event);
        }
      }
    }
    return emitted;
  }

  private async syncAfterConnect(): Promise<void> {
    try {
      if (this.options.desiredQueues) {
        const desired = await this.options.desiredQueues();
        await this.reconcileQueues(desired);
      }
    } catch (error) {
      this.warn('E_QUEUE_RECONCILE', 'queue reconcile after connect failed', error);
    }
    try {
      await this.checkRegistrations();
    } catch (error) {
      this.warn('E_REGISTRATION_CHECK', 'registration check after connect failed', error);
    }
    try {
      await this.resyncPhoneLegs();
    } catch (error) {
      this.warn('E_LEG_RESYNC', 'phone leg resync after connect failed', error);
    }
    this.emit('synced', { at: this.now() });
  }

  private onLegEvent(event: AmiMessage): void {
    const name = (event.event ?? '').toLowerCase();
    const channel = event.get('Channel') ?? '';
    const uniqueid = event.get('Uniqueid') ?? '';
    if (!uniqueid) return;
    const conference = event.get('Conference') ?? '';
    const now = this.now();
    if (name === 'confbridgejoin') this.emitLeg(this.legs.joined(conference, channel, uniqueid, now));
    else if (name === 'confbridgeleave') this.emitLeg(this.legs.left(conference, channel, uniqueid, now));
    else if (name === 'hangup') this.emitLeg(this.legs.hungUp(channel, uniqueid, now));
  }

  private emitLeg(event: PhoneLegEvent | undefined): void {
    if (event) this.emit('phoneLeg', event);
  }

  /** A list action whose "nothing found" error means an empty list. */
  private async listOrEmpty(fields: AmiActionFields): Promise<AmiMessage[]> {
    try {
      const { events } = await this.client.listAction(fields);
      return events.filter((e) => !isListComplete(e));
    } catch (error) {
      if (isAmiError(error, 'E_AMI_ACTION') && /^no .*(found|conferences)/i.test(error.amiMessage ?? ''))
        return [];
      throw error;
    }
  }

  private async absentIsFalse(action: Promise<unknown>, absent: RegExp): Promise<boolean> {
    try {
      await action;
      return true;
    } catch (error) {
      if (isAmiError(error, 'E_AMI_ACTION') && absent.test(error.amiMessage ?? '')) return false;
      throw error;
    }
  }

  /** Runs one action per queue concurrently; throws the first failure after all have settled. */
  private async eachQueue<Q>(queues: readonly Q[], run: (queue: Q) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(queues.map((q) => run(q)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private warn(code: string, message: string, error: unknown): void {
    this.emit('warning', { code, message, error });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function isListComplete(event: AmiMessage): boolean {
  return (event.get('EventList') ?? '').toLowerCase() === 'complete';
}
