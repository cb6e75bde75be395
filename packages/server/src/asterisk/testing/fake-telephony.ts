import type { AmiActionFields } from '../ami-encode.ts';
import { FakeChannel, type FakeChannelState, type FakeHangupCause, HANGUP_CAUSES } from './fake-channel.ts';
import type { FakeClock } from './fake-clock.ts';
import { FakeConferences } from './fake-conference.ts';
import { type FakeOriginateScenario, ORIGINATE_REASON_CODES } from './fake-originate-scenario.ts';

/** An Originate as the fake received it. */
export interface FakeOriginateRequest {
  actionId: string | undefined;
  /** `Channel:` — the dial string (`Local/<exten>@<context>/n`, `PJSIP/<endpoint>`). */
  dial: string;
  application: string | undefined;
  data: string | undefined;
  context: string | undefined;
  exten: string | undefined;
  /** `Timeout:` in ms (Asterisk's default 30 s). */
  timeoutMs: number;
  channelId: string | undefined;
  otherChannelId: string | undefined;
  callerId: { num: string; name: string } | undefined;
}

export interface FakeTelephonyOptions {
  emit: (fields: AmiActionFields) => void;
  clock: FakeClock;
  /** The dialplan context of a PJSIP endpoint (what its Newchannel shows). */
  endpointContext: (endpoint: string) => string;
}

/** What a Hangup action found. */
export type FakeHangupResult = 'hung-up' | 'regex' | 'not-found';

/**
 * The channels of the fake Asterisk and what happens to them: Originate legs (Local pairs and PJSIP
 * channels) that answer, refuse or ring out; hang-ups by name, uniqueid or /regex/; ConfBridge
 * rooms. Each sequence of events is the one the lab recorded for that case (see
 * fake-originate-scenario.ts); cases never recorded follow the nearest recorded one and say so.
 */
export class FakeTelephony {
  readonly conferences: FakeConferences;
  /** Live channels by name. */
  readonly channels = new Map<string, FakeChannel>();
  /** Next channel-name counter per technology (`Local`, `PJSIP`); Asterisk keeps one per driver. */
  readonly counters = new Map<string, number>();
  private readonly emit: (fields: AmiActionFields) => void;
  private readonly clock: FakeClock;
  private readonly endpointContext: (endpoint: string) => string;
  /** Legs whose OriginateResponse has not been sent yet. */
  private readonly pendingOriginates = new Map<FakeChannel, FakeOriginateRequest>();
  private uniqueSeq = 1;

  constructor(options: FakeTelephonyOptions) {
    this.emit = options.emit;
    this.clock = options.clock;
    this.endpointContext = options.endpointContext;
    this.conferences = new FakeConferences(options.emit);
  }

  /** A channel by name or uniqueid (what Asterisk accepts in `Channel:`). */
  find(nameOrUniqueid: string): FakeChannel | undefined {
    const byName = this.channels.get(nameOrUniqueid);
    if (byName) return byName;
    for (const channel of this.channels.values()) if (channel.isNamed(nameOrUniqueid)) return channel;
    return undefined;
  }

  /**
   * A channel that came from elsewhere (a dial-in caller's leg, a SIP phone) sitting in a room: it
   * joins at once (ConfbridgeStart/Join as usual) without the events of how it got there.
   */
  placeInConference(room: string, leg: { channel: string; uniqueid: string; context?: string }): FakeChannel {
    const channel = new FakeChannel({
      name: leg.channel,
      uniqueid: leg.uniqueid,
      state: 'up',
      context: leg.context ?? 'default',
      exten: 's',
    });
    this.channels.set(channel.name, channel);
    this.conferences.join(room, channel);
    return channel;
  }

  /** Starts an Originate; the response ("successfully queued") is the caller's to send. */
  originate(request: FakeOriginateRequest, scenario: FakeOriginateScenario): void {
    if (scenario.outcome === 'unavailable') {
      // 19: no channel is created; Failure with Reason 0 and the ChannelId as Uniqueid.
      this.clock.later(scenario.delayMs ?? 0, () => this.originateResponse(request, undefined, false, 0));
      return;
    }
    const local = /^Local\/([^@/]+)@([^/]+)(\/n)?$/.exec(request.dial);
    if (local) this.originateLocal(request, scenario, local[1] ?? '', local[2] ?? '');
    else this.originatePjsip(request, scenario);
  }

  /** Hangup action: by name, by uniqueid, or every channel matching `/regex/`. */
  hangup(target: string, cause: FakeHangupCause = 'normal'): FakeHangupResult {
    const regex = /^\/(.*)\/$/.exec(target);
    if (regex) {
      const pattern = new RegExp(regex[1] ?? '');
      // 03: Success with `EventList: start`, then the channels' own events (no list events recorded).
      for (const channel of [...this.channels.values()].filter((c) => pattern.test(c.name)))
        this.hangupChannel(channel, cause);
      return 'regex';
    }
    const channel = this.find(target);
    if (!channel) return 'not-found';
    this.hangupChannel(channel, cause);
    return 'hung-up';
  }

  /**
   * ConfbridgeKick: the member leaves its room. A leg Originate sent into ConfBridge then hangs up
   * (its application returned); a leg from elsewhere (a dial-in AGI) lives on in its dialplan.
   */
  kick(channel: FakeChannel): void {
    if (channel.room !== undefined) this.conferences.leave(channel);
    if (channel.originated) this.hangupChannel(channel, 'normal');
  }

  /** Forgets every channel and room (an Asterisk restart). */
  reset(): void {
    for (const channel of this.channels.values()) for (const p of channel.pending.splice(0)) p.cancel();
    this.channels.clear();
    this.conferences.rooms.clear();
  }

  private nextName(tech: string): string {
    const n = this.counters.get(tech) ?? 1;
    this.counters.set(tech, n + 1);
    return n.toString(16).padStart(8, '0');
  }

  private nextUniqueid(): string {
    return `1795342966.${this.uniqueSeq++}`;
  }

  private add(channel: FakeChannel): FakeChannel {
    this.channels.set(channel.name, channel);
    this.emit({ Event: 'Newchannel', Privilege: 'call,all', ...channel.fields() });
    return channel;
  }

  private setState(channel: FakeChannel, state: FakeChannelState): void {
    channel.state = state;
    this.emit({ Event: 'Newstate', Privilege: 'call,all', ...channel.fields() });
  }

  private dialEvent(
    name: 'DialBegin' | 'DialState' | 'DialEnd',
    dest: FakeChannel,
    extra: AmiActionFields,
  ): void {
    this.emit({ Event: name, Privilege: 'call,all', ...dest.fields('Dest'), ...extra });
  }

  private schedule(channel: FakeChannel, delayMs: number, step: () => void): void {
    const timer = this.clock.later(delayMs, () => {
      channel.pending.splice(channel.pending.indexOf(timer), 1);
      if (!channel.hungUp) step();
    });
    channel.pending.push(timer);
  }

  /** Sets the caller ID the Originate asked for (34: NewCallerid and NewConnectedLine on both halves). */
  private applyCallerId(request: FakeOriginateRequest, channels: FakeChannel[]): void {
    const id = request.callerId;
    if (!id) return;
    for (const channel of channels) {
      channel.callerIdNum = id.num;
      channel.callerIdName = id.name;
      this.emit({
        Event: 'NewCallerid',
        Privilege: 'call,all',
        ...channel.fields(),
        ConnectedLineNum: channel === channels[0] ? '<unknown>' : id.num,
        ConnectedLineName: channel === channels[0] ? '<unknown>' : id.name,
        'CID-CallingPres': '0 (Presentation Allowed, Not Screened)',
      });
      channel.connectedLine = { num: id.num, name: id.name };
      this.emit({ Event: 'NewConnectedLine', Privilege: 'call,all', ...channel.fields() });
    }
  }

  private originateResponse(
    request: FakeOriginateRequest,
    leg: FakeChannel | undefined,
    success: boolean,
    reason: number,
  ): void {
    if (leg) this.pendingOriginates.delete(leg);
    this.emit({
      Event: 'OriginateResponse',
      Privilege: 'call,all',
      ActionID: request.actionId,
      Response: success ? 'Success' : 'Failure',
      // A failed Originate names the dial string, a successful one the channel (13 vs 11).
      Channel: success && leg ? leg.name : request.dial,
      Context: request.application ? undefined : request.context,
      Exten: request.application ? undefined : request.exten,
      Application: request.application,
      Data: request.application ? (request.data ?? '') : undefined,
      Reason: reason,
      Uniqueid: leg?.uniqueid ?? request.channelId ?? '<null>',
      CallerIDNum: request.callerId?.num ?? '<unknown>',
      CallerIDName: request.callerId?.name ?? '<unknown>',
    });
  }

  /** After the answer: an Application ConfBridge leg joins its room (the room is Data's first field). */
  private runApplication(request: FakeOriginateRequest, channel: FakeChannel): void {
    if ((request.application ?? '').toLowerCase() !== 'confbridge') return;
    const room = (request.data ?? '').split(',')[0] ?? '';
    if (room === '') return;
    channel.originated = true;
    this.conferences.join(room, channel);
  }

  private originateLocal(
    request: FakeOriginateRequest,
    scenario: FakeOriginateScenario,
    exten: string,
    context: string,
  ): void {
    const base = `Local/${exten}@${context}-${this.nextName('Local')}`;
    const uniqueid = request.channelId ?? this.nextUniqueid();
    const one = this.add(new FakeChannel({ name: `${base};1`, uniqueid, context, exten }));
    const two = this.add(
      new FakeChannel({
        name: `${base};2`,
        uniqueid: request.otherChannelId ?? (request.channelId ? `${uniqueid};2` : this.nextUniqueid()),
        linkedid: uniqueid,
        state: 'ring',
        context,
        exten,
      }),
    );
    one.peer = two;
    two.peer = one;
    this.pendingOriginates.set(one, request);
    this.applyCallerId(request, [one, two]);
    this.dialEvent('DialBegin', one, { DialString: request.dial.replace(/^Local\//, '') });
    // The lab stand-ins run NoOp at priority 1 and their application at 2 (labMobileScenario).
    two.priority = 2;
    const delay = scenario.delayMs ?? 0;
    const answer = () => {
      // 11, 22: the ;2 half answers, the ;1 half is up, the Dial and the Originate succeed.
      this.setState(two, 'up');
      this.setState(one, 'up');
      this.answered(request, scenario, one);
    };
    const ring = () => {
      this.setState(one, 'ringing');
      this.dialEvent('DialState', one, { DialStatus: 'RINGING' });
      two.priority = 3;
    };
    switch (scenario.outcome) {
      case 'answer':
        if (!scenario.ringing) {
          this.schedule(one, delay, answer);
          return;
        }
        // 22 (559…): Ringing() at 2, Wait(8) at 3, Answer() at 4.
        ring();
        this.schedule(one, delay, () => {
          two.priority = 4;
          answer();
        });
        return;
      case 'busy':
        // 13: Busy() at 2.
        this.schedule(one, delay, () => {
          this.setState(two, 'busy');
          this.dialEvent('DialEnd', one, { DialStatus: 'BUSY' });
          this.end(two, { request: 'unknown', soft: true, cause: 'busy' });
          this.originateResponse(request, one, false, 5);
          this.end(one, { cause: 'unknown' });
        });
        return;
      case 'congestion':
        // 16: Congestion() at 2.
        this.schedule(one, delay, () => {
          this.setState(two, 'busy');
          this.originateResponse(request, one, false, 8);
          this.dialEvent('DialEnd', one, { DialStatus: 'CONGESTION' });
          this.hangupRequest(two, 'unknown');
          this.end(one, { cause: 'unknown' });
          this.end(two, { soft: true, cause: 'congestion' });
        });
        return;
      case 'noanswer':
        if (scenario.ringing) {
          // 14 (556…): Ringing() at 2, Wait(600) at 3, until the Originate's Timeout.
          ring();
          this.schedule(one, scenario.delayMs ?? request.timeoutMs, () => {
            this.hangupRequest(two, 'noAnswer');
            this.originateResponse(request, one, false, 3);
            this.end(one, { cause: 'noAnswer' });
            this.end(two, { soft: true, cause: 'noAnswer' });
          });
          return;
        }
        // 15 (557…): Wait(600) at 2 and no ringing; the Timeout ends ;2, then ;1, then the Originate.
        this.schedule(one, scenario.delayMs ?? request.timeoutMs, () => {
          this.end(two, { request: 'noAnswer', soft: true, cause: 'noAnswer' });
          this.end(one, { cause: 'noAnswer' });
          this.originateResponse(request, one, false, 3);
        });
        return;
      default:
        return;
    }
  }

  /** PJSIP legs (19): a registered phone rings unanswered; other outcomes follow the Local leg. */
  private originatePjsip(request: FakeOriginateRequest, scenario: FakeOriginateScenario): void {
    const [tech = 'PJSIP', endpoint = ''] = request.dial.split('/');
    const one = this.add(
      new FakeChannel({
        name: `${tech}/${endpoint}-${this.nextName(tech)}`,
        uniqueid: request.channelId ?? this.nextUniqueid(),
        context: this.endpointContext(endpoint),
        exten: 's',
      }),
    );
    one.deviceName = `${tech}/${endpoint}`;
    this.pendingOriginates.set(one, request);
    this.applyCallerId(request, [one]);
    this.dialEvent('DialBegin', one, { DialString: endpoint });
    if (scenario.ringing ?? scenario.outcome === 'noanswer') {
      this.setState(one, 'ringing');
      this.dialEvent('DialState', one, { DialStatus: 'RINGING' });
      this.device(one, 'RINGING');
    }
    const delay = scenario.delayMs ?? 0;
    switch (scenario.outcome) {
      case 'answer':
        // Not recorded for PJSIP: as the Local leg of 11, the device in use.
        this.schedule(one, delay, () => {
          this.setState(one, 'up');
          this.device(one, 'INUSE');
          this.answered(request, scenario, one);
        });
        return;
      case 'noanswer':
        // 19: Reason 3 at the Timeout, then the channel's Hangup (cause 19, SIP 480).
        this.schedule(one, scenario.delayMs ?? request.timeoutMs, () => {
          this.originateResponse(request, one, false, 3);
          this.end(one, { cause: 'noAnswer' });
        });
        return;
      case 'busy':
      case 'congestion': {
        // Not recorded for PJSIP: as the Local leg of 13 and 16.
        const busy = scenario.outcome === 'busy';
        this.schedule(one, delay, () => {
          this.dialEvent('DialEnd', one, { DialStatus: busy ? 'BUSY' : 'CONGESTION' });
          this.originateResponse(request, one, false, ORIGINATE_REASON_CODES[busy ? 'busy' : 'congestion']);
          this.end(one, { cause: busy ? 'busy' : 'congestion' });
        });
        return;
      }
      default:
        return;
    }
  }

  /** The far end answered: DialEnd ANSWER, OriginateResponse Success, then the application runs. */
  private answered(request: FakeOriginateRequest, scenario: FakeOriginateScenario, leg: FakeChannel): void {
    if (scenario.joinBeforeResponse) this.runApplication(request, leg);
    this.dialEvent('DialEnd', leg, { DialStatus: 'ANSWER' });
    this.originateResponse(request, leg, true, 4);
    if (!scenario.joinBeforeResponse) this.runApplication(request, leg);
  }

  /**
   * A hang-up asked for (Hangup action, kick). A leg hung up before it answered (04, 21) ends its
   * Dial with NOANSWER and its Originate with Reason 0; an answered one leaves its room first, then
   * its Local partner follows (03, 12, 22; 23 when the `;2` half is the one asked for).
   */
  private hangupChannel(target: FakeChannel, cause: FakeHangupCause): void {
    if (target.hungUp) return;
    const peer = target.peer;
    const one = peer && target.name.endsWith(';2') ? peer : target;
    const originate = this.pendingOriginates.get(one);
    if (originate && one.state !== 'up') {
      this.dialEvent('DialEnd', one, { DialStatus: 'NOANSWER' });
      const two = one.peer;
      if (two) this.hangupRequest(two, 'unknown');
      this.originateResponse(originate, one, false, 0);
      this.end(one, { cause: 'unknown' });
      if (two) this.end(two, { soft: true, cause: 'unknown' });
      return;
    }
    if (target.room !== undefined) this.conferences.leave(target);
    if (!peer) {
      this.end(target, { cause });
      return;
    }
    if (peer.room !== undefined) this.conferences.leave(peer);
    if (target === one) {
      this.hangupRequest(peer, cause);
      this.end(peer, { soft: true, cause });
      this.end(target, { cause });
    } else {
      this.softHangupRequest(target);
      this.end(peer, { request: cause, soft: true, cause });
      this.end(target, { cause });
    }
  }

  private hangupRequest(channel: FakeChannel, cause: FakeHangupCause): void {
    this.emit({
      Event: 'HangupRequest',
      Privilege: 'call,all',
      ...channel.fields(),
      Cause: HANGUP_CAUSES[cause][0],
    });
  }

  private softHangupRequest(channel: FakeChannel): void {
    // A soft hangup asked for by the other half or by AMI: always Normal Clearing.
    this.emit({ Event: 'SoftHangupRequest', Privilege: 'call,all', ...channel.fields(), Cause: 16 });
  }

  /** One channel ends: its HangupRequest and SoftHangupRequest when given, then Hangup with the cause. */
  private end(
    channel: FakeChannel,
    how: { request?: FakeHangupCause; soft?: boolean; cause: FakeHangupCause },
  ): void {
    if (channel.hungUp) return;
    channel.hungUp = true;
    for (const p of channel.pending.splice(0)) p.cancel();
    this.pendingOriginates.delete(channel);
    if (how.request !== undefined) this.hangupRequest(channel, how.request);
    if (how.soft) this.softHangupRequest(channel);
    const [code, text] = HANGUP_CAUSES[how.cause];
    this.emit({
      Event: 'Hangup',
      Privilege: 'call,all',
      ...channel.fields(),
      Cause: code,
      'Cause-txt': text,
      // chan_pjsip adds the SIP status behind the cause (19: 480 Temporarily Unavailable).
      TechCause: channel.deviceName !== undefined && how.cause === 'noAnswer' ? 480 : undefined,
    });
    this.channels.delete(channel.name);
    if (channel.deviceName !== undefined) this.device(channel, 'NOT_INUSE');
  }

  private device(channel: FakeChannel, state: string): void {
    this.emit({
      Event: 'DeviceStateChange',
      Privilege: 'call,all',
      Device: channel.deviceName,
      State: state,
    });
  }
}
