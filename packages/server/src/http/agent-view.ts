/** An agent as the API shows it: `Me` to the agent, `AdminAgent` to admins. Never a hash. */
import type { Agent } from '../domain/agent.ts';
import type { DomainConfig } from '../domain/domain-config.ts';
import type { ApiAdminAgent, ApiMe } from './contract/api-types.ts';

/** The shapes are the API contract's (contract/agent-contract.ts). */
export type MeView = ApiMe;
export type AdminAgentView = ApiAdminAgent;

/** Dial-in needs a PIN, an enabled account and a role the dial-in guard admits. */
export function canDialIn(agent: Agent, config: Pick<DomainConfig, 'dialInRoles'>): boolean {
  return agent.hasPin && agent.enabled && config.dialInRoles.includes(agent.role);
}

export function meView(agent: Agent, config: Pick<DomainConfig, 'dialInRoles'>): MeView {
  return {
    id: agent.id,
    userId: agent.userId,
    name: agent.name,
    role: agent.role,
    hotDesk: agent.hotDesk,
    mobileNumber: agent.mobileNumber,
    defaultInterface: agent.defaultInterface,
    canDialIn: canDialIn(agent, config),
  };
}

export function adminAgentView(agent: Agent, config: Pick<DomainConfig, 'dialInRoles'>): AdminAgentView {
  return {
    ...meView(agent, config),
    enabled: agent.enabled,
    hasPin: agent.hasPin,
    voice: agent.voiceSettings,
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}
