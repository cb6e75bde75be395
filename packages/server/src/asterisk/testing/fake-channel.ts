import type { AmiActionFields } from '../ami-encode.ts';

/**
 * One channel of the fake Asterisk, with the snapshot fields every channel event carries
 * (Channel … Linkedid, in Asterisk's order), as the recordings in test/fixtures/ami-transcripts
 * show them.
 */

/** Asterisk's channel states (`ChannelState` numbers and their `ChannelStateDesc`). */
export const CHANNEL_STATES = {
  down: [0, 'Down'],
  ring: [4, 'Ring'],
  ringing: [5, 'Ringing'],
  up: [6, 'Up'],
  busy: [7, 'Busy'],
} as const satisfies Record<string, readonly [number, string]>;

export type FakeChannelState = keyof typeof CHANNEL_STATES;

/** Hangup causes seen in the recordings (Q.850 numbers and Asterisk's `Cause-txt`). */
export const HANGUP_CAUSES = {
  unknown: [0, 'Unknown'],
  normal: [16, 'Normal Clearing'],
  busy: [17, 'User busy'],
  noAnswer: [19, 'User alerting, no answer'],
  congestion: [34, 'Circuit/channel congestion'],
} as const satisfies Record<string, readonly [number, string]>;

export type FakeHangupCause = keyof typeof HANGUP_CAUSES;

export interface FakeChannelInit {
  name: string;
  uniqueid: string;
  linkedid?: string;
  state?: FakeChannelState;
  callerIdNum?: string;
  callerIdName?: string;
  context: string;
  exten: string;
  priority?: number;
}

export class FakeChannel {
  readonly name: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  state: FakeChannelState;
  callerIdNum: string;
  callerIdName: string;
  context: string;
  exten: string;
  priority: number;
  /** The other half of a Local channel pair (`;1` ↔ `;2`). */
  peer: FakeChannel | undefined;
  /** Set by an Originate with `CallerID:` (34): the connected line shows it too. */
  connectedLine: { num: string; name: string } | undefined;
  /** The device a PJSIP channel belongs to (`PJSIP/1001`), whose DeviceStateChange it drives. */
  deviceName: string | undefined;
  /** Put in its room by an Originate's Application: when ConfBridge returns, the channel hangs up. */
  originated = false;
  /** The ConfBridge room the channel is in. */
  room: string | undefined;
  hungUp = false;
  /** Dialplan steps still to come (a ring timeout, a late answer): cancelled by a hangup. */
  readonly pending: Array<{ cancel(): void }> = [];

  constructor(init: FakeChannelInit) {
    this.name = init.name;
    this.uniqueid = init.uniqueid;
    this.linkedid = init.linkedid ?? init.uniqueid;
    this.state = init.state ?? 'down';
    this.callerIdNum = init.callerIdNum ?? '<unknown>';
    this.callerIdName = init.callerIdName ?? '<unknown>';
    this.context = init.context;
    this.exten = init.exten;
    this.priority = init.priority ?? 1;
  }

  /** The channel snapshot as events carry it; `prefix` is `Dest` for the dialled side of Dial events. */
  fields(prefix = ''): AmiActionFields {
    const [state, desc] = CHANNEL_STATES[this.state];
    return {
      [`${prefix}Channel`]: this.name,
      [`${prefix}ChannelState`]: state,
      [`${prefix}ChannelStateDesc`]: desc,
      [`${prefix}CallerIDNum`]: this.callerIdNum,
      [`${prefix}CallerIDName`]: this.callerIdName,
      [`${prefix}ConnectedLineNum`]: this.connectedLine?.num ?? '<unknown>',
      [`${prefix}ConnectedLineName`]: this.connectedLine?.name ?? '<unknown>',
      [`${prefix}Language`]: 'en',
      [`${prefix}AccountCode`]: '',
      [`${prefix}Context`]: this.context,
      [`${prefix}Exten`]: this.exten,
      [`${prefix}Priority`]: this.priority,
      [`${prefix}Uniqueid`]: this.uniqueid,
      [`${prefix}Linkedid`]: this.linkedid,
    };
  }

  /** Matches a Hangup/Redirect `Channel:` value: the channel's name or its uniqueid (as Asterisk). */
  isNamed(nameOrUniqueid: string): boolean {
    return this.name === nameOrUniqueid || this.uniqueid === nameOrUniqueid;
  }
}
