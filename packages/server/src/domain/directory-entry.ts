/**
 * The extension directory: what dialling an internal extension reaches. An entry rings fixed
 * endpoints, a registered device (desk phone, softphone), or an agent wherever their current
 * session takes calls, and falls back to a voicemail box.
 */

export const DIRECTORY_TARGET_KINDS = ['endpoints', 'device', 'agent'] as const;
export type DirectoryTargetKind = (typeof DIRECTORY_TARGET_KINDS)[number];

export type DirectoryTarget =
  /** Rung together (`Dial(PJSIP/2001&PJSIP/2002,...)`). */
  | { readonly kind: 'endpoints'; readonly endpoints: readonly string[] }
  /** A device of the devices table: its endpoint now, nothing rung while it is disabled. */
  | { readonly kind: 'device'; readonly deviceId: number }
  /** The agent's current session decides what rings (see DirectoryRoute). */
  | { readonly kind: 'agent'; readonly agentId: number };

export interface DirectoryEntry {
  id: number;
  /** Digits, unique: what callers dial. */
  extension: string;
  name: string;
  target: DirectoryTarget;
  /** Dial timeout before the voicemail fallback. */
  ringSeconds: number;
  /** Voicemail box (`voicemail.conf` mailbox); null: no voicemail, an unanswered call just ends. */
  voicemailBox: string | null;
  /** Voicemail context (`[default]` in voicemail.conf unless set). */
  voicemailContext: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Why a call to an agent or device entry goes straight to voicemail without ringing anything. */
export type Unreachable =
  /** No open session: the agent is logged out. */
  | 'logged_out'
  /** The agent account is disabled. */
  | 'agent_disabled'
  /** A dial-in session: the agent called us; there is no phone we can ring. */
  | 'dial_in_session'
  /** A mobile session but no mobile number on the agent. */
  | 'no_mobile'
  /** The entry's device is disabled (or gone). */
  | 'device_disabled';

/** What a call to an extension should do, as the directory sees it now. */
export type DirectoryRoute =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'disabled'; readonly entry: DirectoryEntry }
  | { readonly kind: 'dial'; readonly entry: DirectoryEntry; readonly dialString: string }
  /** The agent is on a call: voicemail with the busy greeting, nothing rung. */
  | { readonly kind: 'busy'; readonly entry: DirectoryEntry }
  /** Voicemail with the unavailable greeting, nothing rung. */
  | { readonly kind: 'unavailable'; readonly entry: DirectoryEntry; readonly reason: Unreachable };
