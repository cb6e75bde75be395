// The directory's shapes in the REST contract: extension entries and a contact's caller profile.

export type DirectoryTargetKind = 'endpoints' | 'device' | 'agent';
export const DIRECTORY_TARGET_KINDS: readonly DirectoryTargetKind[] = ['endpoints', 'device', 'agent'];

/** What an entry rings, as the server shows it: agent and phone names resolved (null when gone). */
export type DirectoryTarget =
  | { kind: 'endpoints'; endpoints: string[] }
  | { kind: 'device'; deviceId: number; name: string | null; endpoint: string | null; enabled: boolean }
  | { kind: 'agent'; agentId: number; name: string | null; userId: string | null; enabled: boolean };

export interface DirectoryEntry {
  id: number;
  extension: string;
  name: string;
  target: DirectoryTarget;
  ringSeconds: number;
  /** null: no voicemail, an unanswered call just ends. */
  voicemailBox: string | null;
  voicemailContext: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the console sends for a target. Ids may be missing or numbers typed as text: the server
 * reports those on their field (`target.agentId`), so the form shows the error under its control.
 */
export type DirectoryTargetInput =
  | { kind: 'endpoints'; endpoints: string[] }
  | { kind: 'device'; deviceId?: number }
  | { kind: 'agent'; agentId?: number };

export interface DirectoryEntryInput {
  extension: string;
  name: string;
  target: DirectoryTargetInput;
  /** A number, or the text typed when it is not one (the server says why). */
  ringSeconds?: number | string;
  voicemailBox?: string | null;
  voicemailContext?: string;
  enabled?: boolean;
}

/** A contact's details for the caller-lookup app: VIP routing and the account reference. */
export interface CallerProfile {
  contactId: number;
  officeNum: string;
  name: string;
  vip: boolean;
  account: string | null;
}

export type CallerProfileInput = Partial<Pick<CallerProfile, 'vip' | 'account'>>;
