import type { AgentInput } from '../../api/endpoints.ts';
import type { AdminAgent, Interface, Role } from '../../api/types.ts';
import { DEFAULT_VOICE_SETTINGS, type VoiceSettings } from '../../api/voice-settings.ts';

/** What the agent form edits; text fields stay text until they are sent. */
export interface AgentDraft {
  userId: string;
  name: string;
  role: Role;
  enabled: boolean;
  hotDesk: boolean;
  mobileNumber: string;
  defaultInterface: Interface | '';
  voice: VoiceSettings;
  /** Only used when creating; an existing agent's secrets are reset with their own buttons. */
  password: string;
  pin: string;
}

export function emptyAgentDraft(): AgentDraft {
  return {
    userId: '',
    name: '',
    role: 'agent',
    enabled: true,
    hotDesk: false,
    mobileNumber: '',
    defaultInterface: '',
    voice: {
      ...DEFAULT_VOICE_SETTINGS,
      transports: [...DEFAULT_VOICE_SETTINGS.transports],
      codecs: [...DEFAULT_VOICE_SETTINGS.codecs],
    },
    password: '',
    pin: '',
  };
}

export function agentToDraft(agent: AdminAgent): AgentDraft {
  return {
    userId: agent.userId,
    name: agent.name,
    role: agent.role,
    enabled: agent.enabled,
    hotDesk: agent.hotDesk,
    mobileNumber: agent.mobileNumber ?? '',
    defaultInterface: agent.defaultInterface ?? '',
    voice: agent.voice,
    password: '',
    pin: '',
  };
}

/**
 * The fields an admin may PATCH: everything but the secrets and the user ID, which is what the
 * agent keys when dialing in and stays fixed once the account exists.
 */
export function editableFields(draft: AgentDraft): Required<Omit<AgentInput, 'userId' | 'password' | 'pin'>> {
  return {
    name: draft.name.trim(),
    role: draft.role,
    enabled: draft.enabled,
    hotDesk: draft.hotDesk,
    mobileNumber: draft.mobileNumber.trim() === '' ? null : draft.mobileNumber.trim(),
    defaultInterface: draft.defaultInterface === '' ? null : draft.defaultInterface,
    voice: draft.voice,
  };
}

/** The body of `POST /api/admin/agents`; an empty PIN is left out (no dial-in). */
export function createBody(draft: AgentDraft): AgentInput {
  return {
    userId: draft.userId.trim(),
    ...editableFields(draft),
    password: draft.password,
    ...(draft.pin === '' ? {} : { pin: draft.pin }),
  };
}
