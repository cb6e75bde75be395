import type { VoiceSettings } from './voice-settings.ts';

export const AGENT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const SESSION_INTERFACES = ['internal', 'phone', 'mobile', 'dialin'] as const;
export type SessionInterface = (typeof SESSION_INTERFACES)[number];

/** An agent as callers outside the domain see it: never a hash. */
export interface Agent {
  id: number;
  userId: string;
  name: string;
  role: AgentRole;
  enabled: boolean;
  /** Whether the agent can log in on the web (a password is set). */
  hasPassword: boolean;
  /** Whether the agent can dial in with a PIN (a PIN is set). */
  hasPin: boolean;
  hotDesk: boolean;
  mobileNumber: string | null;
  defaultInterface: SessionInterface | null;
  voiceSettings: VoiceSettings;
  createdAt: Date;
  updatedAt: Date;
}

/** The stored agent, with its secret hashes. Stays inside the domain and the store. */
export interface AgentRecord extends Omit<Agent, 'hasPassword' | 'hasPin'> {
  passwordHash: string | null;
  pinHash: string | null;
}

export function toAgent(record: AgentRecord): Agent {
  const { passwordHash, pinHash, ...rest } = record;
  return { ...rest, hasPassword: passwordHash !== null, hasPin: pinHash !== null };
}
