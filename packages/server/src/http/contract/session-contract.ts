/**
 * Agent sessions as the API shows them: the agent's and phone's names, the pause reason's name,
 * for dial-in sessions the number and the keys to press, and the last attempt to call the phone.
 */
import { z } from 'zod';
import { SESSION_INTERFACES } from '../../domain/agent.ts';
import { AGENT_STATES, PHONE_LEG_STATES } from '../../domain/agent-session.ts';
import { named, timestamp } from './api-schema-registry.ts';

export const dialInInstructionsSchema = named(
  'DialInInstructions',
  z.strictObject({ number: z.string(), steps: z.array(z.string()) }),
);

/** The session's last attempt to call the agent's phone: Calling…, Connected, or why it failed. */
export const legAttemptSchema = named(
  'LegAttempt',
  z.strictObject({
    status: z.enum(['calling', 'connected', 'failed']),
    /** Set when failed: `busy`, `noanswer`, `unavailable`, `ami_down` or `error`. */
    reason: z.string().nullable(),
    message: z.string().nullable(),
    startedAt: timestamp(),
    endedAt: timestamp().nullable(),
  }),
);

export const sessionSchema = named(
  'Session',
  z.strictObject({
    id: z.number().int(),
    agentId: z.number().int(),
    agentUserId: z.string(),
    agentName: z.string(),
    interface: z.enum(SESSION_INTERFACES),
    deviceId: z.number().int().nullable(),
    deviceName: z.string().nullable(),
    conference: z.string(),
    state: z.enum(AGENT_STATES),
    pauseCode: z.string().nullable(),
    pauseName: z.string().nullable(),
    stateChangedAt: timestamp(),
    phoneLeg: z.enum(PHONE_LEG_STATES),
    phoneChannel: z.string().nullable(),
    phoneConnectedAt: timestamp().nullable(),
    startedAt: timestamp(),
    lastSeenAt: timestamp(),
    dialIn: dialInInstructionsSchema.nullable(),
    /** Null for dial-in sessions, without Asterisk control, or before the first attempt. */
    lastLegAttempt: legAttemptSchema.nullable(),
  }),
);

export const endedSessionSchema = named(
  'EndedSession',
  z.strictObject({ endedAt: timestamp(), endReason: z.string() }),
);

/** The agent's open session, or how their last one ended. */
export const agentSessionSnapshotSchema = named(
  'AgentSessionSnapshot',
  z.strictObject({ session: sessionSchema.nullable(), lastEnded: endedSessionSchema.nullable() }),
);

/** `off`: the server has no Asterisk control (no AMI URL); otherwise the AMI connection's state. */
export const asteriskStatusSchema = named(
  'AsteriskStatus',
  z.enum(['off', 'connected', 'connecting', 'down']),
);

/** What came of "call me again". */
export const callAgainOutcomeSchema = named(
  'CallAgainOutcome',
  z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('connected') }),
    z.strictObject({ status: z.literal('failed'), reason: z.string(), message: z.string() }),
    z.strictObject({ status: z.literal('skipped'), reason: z.string() }),
  ]),
);

export const sessionResponse = z.strictObject({ session: sessionSchema });
export const boardResponse = z.strictObject({ sessions: z.array(sessionSchema) });
export const callAgainResponse = z.strictObject({ session: sessionSchema, outcome: callAgainOutcomeSchema });
export const statusResponse = z.strictObject({ asterisk: asteriskStatusSchema });
