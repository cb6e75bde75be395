/**
 * Table types for Kysely. Portable choices, so one query runs on SQLite and PostgreSQL:
 * timestamps are written as ISO-8601 strings (`timestamptz` on PostgreSQL, text on SQLite, read back
 * as Date or string), booleans are 0/1 integers, voice settings a JSON text column.
 */
import type { ColumnType, Generated } from 'kysely';
import type { SessionEventsTable } from './session-event-repo.ts';
import type { WebSessionsTable } from './web-session-repo.ts';

export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
/** 0 or 1. */
export type Flag = number;

export interface AgentsTable {
  id: Generated<number>;
  user_id: string;
  name: string;
  role: string;
  enabled: Flag;
  password_hash: string | null;
  pin_hash: string | null;
  hot_desk: Flag;
  mobile_number: string | null;
  default_interface: string | null;
  voice_settings: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DevicesTable {
  id: Generated<number>;
  name: string;
  endpoint: string;
  location: string | null;
  kind: string;
  enabled: Flag;
  registered: Flag;
  contact: string | null;
  registered_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Generated<number>;
  office_num: string;
  name: string;
  details: string | null;
  /** Migration 0005. */
  enabled: Generated<Flag>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PauseCodesTable {
  code: string;
  name: string;
  billable: Flag;
  max_seconds: number | null;
  active: Flag;
  system: Flag;
}

export interface AgentSessionsTable {
  id: Generated<number>;
  agent_id: number;
  interface: string;
  device_id: number | null;
  conference: number;
  state: string;
  pause_code: string | null;
  state_changed_at: Timestamp;
  phone_leg: string;
  phone_channel: string | null;
  phone_uniqueid: string | null;
  phone_connected_at: NullableTimestamp;
  phone_leg_holder: string | null;
  last_seen_at: Timestamp;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  end_reason: string | null;
}

export interface AgentStateLogTable {
  id: Generated<number>;
  session_id: number;
  agent_id: number;
  state: string;
  pause_code: string | null;
  started_at: Timestamp;
  ended_at: Timestamp;
  duration_ms: number;
}

export interface AuthEventsTable {
  id: Generated<number>;
  at: Timestamp;
  source: string;
  agent_id: number | null;
  entered_id: string | null;
  caller_id: string | null;
  channel: string | null;
  uniqueid: string | null;
  remote_ip: string | null;
  result: string;
  attempt: number | null;
  actor_agent_id: number | null;
  detail: string | null;
}

export interface LockoutsTable {
  key: string;
  failures: number;
  window_start: Timestamp;
  locked_until: NullableTimestamp;
  locked_at: NullableTimestamp;
  last_origin: string | null;
  /** Locks in a row: the next one lasts 2^locks times the base duration (capped). */
  locks: Generated<number>;
}

export interface LoginDevicesTable {
  /** SHA-256 (hex) of the device cookie's token. */
  id: string;
  agent_id: number;
  created_at: Timestamp;
  last_used_at: Timestamp;
}

export interface NodesTable {
  id: string;
  started_at: Timestamp;
  seen_at: Timestamp;
}

export interface Database {
  agents: AgentsTable;
  devices: DevicesTable;
  contacts: ContactsTable;
  pause_codes: PauseCodesTable;
  agent_sessions: AgentSessionsTable;
  agent_state_log: AgentStateLogTable;
  auth_events: AuthEventsTable;
  lockouts: LockoutsTable;
  login_devices: LoginDevicesTable;
  nodes: NodesTable;
  web_sessions: WebSessionsTable;
  session_events: SessionEventsTable;
}
