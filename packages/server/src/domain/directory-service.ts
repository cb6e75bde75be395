/**
 * The extension directory service: entries (add, list, update, disable) and the routing decision
 * for a dialled extension. Agent entries are resolved against the agent's open session at call
 * time, so a directory call reaches the agent wherever they chose to take calls today.
 */
import { checkDigits, checkText } from './credential-rules.ts';
import type { DirectoryEntry, DirectoryRoute, DirectoryTarget } from './directory-entry.ts';
import type { DirectoryEntryPatch } from './directory-port.ts';
import { DomainError } from './domain-error.ts';
import type { ServiceContext } from './service-context.ts';

export interface NewDirectoryEntryInput {
  extension: string;
  name: string;
  /** Endpoints to ring together (`PJSIP/2001`); give these, `deviceId` or `agentId`. */
  endpoints?: readonly string[];
  deviceId?: number;
  agentId?: number;
  /** Default 20. */
  ringSeconds?: number;
  /** Default: the extension. null: no voicemail. */
  voicemailBox?: string | null;
  /** Default `default`. */
  voicemailContext?: string;
  enabled?: boolean;
}

export type DirectoryEntryUpdateInput = Partial<NewDirectoryEntryInput>;

export interface RouteOptions {
  /** Context that sends mobile calls out a trunk: the agent's mobile is `Local/<number>@<context>/n`. */
  mobileTrunkContext: string;
}

export interface DirectoryService {
  add(input: NewDirectoryEntryInput): Promise<DirectoryEntry>;
  get(id: number): Promise<DirectoryEntry>;
  findByExtension(extension: string): Promise<DirectoryEntry | undefined>;
  list(): Promise<DirectoryEntry[]>;
  /** Giving `endpoints`, `deviceId` or `agentId` switches what the entry rings. */
  update(id: number, input: DirectoryEntryUpdateInput): Promise<DirectoryEntry>;
  disable(id: number): Promise<DirectoryEntry>;
  /** What a call to `extension` should do now. */
  resolveRoute(extension: string, options: RouteOptions): Promise<DirectoryRoute>;
}

export const DEFAULT_RING_SECONDS = 20;
export const DEFAULT_VOICEMAIL_CONTEXT = 'default';
const MAX_RING_SECONDS = 600;

// Values end up inside a Dial() or VoiceMail() argument, where `&`, `,` or `@` would change what
// happens: each is held to a strict pattern.
const ENDPOINT =
  /^(PJSIP|SIP|IAX2|DAHDI)\/[A-Za-z0-9_.+-]{1,80}$|^Local\/[A-Za-z0-9_.+*#-]{1,80}@[A-Za-z0-9_-]{1,80}(\/n)?$/;
const MAILBOX = /^[A-Za-z0-9_-]{1,40}$/;
const CONTEXT = /^[A-Za-z0-9_-]{1,80}$/;
const MOBILE = /^\+?[0-9]{3,20}$/;
const MAX_ENDPOINTS = 20;

export function checkEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  if (!ENDPOINT.test(trimmed)) {
    throw new DomainError(
      'E_VALIDATION',
      `Endpoint ${JSON.stringify(endpoint)} must look like PJSIP/2001 (or SIP/, IAX2/, DAHDI/, Local/<exten>@<context>)`,
    );
  }
  return trimmed;
}

function checkEndpoints(endpoints: readonly string[]): string[] {
  if (endpoints.length === 0 || endpoints.length > MAX_ENDPOINTS) {
    throw new DomainError('E_VALIDATION', `An entry rings 1 to ${MAX_ENDPOINTS} endpoints`);
  }
  return [...new Set(endpoints.map(checkEndpoint))];
}

function checkRingSeconds(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_RING_SECONDS) {
    throw new DomainError('E_VALIDATION', `Ring time must be 1 to ${MAX_RING_SECONDS} seconds`);
  }
  return value;
}

function checkMailbox(box: string | null): string | null {
  if (box === null) return null;
  if (!MAILBOX.test(box)) {
    throw new DomainError('E_VALIDATION', 'Voicemail box must be 1 to 40 letters, digits, _ or -');
  }
  return box;
}

function checkContext(context: string): string {
  if (!CONTEXT.test(context)) {
    throw new DomainError('E_VALIDATION', 'Voicemail context must be 1 to 80 letters, digits, _ or -');
  }
  return context;
}

export function createDirectoryService(ctx: ServiceContext): DirectoryService {
  const { store, clock } = ctx;

  async function checkTarget(input: DirectoryEntryUpdateInput): Promise<DirectoryTarget | undefined> {
    const given = [input.endpoints, input.deviceId, input.agentId].filter((v) => v !== undefined).length;
    if (given > 1) {
      throw new DomainError('E_VALIDATION', 'An entry rings endpoints, a device or an agent: only one');
    }
    if (input.endpoints !== undefined)
      return { kind: 'endpoints', endpoints: checkEndpoints(input.endpoints) };
    if (input.deviceId !== undefined) {
      const deviceId = input.deviceId;
      if (!(await store.devices.findById(deviceId))) {
        throw new DomainError('E_NOT_FOUND', `No device with id ${deviceId}`);
      }
      return { kind: 'device', deviceId };
    }
    const hasAgent = input.agentId !== undefined;
    if (hasAgent) {
      const agentId = input.agentId ?? 0;
      if (!(await store.agents.findById(agentId))) {
        throw new DomainError('E_NOT_FOUND', `No agent with id ${agentId}`);
      }
      return { kind: 'agent', agentId };
    }
    return undefined;
  }

  async function load(id: number): Promise<DirectoryEntry> {
    const entry = await store.directory.findById(id);
    if (!entry) throw new DomainError('E_NOT_FOUND', `No directory entry with id ${id}`);
    return entry;
  }

  /** Where an agent's calls go now, from their open session. */
  async function agentRoute(
    entry: DirectoryEntry,
    agentId: number,
    options: RouteOptions,
  ): Promise<DirectoryRoute> {
    const agent = await store.agents.findById(agentId);
    if (!agent?.enabled) return { kind: 'unavailable', entry, reason: 'agent_disabled' };
    const session = await store.sessions.findOpenByAgent(agentId);
    if (!session) return { kind: 'unavailable', entry, reason: 'logged_out' };
    if (session.state === 'in_call') return { kind: 'busy', entry };
    switch (session.interface) {
      case 'internal':
        return { kind: 'dial', entry, dialString: checkEndpoint(`PJSIP/${agent.userId}`) };
      case 'phone': {
        const device = session.deviceId === null ? undefined : await store.devices.findById(session.deviceId);
        if (!device) return { kind: 'unavailable', entry, reason: 'logged_out' };
        return { kind: 'dial', entry, dialString: checkEndpoint(device.endpoint) };
      }
      case 'mobile': {
        const number = (agent.mobileNumber ?? '').replace(/[\s().-]/g, '');
        if (!MOBILE.test(number)) return { kind: 'unavailable', entry, reason: 'no_mobile' };
        return {
          kind: 'dial',
          entry,
          dialString: `Local/${number}@${checkContext(options.mobileTrunkContext)}/n`,
        };
      }
      case 'dialin':
        return { kind: 'unavailable', entry, reason: 'dial_in_session' };
    }
  }

  return {
    async add(input) {
      const extension = checkDigits(input.extension, 'Extension', 20);
      const target = await checkTarget(input);
      if (!target)
        throw new DomainError('E_VALIDATION', 'An entry needs endpoints, a device or an agent to ring');
      if (await store.directory.findByExtension(extension)) {
        throw new DomainError('E_DUPLICATE', `Extension ${extension} is in the directory already`);
      }
      return store.directory.insert(
        {
          extension,
          name: checkText(input.name, 'Name'),
          target,
          ringSeconds: checkRingSeconds(input.ringSeconds ?? DEFAULT_RING_SECONDS),
          voicemailBox: checkMailbox(input.voicemailBox === undefined ? extension : input.voicemailBox),
          voicemailContext: checkContext(input.voicemailContext ?? DEFAULT_VOICEMAIL_CONTEXT),
          enabled: input.enabled ?? true,
        },
        clock.now(),
      );
    },

    get: load,

    findByExtension(extension) {
      return store.directory.findByExtension(extension);
    },

    list() {
      return store.directory.list();
    },

    async update(id, input) {
      await load(id);
      const patch: DirectoryEntryPatch = {};
      if (input.extension !== undefined) {
        patch.extension = checkDigits(input.extension, 'Extension', 20);
        const other = await store.directory.findByExtension(patch.extension);
        if (other && other.id !== id) {
          throw new DomainError('E_DUPLICATE', `Extension ${patch.extension} is in the directory already`);
        }
      }
      if (input.name !== undefined) patch.name = checkText(input.name, 'Name');
      const target = await checkTarget(input);
      if (target) patch.target = target;
      if (input.ringSeconds !== undefined) patch.ringSeconds = checkRingSeconds(input.ringSeconds);
      if (input.voicemailBox !== undefined) patch.voicemailBox = checkMailbox(input.voicemailBox);
      if (input.voicemailContext !== undefined) patch.voicemailContext = checkContext(input.voicemailContext);
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      const updated = await store.directory.update(id, patch, clock.now());
      if (!updated) throw new DomainError('E_NOT_FOUND', `No directory entry with id ${id}`);
      return updated;
    },

    async disable(id) {
      await load(id);
      const updated = await store.directory.update(id, { enabled: false }, clock.now());
      if (!updated) throw new DomainError('E_NOT_FOUND', `No directory entry with id ${id}`);
      return updated;
    },

    async resolveRoute(extension, options) {
      if (!/^[0-9]{1,20}$/.test(extension)) return { kind: 'unknown' };
      const entry = await store.directory.findByExtension(extension);
      if (!entry) return { kind: 'unknown' };
      if (!entry.enabled) return { kind: 'disabled', entry };
      switch (entry.target.kind) {
        case 'agent':
          return agentRoute(entry, entry.target.agentId, options);
        case 'device': {
          const device = await store.devices.findById(entry.target.deviceId);
          if (!device?.enabled) return { kind: 'unavailable', entry, reason: 'device_disabled' };
          return { kind: 'dial', entry, dialString: checkEndpoint(device.endpoint) };
        }
        case 'endpoints':
          return { kind: 'dial', entry, dialString: entry.target.endpoints.join('&') };
      }
    },
  };
}
