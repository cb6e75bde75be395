/** Agents as the API shows them: `Me` to the agent, `AdminAgent` to admins. Never a hash. */
import { z } from 'zod';
import { AGENT_ROLES, SESSION_INTERFACES } from '../../domain/agent.ts';
import {
  MEDIA_ENCRYPTIONS,
  SIP_CODECS,
  SIP_PEER_TYPES,
  SIP_TRANSPORTS,
} from '../../domain/voice-settings.ts';
import { named, timestamp } from './api-schema-registry.ts';

export const voiceSettingsSchema = named(
  'VoiceSettings',
  z.strictObject({
    transports: z.array(z.enum(SIP_TRANSPORTS)),
    host: z.string(),
    nat: z.boolean(),
    type: z.enum(SIP_PEER_TYPES),
    codecs: z.array(z.enum(SIP_CODECS)),
    callerId: z.string(),
    context: z.string(),
    callGroup: z.string(),
    pickupGroup: z.string(),
    chanspy: z.boolean(),
    video: z.boolean(),
    recordCalls: z.boolean(),
    encryption: z.enum(MEDIA_ENCRYPTIONS),
  }),
);

export const meSchema = named(
  'Me',
  z.strictObject({
    id: z.number().int(),
    userId: z.string(),
    name: z.string(),
    role: z.enum(AGENT_ROLES),
    hotDesk: z.boolean(),
    mobileNumber: z.string().nullable(),
    defaultInterface: z.enum(SESSION_INTERFACES).nullable(),
    /** A PIN, an enabled account and a role the dial-in admits. */
    canDialIn: z.boolean(),
  }),
);

export const adminAgentSchema = named(
  'AdminAgent',
  meSchema.extend({
    enabled: z.boolean(),
    hasPin: z.boolean(),
    voice: voiceSettingsSchema,
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);

export const signedInResponse = z.strictObject({
  me: meSchema,
  /** Send it back in the `x-csrf-token` header of every request that changes something. */
  csrfToken: z.string(),
});
export const agentResponse = z.strictObject({ agent: adminAgentSchema });
export const agentListResponse = z.strictObject({ agents: z.array(adminAgentSchema) });
export const agentQueuesResponse = z.strictObject({ queues: z.array(z.string()) });
