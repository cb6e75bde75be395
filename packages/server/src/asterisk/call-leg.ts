import type { AmiActionFields } from './ami-encode.ts';
import { AmiError } from './ami-error.ts';

/**
 * A phone leg: Callgate calls the agent (their SIP account, a desk phone or their mobile) and
 * puts the answered call into the session's conference. This file holds the pure parts: dial
 * strings, the Originate action, and what an OriginateResponse means.
 */

export type LegInterface = 'internal' | 'phone' | 'mobile';
export type LegFailure = 'busy' | 'noanswer' | 'unavailable';

interface CallLegCommon {
  sessionId: string | number;
  /** The session's conference room (ConfBridge conference name). */
  conference: string;
  /** ConfBridge user profile for the agent; defaults to the control service's `userProfile`. */
  agentProfile?: string;
  /** Caller ID shown on the agent's phone, e.g. `"Callgate" <8000>`. */
  callerId?: string;
  /** How long the agent's phone rings (ms). */
  ringTimeoutMs?: number;
  /**
   * The leg's Uniqueid (Originate `ChannelId`); default a fresh UUID. Chosen by the caller when it
   * must record the leg before the phone rings (several nodes claim it in the database first).
   */
  uniqueid?: string;
}

export type CallLegRequest = CallLegCommon &
  (
    | { interface: 'internal' /** Dialled as `PJSIP/<agentUserId>`. */; agentUserId: string }
    | { interface: 'phone' /** The device's endpoint, e.g. `PJSIP/2101`. */; endpoint: string }
    | { interface: 'mobile' /** Digits, optionally with a leading `+`. */; mobileNumber: string }
  );

export type CallLegResult =
  | { status: 'connected'; dialString: string; channel: string; uniqueid: string }
  | {
      status: 'failed';
      reason: LegFailure;
      dialString: string;
      /** OriginateResponse `Reason` (Asterisk control frame), null when the action itself failed. */
      originateReason: number | null;
      message: string;
    };

/** Where an answered leg goes. */
export type LegTarget =
  | { kind: 'confbridge' }
  /** A dialplan context; the extension is the conference room, CALLGATE_* variables carry the rest. */
  | { kind: 'context'; context: string; priority?: number | string };

export interface OriginateSettings {
  /** Context the mobile leg dials through: `Local/<mobile>@<trunkContext>/n`. */
  trunkContext: string;
  bridgeProfile: string;
  userProfile: string;
  target: LegTarget;
  ringTimeoutMs: number;
  callerId?: string;
}

const ENDPOINT = /^(PJSIP|SIP|IAX2|DAHDI)\/[A-Za-z0-9_.+-]+$/;
const USER_ID = /^[A-Za-z0-9_.-]+$/;
const MOBILE = /^\+?[0-9]{3,20}$/;
const ROOM = /^[A-Za-z0-9_-]+$/;
const PROFILE = /^[A-Za-z0-9_-]+$/;

/**
 * The dial string of a leg. Inputs end up inside an Asterisk dial string, where `&`, `,` or `/`
 * would change what is dialled, so each is checked against a strict pattern.
 */
export function dialStringFor(request: CallLegRequest, trunkContext: string): string {
  switch (request.interface) {
    case 'internal':
      if (!USER_ID.test(request.agentUserId))
        throw usage(`invalid agent user id ${JSON.stringify(request.agentUserId)}`);
      return `PJSIP/${request.agentUserId}`;
    case 'phone':
      if (!ENDPOINT.test(request.endpoint))
        throw usage(`invalid device endpoint ${JSON.stringify(request.endpoint)}`);
      return request.endpoint;
    case 'mobile': {
      const number = request.mobileNumber.replace(/[\s().-]/g, '');
      if (!MOBILE.test(number)) throw usage('invalid mobile number');
      if (!ROOM.test(trunkContext)) throw usage(`invalid trunk context ${JSON.stringify(trunkContext)}`);
      // `/n`: no Local channel optimisation, so the leg keeps one channel name from dial to hangup.
      return `Local/${number}@${trunkContext}/n`;
    }
  }
}

/** The Async Originate action for a leg; `channelId` becomes the channel's Uniqueid. */
export function buildOriginate(
  request: CallLegRequest,
  settings: OriginateSettings,
  channelId: string,
): { dialString: string; fields: AmiActionFields } {
  if (!ROOM.test(request.conference)) throw usage(`invalid conference ${JSON.stringify(request.conference)}`);
  const userProfile = request.agentProfile ?? settings.userProfile;
  if (!PROFILE.test(userProfile) || !PROFILE.test(settings.bridgeProfile))
    throw usage('invalid ConfBridge profile');
  const dialString = dialStringFor(request, settings.trunkContext);
  const ringTimeoutMs = request.ringTimeoutMs ?? settings.ringTimeoutMs;
  const variables = [
    `CALLGATE_SESSION=${request.sessionId}`,
    `CALLGATE_CONFERENCE=${request.conference}`,
    `CALLGATE_INTERFACE=${request.interface}`,
  ];
  const target: AmiActionFields =
    settings.target.kind === 'confbridge'
      ? { Application: 'ConfBridge', Data: `${request.conference},${settings.bridgeProfile},${userProfile}` }
      : {
          Context: settings.target.context,
          Exten: request.conference,
          Priority: settings.target.priority ?? 1,
        };
  if (settings.target.kind === 'context') {
    variables.push(
      `CALLGATE_BRIDGE_PROFILE=${settings.bridgeProfile}`,
      `CALLGATE_USER_PROFILE=${userProfile}`,
    );
  }
  const callerId = request.callerId ?? settings.callerId;
  return {
    dialString,
    fields: {
      Action: 'Originate',
      Channel: dialString,
      ...target,
      Timeout: ringTimeoutMs,
      CallerID: callerId,
      Async: 'true',
      ChannelId: channelId,
      Variable: variables,
    },
  };
}

/**
 * What an OriginateResponse `Reason` means for the agent's leg. The number is the last control
 * frame Asterisk saw on the outgoing channel: 5 busy, 3 rang without answer, 8 congestion,
 * 1 hung up / rejected, 0 the channel could not even be created (unregistered, unknown).
 */
export function legFailureForReason(reason: number): LegFailure {
  switch (reason) {
    case 5:
      return 'busy';
    case 3:
      return 'noanswer';
    default:
      return 'unavailable';
  }
}

function usage(message: string): AmiError {
  return new AmiError('E_AMI_USAGE', message, { action: 'Originate' });
}
