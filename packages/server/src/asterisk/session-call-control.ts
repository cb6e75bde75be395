import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AgentSession } from '../domain/agent-session.ts';
import type { Services } from '../domain/create-services.ts';
import { DomainError, isDomainError } from '../domain/domain-error.ts';
import type { DomainEvent } from '../domain/event-bus.ts';
import type { AmiClient } from './ami-client.ts';
import type { AmiStatus, AmiStatusChange } from './ami-client-options.ts';
import { isAmiError } from './ami-error.ts';
import { AsteriskControl, type AsteriskControlOptions } from './asterisk-control.ts';
import type { AsteriskStore, LegAttemptFailure, PhoneLegAttempt } from './asterisk-store.ts';
import type { CallLegRequest, LegInterface } from './call-leg.ts';
import type { DeviceRegistration } from './device-registration-tracker.ts';
import type { PhoneLegEvent } from './phone-leg-tracker.ts';
import type { DesiredQueueMember } from './queue-reconcile.ts';

/**
 * Asterisk follows the agents' sessions: a session that starts on an internal, phone or mobile
 * interface gets its phone called into the session's conference; a session that ends has its leg
 * hung up and its conference emptied; queue membership follows start / ready / pause / end; phone
 * legs and device registrations Asterisk reports land in the database.
 *
 * Several nodes: every node hears every session event (PostgreSQL LISTEN/NOTIFY) and every AMI
 * event. Calling a phone is deduplicated by uniqueid through the database: a node first claims the
 * session's phone leg with a fresh uniqueid (`claimPhoneLeg`, an atomic guarded update) and only
 * the node whose claim landed originates, so the phone rings once. Everything else is idempotent
 * (queue actions, hang-ups of a channel already gone, leg updates guarded by uniqueid,
 * registrations), so every node may apply it.
 */

/** `off` when no AMI URL is configured; otherwise the AMI connection's state. */
export type AsteriskStatus = 'off' | AmiStatus;

export interface AsteriskStatusChange {
  status: AsteriskStatus;
  previous: AsteriskStatus;
  at: Date;
  /** Why the connection was lost or the last attempt failed (never a secret). */
  error?: { code: string; message: string };
}

/** What came of calling the agent's phone. */
export type SessionLegOutcome =
  | { status: 'connected'; uniqueid: string; channel: string }
  | { status: 'failed'; uniqueid: string; reason: LegAttemptFailure; message: string }
  /** Not called: a leg is already up (or another node claimed it first), or the session ended. */
  | { status: 'skipped'; reason: 'leg_exists' | 'no_session' };

export interface SessionCallControlWarning {
  code: string;
  message: string;
  sessionId?: number;
  error?: unknown;
}

export interface SessionCallControlEvents {
  status: [AsteriskStatusChange];
  /** An attempt to call an agent's phone finished; the database already says so. */
  legOutcome: [{ sessionId: number; outcome: SessionLegOutcome }];
  warning: [SessionCallControlWarning];
}

export interface SessionCallControlOptions {
  services: Services;
  client: AmiClient;
  store: AsteriskStore;
  /** Everything but the queue hooks, which this service provides. */
  control: Omit<AsteriskControlOptions, 'desiredQueues' | 'ownsQueueMember'>;
  /**
   * Queue members are `Local/<conference>@<queueContext>/n`: a queue call for the agent joins the
   * agent's conference through that context. Default `callgate-queue`.
   */
  queueContext?: string;
}

const CALLED_INTERFACES = new Set<string>(['internal', 'phone', 'mobile']);
const CANCELLED = 'the session ended before the phone answered';
const ROOM = /^[A-Za-z0-9_-]+$/;

export class SessionCallControl extends EventEmitter<SessionCallControlEvents> {
  readonly control: AsteriskControl;
  private readonly services: Services;
  private readonly client: AmiClient;
  private readonly store: AsteriskStore;
  private readonly queueContext: string;
  private readonly memberPattern: RegExp;
  private readonly unsubscribe: Array<() => void> = [];
  /** Uniqueids this node is originating: their outcome is handled by the call, not the events. */
  private readonly originating = new Set<string>();
  /**
   * Legs this node is calling whose session ended before they answered: hung up the moment
   * Asterisk has their channel (at once if it has it already, else at its Newchannel).
   */
  private readonly cancelled = new Set<string>();
  /** Per session, queue actions in order (QueueAdd must land before the QueuePause after it). */
  private readonly queueChains = new Map<number, Promise<void>>();
  /** Work started by events, awaited by stop() so nothing runs against a closed database. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Hang-ups that failed because AMI was down; retried after the next reconnect. */
  private readonly pendingHangups = new Map<string, { room: string; channel: string | null }>();
  private legChain: Promise<void> = Promise.resolve();
  private started = false;

  constructor(options: SessionCallControlOptions) {
    super();
    this.services = options.services;
    this.client = options.client;
    this.store = options.store;
    this.queueContext = options.queueContext ?? 'callgate-queue';
    if (!ROOM.test(this.queueContext)) {
      throw new DomainError('E_VALIDATION', `invalid queue context ${JSON.stringify(this.queueContext)}`);
    }
    this.memberPattern = new RegExp(`^Local/[0-9]+@${this.queueContext}/n$`);
    this.control = new AsteriskControl(this.client, {
      ...options.control,
      desiredQueues: () => this.desiredQueues(),
      ownsQueueMember: (iface) => this.memberPattern.test(iface),
    });
  }

  /** Starts listening to session events and to Asterisk. Does not start the AMI client. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe.push(this.services.events.subscribe((event) => this.onDomainEvent(event)));
    // One at a time, in arrival order: a Leave must not overtake the Join it closes.
    const onLeg = (e: PhoneLegEvent) => {
      this.legChain = this.legChain
        .then(() => this.onPhoneLeg(e))
        .catch((err: unknown) => {
          this.warn('E_LEG_EVENT', 'phone leg update failed', err);
        });
      this.track(this.legChain, 'E_LEG_EVENT');
    };
    const onRegistration = (r: DeviceRegistration) => this.track(this.onRegistration(r), 'E_REGISTRATION');
    const onSynced = () => this.track(this.afterSync(), 'E_AFTER_SYNC');
    const onStatus = (change: AmiStatusChange) => {
      const out: AsteriskStatusChange = { status: change.status, previous: change.previous, at: change.at };
      if (change.error) out.error = { code: change.error.code, message: change.error.message };
      this.emit('status', out);
    };
    this.control.on('phoneLeg', onLeg);
    this.control.on('deviceRegistration', onRegistration);
    this.control.on('synced', onSynced);
    const onWarning = (w: SessionCallControlWarning) => this.emit('warning', w);
    this.control.on('warning', onWarning);
    this.client.on('status', onStatus);
    const offNewChannel = this.client.onEvent('Newchannel', (e) => {
      const uniqueid = e.get('Uniqueid');
      if (uniqueid !== undefined && this.cancelled.has(uniqueid)) {
        this.track(this.control.hangupLeg(uniqueid), 'E_HANGUP');
      }
    });
    this.unsubscribe.push(
      () => this.control.off('phoneLeg', onLeg),
      () => this.control.off('deviceRegistration', onRegistration),
      () => this.control.off('synced', onSynced),
      () => this.control.off('warning', onWarning),
      () => this.client.off('status', onStatus),
      offNewChannel,
    );
    this.control.start();
  }

  /** Stops listening and waits for work in progress (a ringing phone: up to the ring timeout). */
  async stop(): Promise<void> {
    this.control.stop();
    for (const off of this.unsubscribe.splice(0)) off();
    this.started = false;
    await this.idle();
  }

  /** Resolves when the work started so far (by events or calls) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  asteriskStatus(): AsteriskStatus {
    return this.client.status;
  }

  /** The session's last attempt to call the agent's phone (what the console shows after a failure). */
  lastLegAttempt(sessionId: number): Promise<PhoneLegAttempt | undefined> {
    return this.store.lastLegAttempt(sessionId);
  }

  /**
   * "Call me again": calls the agent's phone into the open session's conference. Throws
   * E_NO_SESSION (no open session), E_VALIDATION (a dial-in session: the agent calls us) or
   * E_STATE (a leg is already up); resolves when the phone answered or the attempt failed.
   */
  async callAgainSession(sessionId: number): Promise<SessionLegOutcome> {
    const session = await this.services.sessions.get(sessionId).catch((err: unknown) => {
      if (isDomainError(err, 'E_NOT_FOUND')) throw new DomainError('E_NO_SESSION', `No session ${sessionId}`);
      throw err;
    });
    if (session.endedAt !== null) throw new DomainError('E_NO_SESSION', `Session ${sessionId} has ended`);
    if (!CALLED_INTERFACES.has(session.interface)) {
      throw new DomainError('E_VALIDATION', 'Dial-in sessions are not called: the agent dials in');
    }
    if (session.phoneLeg !== 'none') {
      throw new DomainError('E_STATE', 'The phone leg is already up; hang it up first');
    }
    return this.tracked(this.callSessionLeg(session));
  }

  /** Queue membership wanted now: one member per open session per queue of its agent. */
  async desiredQueues(): Promise<DesiredQueueMember[]> {
    const [sessions, queuesByAgent, agents] = await Promise.all([
      this.services.sessions.listOpen(),
      this.store.queuesByAgent(),
      this.services.agents.list(),
    ]);
    const names = new Map(agents.map((a) => [a.id, a.name]));
    const out: DesiredQueueMember[] = [];
    for (const s of sessions) {
      for (const queue of queuesByAgent.get(s.agentId) ?? []) {
        const member: DesiredQueueMember = {
          queue,
          interface: this.memberInterface(s),
          memberName: names.get(s.agentId) ?? String(s.agentId),
          paused: s.state === 'paused',
        };
        if (s.state === 'paused' && s.pauseCode) member.reason = s.pauseCode;
        out.push(member);
      }
    }
    return out;
  }

  /** The queue member interface of a session. */
  memberInterface(session: Pick<AgentSession, 'conference'>): string {
    return `Local/${session.conference}@${this.queueContext}/n`;
  }

  private onDomainEvent(event: DomainEvent): void {
    if (event.type === 'session.started') {
      const session = event.session;
      this.queueWork(session, 'E_QUEUE_ADD', () => this.applyQueueState(session, 'add'));
      if (CALLED_INTERFACES.has(session.interface)) this.track(this.callSessionLeg(session), 'E_CALL_LEG');
    } else if (event.type === 'session.changed') {
      const session = event.session;
      if (session.state === 'in_call') return; // Asterisk's queue knows the member is busy
      this.queueWork(session, 'E_QUEUE_PAUSE', () => this.applyQueueState(session, 'pause'));
    } else if (event.type === 'session.ended') {
      const session = event.session;
      const ringing = session.phoneLeg === 'calling' ? session.phoneUniqueid : null;
      if (ringing !== null && this.originating.has(ringing)) this.cancelled.add(ringing);
      this.track(this.clearConference(session), 'E_HANGUP');
      this.queueWork(session, 'E_QUEUE_REMOVE', async () => {
        const queues = await this.store.agentQueues(session.agentId);
        if (queues.length > 0) await this.control.queueRemove(queues, this.memberInterface(session));
      });
    }
  }

  /** Adds the member (paused as the session is) or sets its pause state; adds it when missing. */
  private async applyQueueState(session: AgentSession, how: 'add' | 'pause'): Promise<void> {
    const queues = await this.store.agentQueues(session.agentId);
    if (queues.length === 0) return;
    const iface = this.memberInterface(session);
    const paused = session.state === 'paused';
    const reason = paused ? (session.pauseCode ?? undefined) : undefined;
    const add = async () => {
      const agent = await this.services.agents.get(session.agentId);
      await this.control.queueAdd(queues, iface, agent.name, paused, reason);
    };
    if (how === 'add') return add();
    try {
      await this.control.queuePause(queues, iface, paused, reason);
    } catch (err) {
      // Not a member (queues changed since login, or Asterisk restarted): add it as it should be.
      if (!isAmiError(err, 'E_AMI_ACTION') || !/not found/i.test(err.amiMessage ?? '')) throw err;
      await add();
    }
  }

  /** Calls the agent's phone for the session; claims the leg first so only one node rings it. */
  private async callSessionLeg(session: AgentSession): Promise<SessionLegOutcome> {
    const uniqueid = randomUUID();
    const iface = session.interface as LegInterface;
    const now = () => this.services.clock.now();
    let request: CallLegRequest;
    let dialString: string;
    try {
      request = await this.legRequest(session);
      dialString = this.control.dialString(request);
    } catch (err) {
      // No usable number or phone: nothing can ring, and the console should say why.
      if (!isAmiError(err, 'E_AMI_USAGE') && !isDomainError(err)) throw err;
      await this.store.recordLegAttempt({
        sessionId: session.id,
        uniqueid,
        interface: iface,
        dialString: '',
        at: now(),
      });
      return this.finishFailed(session.id, uniqueid, 'error', errorMessage(err));
    }
    if (this.client.status !== 'connected') {
      // Nothing rings; recorded so the console can say why and offer "call me again".
      await this.store.recordLegAttempt({
        sessionId: session.id,
        uniqueid,
        interface: iface,
        dialString,
        at: now(),
      });
      return this.finishFailed(session.id, uniqueid, 'ami_down', `Asterisk is ${this.client.status}`);
    }
    // Known as ours before the claim lands, so a session that ends meanwhile cancels the call.
    this.originating.add(uniqueid);
    try {
      const claim = await this.services.sessions.claimPhoneLeg(session.id, {
        channel: dialString,
        uniqueid,
        state: 'calling',
      });
      if (!claim.ok) {
        const outcome: SessionLegOutcome = { status: 'skipped', reason: claim.reason };
        this.emit('legOutcome', { sessionId: session.id, outcome });
        return outcome;
      }
      await this.store.recordLegAttempt({
        sessionId: session.id,
        uniqueid,
        interface: iface,
        dialString,
        at: now(),
      });
      if (this.cancelled.has(uniqueid)) {
        return await this.finishFailed(session.id, uniqueid, 'cancelled', CANCELLED);
      }
      let result: Awaited<ReturnType<AsteriskControl['callLeg']>>;
      try {
        result = await this.control.callLeg({ ...request, uniqueid });
      } catch (err) {
        // Whatever became of the Originate itself, a call whose session ended was cancelled.
        if (this.cancelled.has(uniqueid)) {
          return await this.finishFailed(session.id, uniqueid, 'cancelled', CANCELLED);
        }
        const reason: LegAttemptFailure = isAmiError(err, 'E_AMI_DOWN') ? 'ami_down' : 'error';
        return await this.finishFailed(session.id, uniqueid, reason, errorMessage(err));
      }
      if (result.status === 'failed') {
        // A leg we hung up because its session ended fails with Reason 0: say why instead.
        if (this.cancelled.has(uniqueid)) {
          return await this.finishFailed(session.id, uniqueid, 'cancelled', CANCELLED);
        }
        return await this.finishFailed(session.id, uniqueid, result.reason, result.message);
      }
      await this.store.finishLegAttempt(uniqueid, { status: 'connected', at: now() });
      const connected = await this.recordConnected(session.id, uniqueid, result.channel);
      if (!connected) {
        // The session ended (or the leg was replaced) while the phone rang: nobody wants this call.
        await this.control.hangupLeg(uniqueid).catch(() => false);
      }
      const outcome: SessionLegOutcome = { status: 'connected', uniqueid, channel: result.channel };
      this.emit('legOutcome', { sessionId: session.id, outcome });
      return outcome;
    } finally {
      this.originating.delete(uniqueid);
      this.cancelled.delete(uniqueid);
    }
  }

  /** The attempt is marked failed before the leg is released, so the console reads the reason. */
  private async finishFailed(
    sessionId: number,
    uniqueid: string,
    reason: LegAttemptFailure,
    message: string,
  ): Promise<SessionLegOutcome> {
    await this.store.finishLegAttempt(uniqueid, {
      status: 'failed',
      reason,
      message,
      at: this.services.clock.now(),
    });
    await this.services.sessions.releasePhoneLeg(sessionId, uniqueid);
    const outcome: SessionLegOutcome = { status: 'failed', uniqueid, reason, message };
    this.emit('legOutcome', { sessionId, outcome });
    return outcome;
  }

  /** Records the real channel name (for the hang-up at logout), then marks the leg connected. */
  private async recordConnected(sessionId: number, uniqueid: string, channel: string): Promise<boolean> {
    // The sessions service has no "rename channel" step: a guarded update, published by connectPhoneLeg.
    await this.services.store.sessions.update(
      sessionId,
      { phoneChannel: channel },
      { open: true, phoneUniqueid: uniqueid, phoneLegs: ['calling'] },
    );
    if (await this.services.sessions.connectPhoneLeg(sessionId, uniqueid)) return true;
    const now = await this.services.sessions.get(sessionId);
    return now.endedAt === null && now.phoneUniqueid === uniqueid && now.phoneLeg === 'connected';
  }

  private async legRequest(session: AgentSession): Promise<CallLegRequest> {
    const common = { sessionId: session.id, conference: String(session.conference) };
    const agent = await this.services.agents.get(session.agentId);
    switch (session.interface) {
      case 'internal':
        return { ...common, interface: 'internal', agentUserId: agent.userId };
      case 'phone': {
        if (session.deviceId === null) throw new DomainError('E_DEVICE_REQUIRED', 'The session has no phone');
        const device = await this.services.devices.get(session.deviceId);
        return { ...common, interface: 'phone', endpoint: device.endpoint };
      }
      case 'mobile':
        if (!agent.mobileNumber) throw new DomainError('E_VALIDATION', 'The agent has no mobile number');
        return { ...common, interface: 'mobile', mobileNumber: agent.mobileNumber };
      default:
        throw new DomainError('E_VALIDATION', 'Dial-in sessions are not called: the agent dials in');
    }
  }

  /**
   * Hangs up the session's leg (whatever its kind) and empties its conference for the next session.
   * A leg Callgate called is hung up by its uniqueid (the Originate's ChannelId): while it rings,
   * its recorded channel is only the dial string, which Asterisk does not know (recordings 04, 21).
   * A dial-in leg is hung up by the channel name the AGI recorded (23).
   */
  private clearConference(session: AgentSession): Promise<void> {
    let target: string | null = null;
    if (session.phoneLeg !== 'none') {
      target =
        CALLED_INTERFACES.has(session.interface) && session.phoneUniqueid
          ? session.phoneUniqueid
          : session.phoneChannel;
    }
    return this.hangUpRoom(String(session.conference), target);
  }

  private async hangUpRoom(room: string, channel: string | null): Promise<void> {
    try {
      if (channel) await this.control.hangupLeg(channel);
      await this.control.kickFromConference(room, 'all');
      this.pendingHangups.delete(room);
    } catch (err) {
      if (!isAmiError(err, 'E_AMI_DOWN')) throw err;
      this.pendingHangups.set(room, { room, channel });
    }
  }

  /** After a reconnect: hang-ups missed while down, and calls that failed only because AMI was down. */
  private async afterSync(): Promise<void> {
    for (const { room, channel } of [...this.pendingHangups.values()]) {
      const open = (await this.services.sessions.listOpen()).some((s) => String(s.conference) === room);
      if (open)
        this.pendingHangups.delete(room); // the room is someone else's now
      else await this.hangUpRoom(room, channel);
    }
    for (const session of await this.services.sessions.listOpen()) {
      if (!CALLED_INTERFACES.has(session.interface) || session.phoneLeg !== 'none') continue;
      const last = await this.store.lastLegAttempt(session.id);
      if (last?.status === 'failed' && last.reason === 'ami_down') {
        this.track(this.callSessionLeg(session), 'E_CALL_LEG');
      }
    }
  }

  /** Legs Asterisk reports: ended ones are released; joins the AGI did not record are claimed. */
  private async onPhoneLeg(e: PhoneLegEvent): Promise<void> {
    if (this.originating.has(e.uniqueid)) return;
    // Conferences outside the session range are not Callgate's (a PBX may host others).
    const room = Number(e.conference);
    const { first, last } = this.services.config.conferenceRange;
    if (e.state === 'connected' && e.sessionId === undefined && !(room >= first && room <= last)) return;
    const open = await this.services.sessions.listOpen();
    if (e.state === 'ended') {
      const session = open.find((s) => s.phoneUniqueid === e.uniqueid);
      if (session) await this.services.sessions.releasePhoneLeg(session.id, e.uniqueid);
      return;
    }
    if (e.state !== 'connected') return;
    const session =
      e.sessionId !== undefined
        ? open.find((s) => String(s.id) === e.sessionId)
        : open.find((s) => String(s.conference) === e.conference);
    if (!session) return;
    if (session.phoneUniqueid === e.uniqueid) {
      if (session.phoneLeg === 'calling') await this.recordConnected(session.id, e.uniqueid, e.channel);
      return;
    }
    // Another channel in the room while the agent's leg is up is a caller, not the agent.
    if (session.phoneLeg !== 'none') return;
    await this.services.sessions.claimPhoneLeg(session.id, {
      channel: e.channel,
      uniqueid: e.uniqueid,
      state: 'connected',
    });
  }

  private async onRegistration(r: DeviceRegistration): Promise<void> {
    try {
      await this.services.devices.setRegistration(r.endpoint, {
        registered: r.registered,
        contact: r.contact,
      });
    } catch (err) {
      // Agents' own accounts (PJSIP/<user id>) and phones Callgate does not know are not devices.
      if (!isDomainError(err, 'E_NOT_FOUND')) throw err;
    }
  }

  private queueWork(session: AgentSession, code: string, work: () => Promise<void>): void {
    const before = this.queueChains.get(session.id) ?? Promise.resolve();
    const next = before.then(work).catch((err: unknown) => {
      // While AMI is down nothing is lost: the reconcile after the reconnect applies desiredQueues().
      if (!isAmiError(err, 'E_AMI_DOWN')) this.warn(code, 'queue action failed', err, session.id);
    });
    this.queueChains.set(session.id, next);
    this.track(
      next.finally(() => {
        if (this.queueChains.get(session.id) === next) this.queueChains.delete(session.id);
      }),
      code,
    );
  }

  private tracked<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.then(
      () => this.pending.delete(work),
      () => this.pending.delete(work),
    );
    return work;
  }

  private track(work: Promise<unknown>, code: string): void {
    this.tracked(work).catch((err: unknown) => this.warn(code, 'Asterisk follow-up failed', err));
  }

  private warn(code: string, message: string, error: unknown, sessionId?: number): void {
    const warning: SessionCallControlWarning = { code, message, error };
    if (sessionId !== undefined) warning.sessionId = sessionId;
    this.emit('warning', warning);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
