// One typed function per REST route the console calls (see /work/briefs/rest-contract.md).

import type {
  AgentListResponse,
  AgentResponse,
  AuditListResponse,
  BoardResponse,
  CallAgainResponse,
  CallerProfileResponse,
  ContactListResponse,
  ContactResponse,
  DeviceListResponse,
  DeviceResponse,
  DirectoryEntryResponse,
  DirectoryListResponse,
  LockListResponse,
  PauseCodeListResponse,
  PauseCodeResponse,
  SelectablePauseCodeListResponse,
  SessionResponse,
  SignedInResponse,
  StatusResponse,
  UnlockResponse,
} from '../../../server/src/http/contract/api-types.ts';
import { ApiError } from './api-error.ts';
import type { CallerProfileInput, DirectoryEntryInput } from './directory-types.ts';
import { http } from './http-client.ts';
import type {
  AdminAgent,
  AgentSessionView,
  AuditFilter,
  Contact,
  Device,
  Interface,
  PauseCodeInput,
} from './types.ts';

// Response bodies are the server's own types (its OpenAPI document is made from the same schemas).
export type SignedIn = SignedInResponse;

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
  http.post<SessionResponse>(
    '/api/agent/session',
    deviceId === undefined ? { interface: iface } : { interface: iface, deviceId },
  );
export const pauseSession = (code: string) => http.post<SessionResponse>('/api/agent/pause', { code });
export const readySession = () => http.post<SessionResponse>('/api/agent/ready', {});
export const heartbeat = () => http.post<SessionResponse>('/api/agent/heartbeat', {});
export const endSession = () => http.delete<void>('/api/agent/session');
export const availableDevices = () => http.get<DeviceListResponse>('/api/devices/available');
export const selectablePauseCodes = () => http.get<SelectablePauseCodeListResponse>('/api/pause-codes');
/** Calls the agent's phone into the session again; answers when it connected or failed. */
export const callMeAgain = () => http.post<CallAgainResponse>('/api/agent/session/call-again', {});
/** The signed-in agent's own login locks (is my dial-in locked, and until when?). */
export const myLocks = () => http.get<LockListResponse>('/api/agent/locks');
/** Whether Asterisk control is on and reachable (the degraded-mode banner). */
export const serverStatus = () => http.get<StatusResponse>('/api/status');

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
export const listAgents = () => http.get<AgentListResponse>('/api/admin/agents');
export const createAgent = (input: AgentInput) => http.post<AgentResponse>('/api/admin/agents', input);
export const updateAgent = (id: number, changes: Partial<AgentInput>) =>
  http.patch<AgentResponse>(`/api/admin/agents/${id}`, changes);
export const setAgentPassword = (id: number, password: string) =>
  http.post<void>(`/api/admin/agents/${id}/password`, { password });
export const setAgentPin = (id: number, pin: string | null) =>
  http.post<void>(`/api/admin/agents/${id}/pin`, { pin });

// ---- admin: phones, contacts, pause codes ----
export type DeviceInput = Pick<Device, 'name' | 'endpoint' | 'location' | 'kind' | 'enabled'>;
export const listDevices = () => http.get<DeviceListResponse>('/api/admin/devices');
export const createDevice = (input: DeviceInput) => http.post<DeviceResponse>('/api/admin/devices', input);
export const updateDevice = (id: number, changes: Partial<DeviceInput>) =>
  http.patch<DeviceResponse>(`/api/admin/devices/${id}`, changes);

export type ContactInput = Omit<Contact, 'id'>;
export const listContacts = () => http.get<ContactListResponse>('/api/admin/contacts');
export const createContact = (input: ContactInput) =>
  http.post<ContactResponse>('/api/admin/contacts', input);
export const updateContact = (id: number, changes: Partial<ContactInput>) =>
  http.patch<ContactResponse>(`/api/admin/contacts/${id}`, changes);

export const listPauseCodes = () => http.get<PauseCodeListResponse>('/api/admin/pause-codes');
export const createPauseCode = (input: PauseCodeInput) =>
  http.post<PauseCodeResponse>('/api/admin/pause-codes', input);
export const updatePauseCode = (code: string, changes: Partial<PauseCodeInput>) =>
  http.patch<PauseCodeResponse>(`/api/admin/pause-codes/${encodeURIComponent(code)}`, changes);

// ---- admin: live board and audit ----
export const liveBoard = () => http.get<BoardResponse>('/api/admin/board');
export const pauseAgentSession = (sessionId: number, code: string) =>
  http.post<SessionResponse>(`/api/admin/sessions/${sessionId}/pause`, { code });
export const endAgentSession = (sessionId: number) => http.delete<void>(`/api/admin/sessions/${sessionId}`);

export function auditLog(filter: AuditFilter) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const suffix = query.size > 0 ? `?${query}` : '';
  return http.get<AuditListResponse>(`/api/admin/audit${suffix}`);
}

// ---- admin: extension directory and caller profiles ----
export const listDirectory = () => http.get<DirectoryListResponse>('/api/admin/directory');
export const getDirectoryEntry = (id: number) =>
  http.get<DirectoryEntryResponse>(`/api/admin/directory/${id}`);
export const createDirectoryEntry = (input: DirectoryEntryInput) =>
  http.post<DirectoryEntryResponse>('/api/admin/directory', input);
export const updateDirectoryEntry = (id: number, changes: Partial<DirectoryEntryInput>) =>
  http.patch<DirectoryEntryResponse>(`/api/admin/directory/${id}`, changes);
export const getCallerProfile = (contactId: number) =>
  http.get<CallerProfileResponse>(`/api/admin/contacts/${contactId}/caller-profile`);
export const updateCallerProfile = (contactId: number, changes: CallerProfileInput) =>
  http.patch<CallerProfileResponse>(`/api/admin/contacts/${contactId}/caller-profile`, changes);

// ---- admin: login locks ----
export const listLocks = () => http.get<LockListResponse>('/api/admin/locks');
/** Lifts one lock (by its key) or every lock of a user ID. */
export const unlock = (target: { key: string } | { userId: string }) =>
  http.post<UnlockResponse>('/api/admin/locks/unlock', target);
