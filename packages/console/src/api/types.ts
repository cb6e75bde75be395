// The shapes of the Callgate REST contract (v1), as the console receives them: the server's own
// types (packages/server/src/http/contract, what its OpenAPI document is made from), imported as
// types only, so Vite bundles nothing of the server and a change of shape on either side is a
// type error here.
import type {
  ApiAdminAgent,
  ApiAgentSessionSnapshot,
  ApiAsteriskStatus,
  ApiAuditEntry,
  ApiCallAgainOutcome,
  ApiContact,
  ApiDevice,
  ApiDialInInstructions,
  ApiEndedSession,
  ApiLegAttempt,
  ApiLockEntry,
  ApiMe,
  ApiPauseCode,
  ApiSelectablePauseCode,
  ApiSession,
} from '../../../server/src/http/contract/api-types.ts';

export type Me = ApiMe;
export type Role = Me['role'];
export type Interface = ApiSession['interface'];
export type SessionState = ApiSession['state'];
export type PhoneLeg = ApiSession['phoneLeg'];

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
export const INTERFACES: readonly Interface[] = ['internal', 'phone', 'mobile', 'dialin'];

export type DialInInstructions = ApiDialInInstructions;
/** The session's last attempt to call the agent's phone (Asterisk control). */
export type LegAttempt = ApiLegAttempt;
/** `off`: the server has no Asterisk control (no AMI URL); otherwise the AMI connection's state. */
export type AsteriskStatus = ApiAsteriskStatus;
/** What came of "Call me again". */
export type CallAgainOutcome = ApiCallAgainOutcome;
export type Session = ApiSession;
export type EndedSession = ApiEndedSession;
export type AgentSessionView = ApiAgentSessionSnapshot;

/** A pause code as admins see it (`system`: set by Callgate itself, LAGGED; not editable). */
export type PauseCode = ApiPauseCode;
/** A pause code as agents are offered it. */
export type SelectablePauseCode = ApiSelectablePauseCode;
/** What an admin sends to create or change a pause code (`system` is the server's to set). */
export type PauseCodeInput = Omit<PauseCode, 'system'>;

export type DeviceKind = ApiDevice['kind'];
export const DEVICE_KINDS: readonly DeviceKind[] = ['desk', 'soft', 'webrtc'];

export type Device = ApiDevice;
export type Contact = ApiContact;
export type AdminAgent = ApiAdminAgent;

export type AuditKind = AuditEntry['kind'];
/** `admin`: an admin or supervisor acted on someone's session (session entries only). */
export type AuditSource = AuditEntry['source'];
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

export type AuditEntry = ApiAuditEntry;

export interface AuditFilter {
  agent?: string;
  source?: string;
  result?: string;
  kind?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** A login lock in force (`GET /api/admin/locks`, `GET /api/agent/locks`). */
export type LockEntry = ApiLockEntry;
export type LockKind = LockEntry['kind'];
