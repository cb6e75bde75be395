/**
 * How an extension-router call ended. The result is also set as the channel variable
 * CALLGATE_ROUTE, so the dialplan (or its `h` extension) can branch on it.
 */
export type RouteResult =
  /** Dial() was answered. */
  | 'answered'
  /** The caller was sent to the entry's voicemail box (unavailable or busy greeting). */
  | 'voicemail'
  /** `*<extension>`: the caller reached the box's VoiceMailMain. */
  | 'voicemail_main'
  /** Nobody answered and the entry has no voicemail box. */
  | 'no_voicemail'
  /** No such extension (or `*<extension>` without a box): the caller heard it is not in service. */
  | 'unknown'
  /** The entry exists but is disabled: the caller heard the same message as for `unknown`. */
  | 'disabled'
  /** The caller hung up before the route finished (mid-dial included). */
  | 'hangup'
  /** A database outage or any internal error: the caller heard the apology. */
  | 'error';

export type VoicemailGreeting = 'u' | 'b';

export interface RouteOutcome {
  readonly result: RouteResult;
  /** The extension dialled, without a leading `*`; undefined when none was given. */
  readonly extension?: string;
  /** DIALSTATUS when Dial() ran. */
  readonly dialStatus?: string;
  /** The dial string rung. */
  readonly dialString?: string;
  /** The VoiceMail() greeting used. */
  readonly greeting?: VoicemailGreeting;
}

/** Channel variables the route sets for the dialplan. */
export const ROUTER_VARIABLES = {
  result: 'CALLGATE_ROUTE',
  extension: 'CALLGATE_ROUTE_EXTENSION',
  dialStatus: 'CALLGATE_DIALSTATUS',
} as const;
