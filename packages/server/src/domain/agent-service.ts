import type { Agent, AgentRecord, AgentRole, SessionInterface } from './agent.ts';
import { AGENT_ROLES, SESSION_INTERFACES, toAgent } from './agent.ts';
import { checkOneOf, checkPassword, checkPin, checkText, checkUserId } from './credential-rules.ts';
import { DomainError } from './domain-error.ts';
import { hashSecret } from './secret-hash.ts';
import type { ServiceContext } from './service-context.ts';
import type { AgentPatch } from './store-port.ts';
import type { VoiceSettings } from './voice-settings.ts';
import { DEFAULT_VOICE_SETTINGS } from './voice-settings.ts';
import type { WebSessionService } from './web-session-service.ts';

export interface NewAgentInput {
  userId: string;
  name: string;
  role?: AgentRole;
  enabled?: boolean;
  /** Web password; omit for an agent who only dials in. */
  password?: string;
  /** Dial-in PIN, digits only; omit for no dial-in. */
  pin?: string;
  hotDesk?: boolean;
  mobileNumber?: string | null;
  defaultInterface?: SessionInterface | null;
  voiceSettings?: Partial<VoiceSettings>;
}

export interface AgentUpdateInput {
  name?: string;
  role?: AgentRole;
  enabled?: boolean;
  /** A new web password; null removes it (no web login). */
  password?: string | null;
  /** A new PIN; null removes it (no dial-in). */
  pin?: string | null;
  hotDesk?: boolean;
  mobileNumber?: string | null;
  defaultInterface?: SessionInterface | null;
  voiceSettings?: Partial<VoiceSettings>;
}

export interface AgentService {
  create(input: NewAgentInput): Promise<Agent>;
  get(id: number): Promise<Agent>;
  findByUserId(userId: string): Promise<Agent | undefined>;
  list(): Promise<Agent[]>;
  /**
   * A password change or disabling signs the agent out of every browser (`web_sessions.revoked`),
   * except `keepWebSession` (the id of the login that changed its own password).
   */
  update(id: number, input: AgentUpdateInput, options?: { keepWebSession?: string }): Promise<Agent>;
  disable(id: number): Promise<Agent>;
  count(): Promise<number>;
}

function checkMobile(mobile: string | null | undefined): string | null {
  if (mobile === undefined || mobile === null || mobile === '') return null;
  if (!/^\+?[0-9]{3,20}$/.test(mobile)) {
    throw new DomainError('E_VALIDATION', 'Mobile number must be 3 to 20 digits, optionally after +');
  }
  return mobile;
}

export function createAgentService(
  ctx: ServiceContext,
  deps: { webSessions: Pick<WebSessionService, 'revokeAllForAgent'> },
): AgentService {
  const { store, clock, config } = ctx;

  async function secretHashes(input: { password?: string | null; pin?: string | null }): Promise<AgentPatch> {
    const patch: AgentPatch = {};
    if (input.password !== undefined) {
      patch.passwordHash =
        input.password === null
          ? null
          : await hashSecret(checkPassword(input.password, config.passwordMinLength), ctx.hashCost);
    }
    if (input.pin !== undefined) {
      patch.pinHash =
        input.pin === null
          ? null
          : await hashSecret(checkPin(input.pin, config.pinMinLength, config.pinMaxLength), ctx.hashCost);
    }
    return patch;
  }

  async function load(id: number): Promise<AgentRecord> {
    const record = await store.agents.findById(id);
    if (!record) throw new DomainError('E_NOT_FOUND', `No agent with id ${id}`);
    return record;
  }

  const service: AgentService = {
    async create(input) {
      const userId = checkUserId(input.userId);
      const name = checkText(input.name, 'Name');
      const role = checkOneOf(input.role ?? 'agent', AGENT_ROLES, 'Role');
      const defaultInterface =
        input.defaultInterface == null
          ? null
          : checkOneOf(input.defaultInterface, SESSION_INTERFACES, 'Interface');
      const mobileNumber = checkMobile(input.mobileNumber);
      // Validate formats before the slow hashing, and the duplicate before hashing too.
      if (input.pin !== undefined) checkPin(input.pin, config.pinMinLength, config.pinMaxLength);
      if (input.password !== undefined) checkPassword(input.password, config.passwordMinLength);
      if (await store.agents.findByUserId(userId)) {
        throw new DomainError('E_DUPLICATE_USER', `User ID ${userId} is already taken`);
      }
      const hashes = await secretHashes(input);
      const record = await store.agents.insert(
        {
          userId,
          name,
          role,
          enabled: input.enabled ?? true,
          passwordHash: hashes.passwordHash ?? null,
          pinHash: hashes.pinHash ?? null,
          hotDesk: input.hotDesk ?? false,
          mobileNumber,
          defaultInterface,
          voiceSettings: { ...DEFAULT_VOICE_SETTINGS, ...input.voiceSettings },
        },
        clock.now(),
      );
      return toAgent(record);
    },

    async get(id) {
      return toAgent(await load(id));
    },

    async findByUserId(userId) {
      const record = await store.agents.findByUserId(userId);
      return record ? toAgent(record) : undefined;
    },

    async list() {
      return (await store.agents.list()).map(toAgent);
    },

    async update(id, input, options = {}) {
      const current = await load(id);
      const patch: AgentPatch = {};
      if (input.name !== undefined) patch.name = checkText(input.name, 'Name');
      if (input.role !== undefined) patch.role = checkOneOf(input.role, AGENT_ROLES, 'Role');
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      if (input.hotDesk !== undefined) patch.hotDesk = input.hotDesk;
      if (input.mobileNumber !== undefined) patch.mobileNumber = checkMobile(input.mobileNumber);
      if (input.defaultInterface !== undefined) {
        patch.defaultInterface =
          input.defaultInterface === null
            ? null
            : checkOneOf(input.defaultInterface, SESSION_INTERFACES, 'Interface');
      }
      if (input.voiceSettings !== undefined) {
        patch.voiceSettings = { ...current.voiceSettings, ...input.voiceSettings };
      }
      Object.assign(patch, await secretHashes(input));
      const record = await store.agents.update(id, patch, clock.now());
      if (!record) throw new DomainError('E_NOT_FOUND', `No agent with id ${id}`);
      const agent = toAgent(record);
      if (input.password !== undefined || (input.enabled === false && current.enabled)) {
        await deps.webSessions.revokeAllForAgent(id, {
          ...(options.keepWebSession === undefined ? {} : { exceptId: options.keepWebSession }),
        });
      }
      ctx.events.publish({ type: 'agent.changed', agent });
      return agent;
    },

    disable(id) {
      return service.update(id, { enabled: false });
    },

    count() {
      return store.agents.count();
    },
  };
  return service;
}
