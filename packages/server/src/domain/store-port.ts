/**
 * What the domain needs from persistence. `store/` implements it with Kysely on SQLite and
 * PostgreSQL; the domain never sees SQL. Methods return full records (with hashes); services
 * strip secrets before anything leaves the domain.
 */
import type { AgentRecord } from './agent.ts';
import type { AgentSession, AgentState, PhoneLegState, StateLogEntry } from './agent-session.ts';
import type { AuthEvent, AuthResult, AuthSource, Lockout } from './auth-event.ts';
import type { Contact } from './contact.ts';
import type { Device } from './device.ts';
import type { DirectoryStore } from './directory-port.ts';
import type { PauseCode } from './pause-code.ts';
import type { SessionEvent, SessionEventFilter } from './session-event.ts';
import type { WebSession } from './web-session.ts';

type Stamped = 'id' | 'createdAt' | 'updatedAt';

export type NewAgentRecord = Omit<AgentRecord, Stamped>;
export type AgentPatch = Partial<NewAgentRecord>;
export type NewDevice = Omit<Device, Stamped>;
export type DevicePatch = Partial<NewDevice>;
export type NewContact = Omit<Contact, Stamped>;
export type ContactPatch = Partial<NewContact>;
export type PauseCodePatch = Partial<Omit<PauseCode, 'code'>>;
export type NewSession = Omit<AgentSession, 'id'>;
export type SessionPatch = Partial<Omit<AgentSession, 'id' | 'agentId' | 'startedAt'>>;
export type NewStateLogEntry = Omit<StateLogEntry, 'id'>;
export type NewAuthEvent = Omit<AuthEvent, 'id'>;

/** Conditions an update must still meet when it runs: how races are settled without locks. */
export interface SessionGuard {
  open?: boolean;
  states?: AgentState[];
  phoneLegs?: PhoneLegState[];
  /** The current leg's uniqueid; null means no leg recorded. */
  phoneUniqueid?: string | null;
  stateChangedAt?: Date;
  lastSeenBefore?: Date;
}

export interface AuthEventFilter {
  agentId?: number;
  source?: AuthSource;
  result?: AuthResult;
  /** Any of these results. */
  results?: readonly AuthResult[];
  since?: Date;
  /** Events at or before this time. */
  until?: Date;
  limit?: number;
}

export interface AgentRepo {
  insert(row: NewAgentRecord, at: Date): Promise<AgentRecord>;
  findById(id: number): Promise<AgentRecord | undefined>;
  findByUserId(userId: string): Promise<AgentRecord | undefined>;
  list(): Promise<AgentRecord[]>;
  update(id: number, patch: AgentPatch, at: Date): Promise<AgentRecord | undefined>;
  count(): Promise<number>;
}

export interface DeviceRepo {
  insert(row: NewDevice, at: Date): Promise<Device>;
  findById(id: number): Promise<Device | undefined>;
  findByEndpoint(endpoint: string): Promise<Device | undefined>;
  list(): Promise<Device[]>;
  update(id: number, patch: DevicePatch, at: Date): Promise<Device | undefined>;
}

export interface ContactRepo {
  insert(row: NewContact, at: Date): Promise<Contact>;
  findById(id: number): Promise<Contact | undefined>;
  findByOfficeNum(officeNum: string): Promise<Contact | undefined>;
  list(): Promise<Contact[]>;
  update(id: number, patch: ContactPatch, at: Date): Promise<Contact | undefined>;
  remove(id: number): Promise<boolean>;
}

export interface PauseCodeRepo {
  insert(row: PauseCode): Promise<PauseCode>;
  find(code: string): Promise<PauseCode | undefined>;
  list(): Promise<PauseCode[]>;
  update(code: string, patch: PauseCodePatch): Promise<PauseCode | undefined>;
}

export interface SessionRepo {
  /** Throws E_SESSION_EXISTS / E_DEVICE_IN_USE / E_NO_ROOM (room taken) from unique indexes. */
  insert(row: NewSession): Promise<AgentSession>;
  findById(id: number): Promise<AgentSession | undefined>;
  findOpenByAgent(agentId: number): Promise<AgentSession | undefined>;
  findOpenByDevice(deviceId: number): Promise<AgentSession | undefined>;
  listOpen(): Promise<AgentSession[]>;
  /** Open sessions whose console was last seen before `before`. */
  listOpenSeenBefore(before: Date): Promise<AgentSession[]>;
  /** Open sessions with a phone leg that a node's live call holds (`phoneLegHolder` set). */
  listOpenHeldLegs(): Promise<AgentSession[]>;
  /** Applies the patch only if the guard still holds; undefined when it did not. */
  update(id: number, patch: SessionPatch, guard?: SessionGuard): Promise<AgentSession | undefined>;
}

export interface StateLogRepo {
  insert(row: NewStateLogEntry): Promise<StateLogEntry>;
  listBySession(sessionId: number): Promise<StateLogEntry[]>;
  listByAgent(agentId: number, limit?: number): Promise<StateLogEntry[]>;
}

export interface AuthEventRepo {
  insert(row: NewAuthEvent): Promise<AuthEvent>;
  /** Newest first. */
  list(filter?: AuthEventFilter): Promise<AuthEvent[]>;
}

export type NewSessionEvent = Omit<SessionEvent, 'id'>;

export interface SessionEventRepo {
  insert(row: NewSessionEvent): Promise<SessionEvent>;
  /** Newest first. */
  list(filter?: SessionEventFilter): Promise<SessionEvent[]>;
}

export interface LockoutRepo {
  /**
   * With `forUpdate` (inside a transaction), the row is locked until the transaction ends; on
   * PostgreSQL a missing row is first created as an empty counter so there is a row to lock.
   */
  find(key: string, options?: { forUpdate?: boolean }): Promise<Lockout | undefined>;
  /** The rows of these keys that exist. */
  findMany(keys: readonly string[]): Promise<Lockout[]>;
  /** Rows whose lock has not ended at `now`, latest end first. */
  listLocked(now: Date): Promise<Lockout[]>;
  /** Rows whose key starts with one of the prefixes (plain text: no `%`, `_` or `\\`). */
  listByKeyPrefix(prefixes: readonly string[]): Promise<Lockout[]>;
  save(row: Lockout): Promise<void>;
  /**
   * Deletes counters that no longer count: unlocked counters whose window began at or before
   * `windowStartedBy` (and whose locks in a row are forgotten), and locks that ended at or before
   * `locksForgottenBy`. Returns how many.
   */
  removeExpired(windowStartedBy: Date, locksForgottenBy: Date): Promise<number>;
}

/** A browser an agent signed in from: its device cookie's id (SHA-256 of the token). */
export interface LoginDevice {
  id: string;
  agentId: number;
  createdAt: Date;
  lastUsedAt: Date;
}

export interface LoginDeviceRepo {
  insert(row: LoginDevice): Promise<void>;
  findById(id: string): Promise<LoginDevice | undefined>;
  touch(id: string, at: Date): Promise<void>;
  /** Keeps the agent's `keep` most recently used devices; returns how many were removed. */
  trim(agentId: number, keep: number): Promise<number>;
  /** Removes devices unused since `before`; returns how many. */
  removeUnusedSince(before: Date): Promise<number>;
}

/** A Callgate process (a node, or one worker of it) and when it last said it was alive. */
export interface NodeRecord {
  id: string;
  startedAt: Date;
  seenAt: Date;
}

export interface NodeRepo {
  /** A node (re)starts: its start and last-seen times are now. */
  register(id: string, at: Date): Promise<void>;
  /** The node is alive at `at`. */
  beat(id: string, at: Date): Promise<void>;
  list(): Promise<NodeRecord[]>;
  /** Forgets nodes not seen since `before`; returns how many. */
  removeSeenBefore(before: Date): Promise<number>;
}

export interface WebSessionRepo {
  insert(row: WebSession): Promise<WebSession>;
  findById(id: string): Promise<WebSession | undefined>;
  /** Records that the login was seen; undefined when it is gone. */
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<WebSession | undefined>;
  /** The removed login, or undefined when there was none. */
  remove(id: string): Promise<WebSession | undefined>;
  /** Removes every login of the agent but `exceptId`; returns the ids removed. */
  removeByAgent(agentId: number, exceptId?: string): Promise<string[]>;
  /** Removes logins whose expiry is at or before `now`; returns how many. */
  removeExpired(now: Date): Promise<number>;
}

export interface StoreRepos extends DirectoryStore {
  agents: AgentRepo;
  devices: DeviceRepo;
  contacts: ContactRepo;
  pauseCodes: PauseCodeRepo;
  sessions: SessionRepo;
  stateLog: StateLogRepo;
  authEvents: AuthEventRepo;
  lockouts: LockoutRepo;
  loginDevices: LoginDeviceRepo;
  nodes: NodeRepo;
  webSessions: WebSessionRepo;
  sessionEvents: SessionEventRepo;
}

export type StoreBackend = 'sqlite' | 'postgres';

export interface MigrationReport {
  /** Names of migrations this call applied; empty when the schema was already current. */
  applied: string[];
}

export interface Store extends StoreRepos {
  readonly backend: StoreBackend;
  /** Runs `fn` in one transaction (serialised writers on SQLite, row locks on PostgreSQL). */
  transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T>;
  migrate(): Promise<MigrationReport>;
  /** Resolves when the database answers; throws E_STORE_UNAVAILABLE when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
