// One typed function per REST route the console calls (see /work/briefs/rest-contract.md).
import { ApiError } from './api-error.ts';
import type {
  CallerProfile,
  CallerProfileInput,
  DirectoryEntry,
  DirectoryEntryInput,
} from './directory-types.ts';
import { http } from './http-client.ts';
import type {
  AdminAgent,
  AgentSessionView,
  AsteriskStatus,
  AuditEntry,
  AuditFilter,
  CallAgainOutcome,
  Contact,
  Device,
  Interface,
  LockEntry,
  Me,
  PauseCode,
  PauseCodeInput,
  Session,
} from './types.ts';

export interface SignedIn {
  me: Me;
  csrfToken: string;
}

// ---- sign-in ----
export async function login(userId: string, password: string): Promise<SignedIn> {
  const result = await http.post<SignedIn>('/api/login', { userId, password }, { signInOn401: false });
  http.setCsrfToken(result.csrfToken);
  return result;
}

/** The signed-in user, or null when there is no web login (the console's first call). */
export async function currentUser(): Promise<SignedIn | null> {
  try {
    const result = await http.request<SignedIn>('GET', '/api/me', undefined, { signInOn401: false });
    http.setCsrfToken(result.csrfToken);
    return result;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await http.post<void>('/api/logout', {}, { signInOn401: false });
  http.setCsrfToken(null);
}

// ---- the agent's own session ----
export const getAgentSession = () => http.get<AgentSessionView>('/api/agent/session');
export const startSession = (iface: Interface, deviceId?: number) =>
  http.post<{ session: Session }>(
    '/api/agent/session',
    deviceId === undefined ? { interface: iface } : { interface: iface, deviceId },
  );
export const pauseSession = (code: string) => http.post<{ session: Session }>('/api/agent/pause', { code });
export const readySession = () => http.post<{ session: Session }>('/api/agent/ready', {});
export const heartbeat = () => http.post<{ session: Session }>('/api/agent/heartbeat', {});
export const endSession = () => http.delete<void>('/api/agent/session');
export const availableDevices = () => http.get<{ devices: Device[] }>('/api/devices/available');
export const selectablePauseCodes = () => http.get<{ pauseCodes: PauseCode[] }>('/api/pause-codes');
/** Calls the agent's phone into the session again; answers when it connected or failed. */
export const callMeAgain = () =>
  http.post<{ session: Session; outcome: CallAgainOutcome }>('/api/agent/session/call-again', {});
/** The signed-in agent's own login locks (is my dial-in locked, and until when?). */
export const myLocks = () => http.get<{ locks: LockEntry[] }>('/api/agent/locks');
/** Whether Asterisk control is on and reachable (the degraded-mode banner). */
export const serverStatus = () => http.get<{ asterisk: AsteriskStatus }>('/api/status');

// ---- admin: agents ----
export type AgentInput = {
  userId: string;
  name: string;
  role: AdminAgent['role'];
  password?: string;
  pin?: string;
  enabled?: boolean;
  hotDesk?: boolean;
  mobileNumber?: string | null;
  defaultInterface?: Interface | null;
  voice?: AdminAgent['voice'];
};
export const listAgents = () => http.get<{ agents: AdminAgent[] }>('/api/admin/agents');
export const createAgent = (input: AgentInput) =>
  http.post<{ agent: AdminAgent }>('/api/admin/agents', input);
export const updateAgent = (id: number, changes: Partial<AgentInput>) =>
  http.patch<{ agent: AdminAgent }>(`/api/admin/agents/${id}`, changes);
export const setAgentPassword = (id: number, password: string) =>
  http.post<void>(`/api/admin/agents/${id}/password`, { password });
export const setAgentPin = (id: number, pin: string | null) =>
  http.post<void>(`/api/admin/agents/${id}/pin`, { pin });

// ---- admin: phones, contacts, pause codes ----
export type DeviceInput = Pick<Device, 'name' | 'endpoint' | 'location' | 'kind' | 'enabled'>;
export const listDevices = () => http.get<{ devices: Device[] }>('/api/admin/devices');
export const createDevice = (input: DeviceInput) =>
  http.post<{ device: Device }>('/api/admin/devices', input);
export const updateDevice = (id: number, changes: Partial<DeviceInput>) =>
  http.patch<{ device: Device }>(`/api/admin/devices/${id}`, changes);

export type ContactInput = Omit<Contact, 'id'>;
export const listContacts = () => http.get<{ contacts: Contact[] }>('/api/admin/contacts');
export const createContact = (input: ContactInput) =>
  http.post<{ contact: Contact }>('/api/admin/contacts', input);
export const updateContact = (id: number, changes: Partial<ContactInput>) =>
  http.patch<{ contact: Contact }>(`/api/admin/contacts/${id}`, changes);

export const listPauseCodes = () => http.get<{ pauseCodes: PauseCode[] }>('/api/admin/pause-codes');
export const createPauseCode = (input: PauseCodeInput) =>
  http.post<{ pauseCode: PauseCode }>('/api/admin/pause-codes', input);
export const updatePauseCode = (code: string, changes: Partial<PauseCodeInput>) =>
  http.patch<{ pauseCode: PauseCode }>(`/api/admin/pause-codes/${encodeURIComponent(code)}`, changes);

// ---- admin: live board and audit ----
export const liveBoard = () => http.get<{ sessions: Session[] }>('/api/admin/board');
export const pauseAgentSession = (sessionId: number, code: string) =>
  http.post<{ session: Session }>(`/api/admin/sessions/${sessionId}/pause`, { code });
export const endAgentSession = (sessionId: number) => http.delete<void>(`/api/admin/sessions/${sessionId}`);

export function auditLog(filter: AuditFilter) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const suffix = query.size > 0 ? `?${query}` : '';
  return http.get<{ entries: AuditEntry[] }>(`/api/admin/audit${suffix}`);
}

// ---- admin: extension directory and caller profiles ----
export const listDirectory = () => http.get<{ entries: DirectoryEntry[] }>('/api/admin/directory');
export const getDirectoryEntry = (id: number) =>
  http.get<{ entry: DirectoryEntry }>(`/api/admin/directory/${id}`);
export const createDirectoryEntry = (input: DirectoryEntryInput) =>
  http.post<{ entry: DirectoryEntry }>('/api/admin/directory', input);
export const updateDirectoryEntry = (id: number, changes: Partial<DirectoryEntryInput>) =>
  http.patch<{ entry: DirectoryEntry }>(`/api/admin/directory/${id}`, changes);
export const getCallerProfile = (contactId: number) =>
  http.get<{ callerProfile: CallerProfile }>(`/api/admin/contacts/${contactId}/caller-profile`);
export const updateCallerProfile = (contactId: number, changes: CallerProfileInput) =>
  http.patch<{ callerProfile: CallerProfile }>(`/api/admin/contacts/${contactId}/caller-profile`, changes);

// ---- admin: login locks ----
export const listLocks = () => http.get<{ locks: LockEntry[] }>('/api/admin/locks');
/** Lifts one lock (by its key) or every lock of a user ID. */
export const unlock = (target: { key: string } | { userId: string }) =>
  http.post<{ cleared: number }>('/api/admin/locks/unlock', target);
