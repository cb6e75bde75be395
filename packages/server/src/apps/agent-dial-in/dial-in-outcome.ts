/**
 * How a dial-in call ended. The value is also set as the channel variable CALLGATE_RESULT, so the
 * dialplan (or its `h` extension) can branch on it.
 */
export type DialInResult =
  /** Joined the session's conference (and left it), jumped to the conference, or to `A`. */
  | 'ok'
  | 'bad_credentials'
  | 'disabled'
  | 'locked'
  | 'no_session'
  | 'leg_exists'
  /** The caller hung up before the app finished. */
  | 'hangup'
  /** A database outage or any internal error: the caller heard the apology. */
  | 'error';

export interface DialInOutcome {
  readonly result: DialInResult;
  /** Where the caller was when the call ended: for logs and tests. */
  readonly stage: DialInStage;
  readonly agentId?: number;
  readonly sessionId?: number;
  readonly attempts: number;
}

export type DialInStage =
  | 'answer'
  | 'user-id'
  | 'pin'
  | 'verify'
  | 'hold'
  | 'bridge'
  | 'conference'
  | 'finish';

/** Channel variables the app sets for the dialplan. */
export const DIAL_IN_VARIABLES = {
  result: 'CALLGATE_RESULT',
  agent: 'CALLGATE_AGENT',
  session: 'CALLGATE_SESSION',
  conference: 'CALLGATE_CONFERENCE',
  contact: 'CALLGATE_CONTACT',
  /** `dialplan` bridge mode: the ConfBridge profiles for the dialplan to use. */
  bridgeProfile: 'CALLGATE_BRIDGE_PROFILE',
  userProfile: 'CALLGATE_USER_PROFILE',
} as const;
