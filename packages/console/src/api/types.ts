// The shapes of the Callgate REST contract (v1), as the console receives and sends them.
import type { VoiceSettings } from './voice-settings.ts';

export type Role = 'agent' | 'supervisor' | 'admin';
export type Interface = 'internal' | 'phone' | 'mobile' | 'dialin';
export type SessionState = 'paused' | 'ready' | 'in_call';
export type PhoneLeg = 'none' | 'calling' | 'connected';

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
export const INTERFACES: readonly Interface[] = ['internal', 'phone', 'mobile', 'dialin'];

export interface Me {
  id: number;
  userId: string;
  name: string;
  role: Role;
  hotDesk: boolean;
  mobileNumber: string | null;
  defaultInterface: Interface | null;
  canDialIn: boolean;
}

export interface DialInInstructions {
  number: string;
  steps: string[];
}

/** The session's last attempt to call the agent's phone (Asterisk control). */
export interface LegAttempt {
  status: 'calling' | 'connected' | 'failed';
  /** Set when failed: `busy`, `noanswer`, `unavailable`, `ami_down`, `error` or `cancelled`. */
  reason: string | null;
  message: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** `off`: the server has no Asterisk control (no AMI URL); otherwise the AMI connection's state. */
export type AsteriskStatus = 'off' | 'connected' | 'connecting' | 'down';

/** What came of "Call me again". */
export type CallAgainOutcome =
  | { status: 'connected' }
  | { status: 'failed'; reason: string; message: string }
  | { status: 'skipped'; reason: string };

export interface Session {
  id: number;
  agentId: number;
  agentUserId: string;
  agentName: string;
  interface: Interface;
  deviceId: number | null;
  deviceName: string | null;
  conference: string;
  state: SessionState;
  pauseCode: string | null;
  pauseName: string | null;
  stateChangedAt: string;
  phoneLeg: PhoneLeg;
  phoneChannel: string | null;
  phoneConnectedAt: string | null;
  startedAt: string;
  lastSeenAt: string;
  dialIn: DialInInstructions | null;
  /** Null for dial-in sessions, without Asterisk control, or before the first attempt; absent from older servers. */
  lastLegAttempt?: LegAttempt | null;
}

export interface EndedSession {
  endedAt: string;
  endReason: string;
}

export interface AgentSessionView {
  session: Session | null;
  lastEnded: EndedSession | null;
}

export interface PauseCode {
  code: string;
  name: string;
  billable: boolean;
  maxSeconds: number | null;
  active: boolean;
  /** Set by Callgate itself (LAGGED): listed for admins, never offered to agents, not editable. */
  system?: boolean;
}

/** What an admin sends to create or change a pause code (`system` is the server's to set). */
export type PauseCodeInput = Omit<PauseCode, 'system'>;

export type DeviceKind = 'desk' | 'soft' | 'webrtc';
export const DEVICE_KINDS: readonly DeviceKind[] = ['desk', 'soft', 'webrtc'];

export interface Device {
  id: number;
  name: string;
  endpoint: string;
  location: string;
  kind: DeviceKind;
  enabled: boolean;
  registered: boolean | null;
  contact: string | null;
  registeredAt: string | null;
  inUse?: boolean;
}

export interface Contact {
  id: number;
  officeNum: string;
  name: string;
  details: string;
  enabled: boolean;
}

export interface AdminAgent extends Me {
  enabled: boolean;
  hasPin: boolean;
  voice: VoiceSettings;
  createdAt: string;
  updatedAt: string;
}

export type AuditKind = 'auth' | 'session';
/** `admin`: an admin or supervisor acted on someone's session (session entries only). */
export type AuditSource = 'web' | 'dialin' | 'api' | 'system' | 'admin';
export const AUDIT_KINDS: readonly AuditKind[] = ['auth', 'session'];
export const AUDIT_SOURCES: readonly AuditSource[] = ['web', 'dialin', 'api', 'admin', 'system'];
/** Results of sign-in and dial-in attempts (`kind: 'auth'`). */
export const AUTH_RESULTS = [
  'ok',
  'bad_credentials',
  'no_session',
  'locked',
  'disabled',
  'leg_exists',
  'rate_limited',
  'unavailable',
  'unlocked',
] as const;
/** What happened to a session (`kind: 'session'`); the API reports it as the entry's `result`. */
export const SESSION_EVENTS = [
  'started',
  'paused',
  'ready',
  'in_call',
  'leg_calling',
  'leg_connected',
  'leg_released',
  'ended',
] as const;
/** Every result the audit filter offers. */
export const AUDIT_RESULTS = [...AUTH_RESULTS, ...SESSION_EVENTS] as const;

export interface AuditEntry {
  id: string;
  at: string;
  kind: AuditKind;
  source: AuditSource;
  agentUserId: string | null;
  agentName: string | null;
  enteredId: string | null;
  callerId: string | null;
  channel: string | null;
  remoteIp: string | null;
  result: string;
  detail: string | null;
}

export interface AuditFilter {
  agent?: string;
  source?: string;
  result?: string;
  kind?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** What a login lock holds (see the server's login lanes). */
export type LockKind =
  | 'phone'
  | 'phone-known'
  | 'caller'
  | 'phone-any'
  | 'contact'
  | 'web'
  | 'web-device'
  | 'address'
  | 'web-any';

/** A login lock in force (`GET /api/admin/locks`, `GET /api/agent/locks`). */
export interface LockEntry {
  key: string;
  kind: LockKind;
  /** Locked by the lane's daily limit rather than its short window. */
  daily: boolean;
  source: 'phone' | 'web';
  userId: string | null;
  agentName: string | null;
  origin: string | null;
  lastOrigin: string | null;
  description: string;
  attempts: number;
  lockedAt: string | null;
  lockedUntil: string;
}
