/** Rows to domain objects and back; the one place that knows about 0/1 flags and ISO strings. */
import type { Selectable, Updateable } from 'kysely';
import type { AgentRecord, AgentRole, SessionInterface } from '../domain/agent.ts';
import type {
  AgentSession,
  AgentState,
  PhoneLegState,
  SessionEndReason,
  StateLogEntry,
} from '../domain/agent-session.ts';
import type { AuthEvent, AuthResult, AuthSource, Lockout } from '../domain/auth-event.ts';
import type { Contact } from '../domain/contact.ts';
import type { Device, DeviceKind } from '../domain/device.ts';
import type { PauseCode } from '../domain/pause-code.ts';
import { DEFAULT_VOICE_SETTINGS, type VoiceSettings } from '../domain/voice-settings.ts';
import type {
  AgentSessionsTable,
  AgentStateLogTable,
  AgentsTable,
  AuthEventsTable,
  ContactsTable,
  DevicesTable,
  LockoutsTable,
  PauseCodesTable,
} from './schema.ts';

export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
export const flag = (b: boolean): number => (b ? 1 : 0);
const date = (v: Date | string): Date => new Date(v);
const dateOrNull = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function voiceSettings(json: string): VoiceSettings {
  try {
    return { ...DEFAULT_VOICE_SETTINGS, ...(JSON.parse(json) as Partial<VoiceSettings>) };
  } catch {
    return { ...DEFAULT_VOICE_SETTINGS };
  }
}

export function agentFromRow(r: Selectable<AgentsTable>): AgentRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    role: r.role as AgentRole,
    enabled: Boolean(r.enabled),
    passwordHash: r.password_hash,
    pinHash: r.pin_hash,
    hotDesk: Boolean(r.hot_desk),
    mobileNumber: r.mobile_number,
    defaultInterface: r.default_interface as SessionInterface | null,
    voiceSettings: voiceSettings(r.voice_settings),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

/** Only the fields present in `a` are mapped, so it serves inserts and partial updates. */
export function agentToRow(a: Partial<AgentRecord>): Updateable<AgentsTable> {
  const row: Updateable<AgentsTable> = {};
  if (a.userId !== undefined) row.user_id = a.userId;
  if (a.name !== undefined) row.name = a.name;
  if (a.role !== undefined) row.role = a.role;
  if (a.enabled !== undefined) row.enabled = flag(a.enabled);
  if (a.passwordHash !== undefined) row.password_hash = a.passwordHash;
  if (a.pinHash !== undefined) row.pin_hash = a.pinHash;
  if (a.hotDesk !== undefined) row.hot_desk = flag(a.hotDesk);
  if (a.mobileNumber !== undefined) row.mobile_number = a.mobileNumber;
  if (a.defaultInterface !== undefined) row.default_interface = a.defaultInterface;
  if (a.voiceSettings !== undefined) row.voice_settings = JSON.stringify(a.voiceSettings);
  return row;
}

export function deviceFromRow(r: Selectable<DevicesTable>): Device {
  return {
    id: r.id,
    name: r.name,
    endpoint: r.endpoint,
    location: r.location,
    kind: r.kind as DeviceKind,
    enabled: Boolean(r.enabled),
    registered: Boolean(r.registered),
    contact: r.contact,
    registeredAt: dateOrNull(r.registered_at),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

export function deviceToRow(d: Partial<Device>): Updateable<DevicesTable> {
  const row: Updateable<DevicesTable> = {};
  if (d.name !== undefined) row.name = d.name;
  if (d.endpoint !== undefined) row.endpoint = d.endpoint;
  if (d.location !== undefined) row.location = d.location;
  if (d.kind !== undefined) row.kind = d.kind;
  if (d.enabled !== undefined) row.enabled = flag(d.enabled);
  if (d.registered !== undefined) row.registered = flag(d.registered);
  if (d.contact !== undefined) row.contact = d.contact;
  if (d.registeredAt !== undefined) row.registered_at = isoOrNull(d.registeredAt);
  return row;
}

export function contactFromRow(r: Selectable<ContactsTable>): Contact {
  return {
    id: r.id,
    officeNum: r.office_num,
    name: r.name,
    details: r.details,
    enabled: r.enabled === 1,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

export function contactToRow(c: Partial<Contact>): Updateable<ContactsTable> {
  const row: Updateable<ContactsTable> = {};
  if (c.officeNum !== undefined) row.office_num = c.officeNum;
  if (c.name !== undefined) row.name = c.name;
  if (c.details !== undefined) row.details = c.details;
  if (c.enabled !== undefined) row.enabled = flag(c.enabled);
  return row;
}

export function pauseCodeFromRow(r: Selectable<PauseCodesTable>): PauseCode {
  return {
    code: r.code,
    name: r.name,
    billable: Boolean(r.billable),
    maxSeconds: r.max_seconds,
    active: Boolean(r.active),
    system: Boolean(r.system),
  };
}

export function pauseCodeToRow(p: Partial<PauseCode>): Updateable<PauseCodesTable> {
  const row: Updateable<PauseCodesTable> = {};
  if (p.code !== undefined) row.code = p.code;
  if (p.name !== undefined) row.name = p.name;
  if (p.billable !== undefined) row.billable = flag(p.billable);
  if (p.maxSeconds !== undefined) row.max_seconds = p.maxSeconds;
  if (p.active !== undefined) row.active = flag(p.active);
  if (p.system !== undefined) row.system = flag(p.system);
  return row;
}

export function sessionFromRow(r: Selectable<AgentSessionsTable>): AgentSession {
  return {
    id: r.id,
    agentId: r.agent_id,
    interface: r.interface as SessionInterface,
    deviceId: r.device_id,
    conference: r.conference,
    state: r.state as AgentState,
    pauseCode: r.pause_code,
    stateChangedAt: date(r.state_changed_at),
    phoneLeg: r.phone_leg as PhoneLegState,
    phoneChannel: r.phone_channel,
    phoneUniqueid: r.phone_uniqueid,
    phoneConnectedAt: dateOrNull(r.phone_connected_at),
    phoneLegHolder: r.phone_leg_holder,
    lastSeenAt: date(r.last_seen_at),
    startedAt: date(r.started_at),
    endedAt: dateOrNull(r.ended_at),
    endReason: r.end_reason as SessionEndReason | null,
  };
}

export function sessionToRow(s: Partial<AgentSession>): Updateable<AgentSessionsTable> {
  const row: Updateable<AgentSessionsTable> = {};
  if (s.agentId !== undefined) row.agent_id = s.agentId;
  if (s.interface !== undefined) row.interface = s.interface;
  if (s.deviceId !== undefined) row.device_id = s.deviceId;
  if (s.conference !== undefined) row.conference = s.conference;
  if (s.state !== undefined) row.state = s.state;
  if (s.pauseCode !== undefined) row.pause_code = s.pauseCode;
  if (s.stateChangedAt !== undefined) row.state_changed_at = iso(s.stateChangedAt);
  if (s.phoneLeg !== undefined) row.phone_leg = s.phoneLeg;
  if (s.phoneChannel !== undefined) row.phone_channel = s.phoneChannel;
  if (s.phoneUniqueid !== undefined) row.phone_uniqueid = s.phoneUniqueid;
  if (s.phoneConnectedAt !== undefined) row.phone_connected_at = isoOrNull(s.phoneConnectedAt);
  if (s.phoneLegHolder !== undefined) row.phone_leg_holder = s.phoneLegHolder;
  if (s.lastSeenAt !== undefined) row.last_seen_at = iso(s.lastSeenAt);
  if (s.startedAt !== undefined) row.started_at = iso(s.startedAt);
  if (s.endedAt !== undefined) row.ended_at = isoOrNull(s.endedAt);
  if (s.endReason !== undefined) row.end_reason = s.endReason;
  return row;
}

export function stateLogFromRow(r: Selectable<AgentStateLogTable>): StateLogEntry {
  return {
    id: r.id,
    sessionId: r.session_id,
    agentId: r.agent_id,
    state: r.state as AgentState,
    pauseCode: r.pause_code,
    startedAt: date(r.started_at),
    endedAt: date(r.ended_at),
    durationMs: Number(r.duration_ms),
  };
}

export function authEventFromRow(r: Selectable<AuthEventsTable>): AuthEvent {
  return {
    id: r.id,
    at: date(r.at),
    source: r.source as AuthSource,
    agentId: r.agent_id,
    enteredId: r.entered_id,
    callerId: r.caller_id,
    channel: r.channel,
    uniqueid: r.uniqueid,
    remoteIp: r.remote_ip,
    result: r.result as AuthResult,
    attempt: r.attempt,
    actorAgentId: r.actor_agent_id,
    detail: r.detail,
  };
}

export function lockoutFromRow(r: Selectable<LockoutsTable>): Lockout {
  return {
    key: r.key,
    failures: r.failures,
    windowStart: date(r.window_start),
    lockedUntil: dateOrNull(r.locked_until),
    lockedAt: dateOrNull(r.locked_at),
    lastOrigin: r.last_origin,
    locks: r.locks,
  };
}
