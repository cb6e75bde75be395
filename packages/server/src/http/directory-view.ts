/**
 * Directory entries and caller profiles as the API shows them. An entry's target carries the
 * name of the agent or phone it rings, so a list reads without a lookup per row.
 */
import type { Agent } from '../domain/agent.ts';
import type { Device } from '../domain/device.ts';
import type { CallerProfile } from '../domain/directory-caller.ts';
import type { DirectoryEntry } from '../domain/directory-entry.ts';
import type { ApiCallerProfile, ApiDirectoryEntry, ApiDirectoryTarget } from './contract/api-types.ts';

/** The shapes are the API contract's (contract/directory-contract.ts). */
export type DirectoryTargetView = ApiDirectoryTarget;
export type DirectoryEntryView = ApiDirectoryEntry;
export type CallerProfileView = ApiCallerProfile;

/** The agents and devices entries may point at, by id. */
export interface TargetNames {
  agents: ReadonlyMap<number, Agent>;
  devices: ReadonlyMap<number, Device>;
}

export function targetNames(agents: readonly Agent[], devices: readonly Device[]): TargetNames {
  return {
    agents: new Map(agents.map((a) => [a.id, a])),
    devices: new Map(devices.map((d) => [d.id, d])),
  };
}

function targetView(entry: DirectoryEntry, names: TargetNames): DirectoryTargetView {
  const target = entry.target;
  switch (target.kind) {
    case 'endpoints':
      return { kind: 'endpoints', endpoints: [...target.endpoints] };
    case 'device': {
      const device = names.devices.get(target.deviceId);
      return {
        kind: 'device',
        deviceId: target.deviceId,
        name: device?.name ?? null,
        endpoint: device?.endpoint ?? null,
        enabled: device?.enabled ?? false,
      };
    }
    case 'agent': {
      const agent = names.agents.get(target.agentId);
      return {
        kind: 'agent',
        agentId: target.agentId,
        name: agent?.name ?? null,
        userId: agent?.userId ?? null,
        enabled: agent?.enabled ?? false,
      };
    }
  }
}

export function directoryEntryView(entry: DirectoryEntry, names: TargetNames): DirectoryEntryView {
  return {
    id: entry.id,
    extension: entry.extension,
    name: entry.name,
    target: targetView(entry, names),
    ringSeconds: entry.ringSeconds,
    voicemailBox: entry.voicemailBox,
    voicemailContext: entry.voicemailContext,
    enabled: entry.enabled,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function callerProfileView(profile: CallerProfile): CallerProfileView {
  return {
    contactId: profile.contactId,
    officeNum: profile.officeNum,
    name: profile.name,
    vip: profile.vip,
    account: profile.account,
  };
}
