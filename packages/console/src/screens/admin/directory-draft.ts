// The directory form's draft (what the controls hold, all text) and the request bodies made from
// it. Pure, so what a create or a PATCH sends is decided in one place.
import type {
  DirectoryEntry,
  DirectoryEntryInput,
  DirectoryTarget,
  DirectoryTargetInput,
  DirectoryTargetKind,
} from '../../api/directory-types.ts';
import { changedFields } from './changed-fields.ts';

export interface DirectoryDraft {
  extension: string;
  name: string;
  targetKind: DirectoryTargetKind;
  /** Endpoints as typed: separated by commas, spaces or new lines. */
  endpoints: string;
  /** Select values: an id as text, '' for none chosen yet. */
  deviceId: string;
  agentId: string;
  ringSeconds: string;
  voicemail: boolean;
  /** Empty: the extension (the server's default box). */
  voicemailBox: string;
  voicemailContext: string;
  enabled: boolean;
}

export const EMPTY_DIRECTORY_DRAFT: DirectoryDraft = {
  extension: '',
  name: '',
  targetKind: 'agent',
  endpoints: '',
  deviceId: '',
  agentId: '',
  ringSeconds: '20',
  voicemail: true,
  voicemailBox: '',
  voicemailContext: 'default',
  enabled: true,
};

export function draftOf(entry: DirectoryEntry): DirectoryDraft {
  const target = entry.target;
  return {
    extension: entry.extension,
    name: entry.name,
    targetKind: target.kind,
    endpoints: target.kind === 'endpoints' ? target.endpoints.join(', ') : '',
    deviceId: target.kind === 'device' ? String(target.deviceId) : '',
    agentId: target.kind === 'agent' ? String(target.agentId) : '',
    ringSeconds: String(entry.ringSeconds),
    voicemail: entry.voicemailBox !== null,
    voicemailBox: entry.voicemailBox ?? '',
    voicemailContext: entry.voicemailContext,
    enabled: entry.enabled,
  };
}

const id = (text: string): number | undefined => (/^[1-9][0-9]*$/.test(text) ? Number(text) : undefined);

function targetOf(draft: DirectoryDraft): DirectoryTargetInput {
  switch (draft.targetKind) {
    case 'endpoints':
      return {
        kind: 'endpoints',
        endpoints: draft.endpoints.split(/[\s,]+/).filter((e) => e !== ''),
      };
    case 'device': {
      const deviceId = id(draft.deviceId);
      return deviceId === undefined ? { kind: 'device' } : { kind: 'device', deviceId };
    }
    case 'agent': {
      const agentId = id(draft.agentId);
      return agentId === undefined ? { kind: 'agent' } : { kind: 'agent', agentId };
    }
  }
}

/** The whole entry as a create sends it. */
export function entryInputOf(draft: DirectoryDraft): DirectoryEntryInput {
  const ring = draft.ringSeconds.trim();
  const box = draft.voicemailBox.trim();
  return {
    extension: draft.extension.trim(),
    name: draft.name,
    target: targetOf(draft),
    // Text that is not a whole number goes as typed, so the server names what is wrong with it.
    ringSeconds: /^[0-9]+$/.test(ring) ? Number(ring) : ring,
    voicemailBox: draft.voicemail ? box || draft.extension.trim() : null,
    voicemailContext: draft.voicemailContext.trim(),
    enabled: draft.enabled,
  };
}

/** What an edit sends: only the fields that changed (a changed target is sent whole). */
export function entryChangesOf(entry: DirectoryEntry, draft: DirectoryDraft): Partial<DirectoryEntryInput> {
  return changedFields(entryInputOf(draftOf(entry)), entryInputOf(draft));
}

/** One line saying what an entry rings, for the list. */
export function describeTarget(target: DirectoryTarget): string {
  switch (target.kind) {
    case 'endpoints':
      return target.endpoints.join(', ');
    case 'device':
      return target.name === null
        ? `Phone #${target.deviceId} (deleted)`
        : `Phone: ${target.name} (${target.endpoint ?? '?'})`;
    case 'agent':
      return target.name === null
        ? `Agent #${target.agentId} (deleted)`
        : `Agent: ${target.name} (${target.userId ?? '?'})`;
  }
}

export function describeVoicemail(entry: DirectoryEntry): string {
  return entry.voicemailBox === null ? 'None' : `${entry.voicemailBox}@${entry.voicemailContext}`;
}
