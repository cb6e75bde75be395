// The directory's shapes in the REST contract: extension entries and a contact's caller profile,
// as the server declares them (packages/server/src/http/contract), imported as types only.
import type {
  ApiCallerProfile,
  ApiDirectoryEntry,
  ApiDirectoryTarget,
} from '../../../server/src/http/contract/api-types.ts';

/** What an entry rings, as the server shows it: agent and phone names resolved (null when gone). */
export type DirectoryTarget = ApiDirectoryTarget;
export type DirectoryTargetKind = DirectoryTarget['kind'];
export const DIRECTORY_TARGET_KINDS: readonly DirectoryTargetKind[] = ['endpoints', 'device', 'agent'];

export type DirectoryEntry = ApiDirectoryEntry;

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
export type CallerProfile = ApiCallerProfile;

export type CallerProfileInput = Partial<Pick<CallerProfile, 'vip' | 'account'>>;
