/**
 * Follows phone legs through ConfbridgeJoin / ConfbridgeLeave / Hangup events and the legs we
 * originate, and says what changed. Events can arrive late or out of order (a Leave before the
 * Join it closes, a Join replayed for a channel that already hung up), so an ended leg leaves a
 * tombstone and anything later about it is ignored.
 */

export type PhoneLegState = 'calling' | 'connected' | 'ended';

export interface PhoneLegEvent {
  conference: string;
  channel: string;
  uniqueid: string;
  state: PhoneLegState;
  /** Set for legs Callgate originated. */
  sessionId?: string;
  at: Date;
}

interface Leg {
  conference: string;
  channel: string;
  uniqueid: string;
  state: PhoneLegState;
  sessionId?: string;
  /** When we originated it or first saw it. */
  since: Date;
}

export class PhoneLegTracker {
  private readonly legs = new Map<string, Leg>();
  private readonly ended = new Map<string, true>();
  private readonly maxTombstones: number;

  constructor(options: { maxTombstones?: number } = {}) {
    this.maxTombstones = options.maxTombstones ?? 10_000;
  }

  /** Legs not yet ended (for resynchronisation after a reconnect). */
  get active(): ReadonlyArray<Readonly<Leg>> {
    return [...this.legs.values()];
  }

  /** We asked Asterisk to call `dialString` with this Uniqueid. */
  originated(
    sessionId: string,
    conference: string,
    uniqueid: string,
    dialString: string,
    at: Date,
  ): PhoneLegEvent {
    const leg: Leg = { conference, channel: dialString, uniqueid, state: 'calling', sessionId, since: at };
    this.legs.set(uniqueid, leg);
    return this.snapshot(leg, at);
  }

  /** The leg answered (OriginateResponse Success or ConfbridgeJoin). */
  joined(conference: string, channel: string, uniqueid: string, at: Date): PhoneLegEvent | undefined {
    if (this.ended.has(uniqueid)) return undefined; // stale: already left or hung up
    const leg = this.legs.get(uniqueid);
    if (!leg) {
      const fresh: Leg = { conference, channel, uniqueid, state: 'connected', since: at };
      this.legs.set(uniqueid, fresh);
      return this.snapshot(fresh, at);
    }
    if (channel) leg.channel = channel;
    if (leg.state === 'connected') return undefined;
    leg.state = 'connected';
    return this.snapshot(leg, at);
  }

  /** ConfbridgeLeave: reported even for a leg we never saw join (it may be in our database). */
  left(conference: string, channel: string, uniqueid: string, at: Date): PhoneLegEvent | undefined {
    if (this.ended.has(uniqueid)) return undefined;
    const leg = this.legs.get(uniqueid) ?? { conference, channel, uniqueid, state: 'ended', since: at };
    return this.end(leg, at);
  }

  /** Hangup of any channel: an event only for legs we know; a tombstone in every case. */
  hungUp(channel: string, uniqueid: string, at: Date): PhoneLegEvent | undefined {
    if (this.ended.has(uniqueid)) return undefined;
    const leg = this.legs.get(uniqueid);
    if (!leg) {
      this.tombstone(uniqueid);
      return undefined;
    }
    if (channel) leg.channel = channel;
    return this.end(leg, at);
  }

  /** An originate that failed, or a leg that is gone from its conference after a resync. */
  gone(uniqueid: string, at: Date): PhoneLegEvent | undefined {
    const leg = this.legs.get(uniqueid);
    if (!leg || this.ended.has(uniqueid)) return undefined;
    return this.end(leg, at);
  }

  private end(leg: Leg, at: Date): PhoneLegEvent {
    leg.state = 'ended';
    this.legs.delete(leg.uniqueid);
    this.tombstone(leg.uniqueid);
    return this.snapshot(leg, at);
  }

  private tombstone(uniqueid: string): void {
    this.ended.set(uniqueid, true);
    if (this.ended.size > this.maxTombstones) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }

  private snapshot(leg: Leg, at: Date): PhoneLegEvent {
    const event: PhoneLegEvent = {
      conference: leg.conference,
      channel: leg.channel,
      uniqueid: leg.uniqueid,
      state: leg.state,
      at,
    };
    if (leg.sessionId !== undefined) event.sessionId = leg.sessionId;
    return event;
  }
}
