/**
 * Agent sessions as the API shows them (contract `Session`): the agent's and phone's names, the
 * pause reason's name, and for dial-in sessions the number and the steps to key.
 */
import type { Agent } from '../domain/agent.ts';
import type { AgentSession } from '../domain/agent-session.ts';
import type { Services } from '../domain/create-services.ts';
import type { Device } from '../domain/device.ts';
import { isDomainError } from '../domain/domain-error.ts';
import type { PauseCode } from '../domain/pause-code.ts';
import type { LegAttemptRecord } from './asterisk-port.ts';
import type {
  ApiAgentSessionSnapshot,
  ApiDialInInstructions,
  ApiEndedSession,
  ApiLegAttempt,
  ApiSession,
} from './contract/api-types.ts';

/** The shapes are the API contract's (contract/session-contract.ts). */
export type DialInInstructions = ApiDialInInstructions;
export type LegAttemptView = ApiLegAttempt;
export type SessionView = ApiSession;
export type EndedSessionView = ApiEndedSession;
export type AgentSessionSnapshot = ApiAgentSessionSnapshot;

/** What a session view needs besides the session; loaded once for a whole board. */
interface Names {
  agent(id: number): Agent | undefined;
  device(id: number): Device | undefined;
  pauseCode(code: string): PauseCode | undefined;
}

export function dialInInstructions(dialinNumber: string, userId: string): DialInInstructions {
  return {
    number: dialinNumber,
    steps: [`Call ${dialinNumber}`, `Key your user ID ${userId} then #`, 'Key your PIN then #'],
  };
}

function legAttemptView(attempt: LegAttemptRecord | undefined): LegAttemptView | null {
  if (!attempt) return null;
  return {
    status: attempt.status,
    reason: attempt.reason,
    message: attempt.message,
    startedAt: attempt.startedAt.toISOString(),
    endedAt: attempt.endedAt?.toISOString() ?? null,
  };
}

function toView(
  session: AgentSession,
  names: Names,
  dialinNumber: string,
  attempt: LegAttemptRecord | undefined,
): SessionView {
  const agent = names.agent(session.agentId);
  const userId = agent?.userId ?? '';
  return {
    id: session.id,
    agentId: session.agentId,
    agentUserId: userId,
    agentName: agent?.name ?? '',
    interface: session.interface,
    deviceId: session.deviceId,
    deviceName: session.deviceId === null ? null : (names.device(session.deviceId)?.name ?? null),
    conference: String(session.conference),
    state: session.state,
    pauseCode: session.pauseCode,
    pauseName: session.pauseCode === null ? null : (names.pauseCode(session.pauseCode)?.name ?? null),
    stateChangedAt: session.stateChangedAt.toISOString(),
    phoneLeg: session.phoneLeg,
    phoneChannel: session.phoneChannel,
    phoneConnectedAt: session.phoneConnectedAt?.toISOString() ?? null,
    startedAt: session.startedAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    dialIn: session.interface === 'dialin' ? dialInInstructions(dialinNumber, userId) : null,
    lastLegAttempt: legAttemptView(attempt),
  };
}

async function orUndefined<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (err) {
    if (isDomainError(err, 'E_NOT_FOUND')) return undefined;
    throw err;
  }
}

export interface SessionViews {
  /** One session, its names looked up one by one. */
  one(session: AgentSession): Promise<SessionView>;
  /** Every open session, oldest first. */
  board(): Promise<SessionView[]>;
  /** The agent's open session, and how their last one ended. */
  forAgent(agentId: number): Promise<AgentSessionSnapshot>;
}

export function endedView(session: AgentSession): EndedSessionView | null {
  if (session.endedAt === null) return null;
  return { endedAt: session.endedAt.toISOString(), endReason: session.endReason ?? 'logout' };
}

/** Where the last phone-leg attempt of a session is read (Asterisk control); none: always null. */
export type LegAttemptLookup = (sessionId: number) => Promise<LegAttemptRecord | undefined>;

export function createSessionViews(
  services: Services,
  dialinNumber: string,
  lastLegAttempt: LegAttemptLookup = async () => undefined,
): SessionViews {
  // Dial-in sessions are never called, so they have no attempts to read.
  const attemptOf = (session: AgentSession) =>
    session.interface === 'dialin' ? Promise.resolve(undefined) : lastLegAttempt(session.id);

  async function one(session: AgentSession): Promise<SessionView> {
    const [agent, device, pauseCode, attempt] = await Promise.all([
      orUndefined(services.agents.get(session.agentId)),
      session.deviceId === null ? undefined : orUndefined(services.devices.get(session.deviceId)),
      session.pauseCode === null ? undefined : orUndefined(services.pauseCodes.get(session.pauseCode)),
      attemptOf(session),
    ]);
    return toView(
      session,
      { agent: () => agent, device: () => device, pauseCode: () => pauseCode },
      dialinNumber,
      attempt,
    );
  }

  /**
   * The agent's most recent ended session. The state log's newest row belongs to the latest
   * session (ending a session writes its last row), so one row and one session read suffice.
   */
  async function lastEnded(agentId: number): Promise<EndedSessionView | null> {
    const [latest] = await services.sessions.agentStateLog(agentId, 1);
    if (!latest) return null;
    const session = await orUndefined(services.sessions.get(latest.sessionId));
    return session ? endedView(session) : null;
  }

  return {
    one,

    async board() {
      const [sessions, agents, devices, pauseCodes] = await Promise.all([
        services.sessions.listOpen(),
        services.agents.list(),
        services.devices.list(),
        services.pauseCodes.list(),
      ]);
      const agentById = new Map(agents.map((a) => [a.id, a]));
      const deviceById = new Map(devices.map((d) => [d.id, d]));
      const codeByName = new Map(pauseCodes.map((c) => [c.code, c]));
      const names: Names = {
        agent: (id) => agentById.get(id),
        device: (id) => deviceById.get(id),
        pauseCode: (code) => codeByName.get(code),
      };
      const attempts = await Promise.all(sessions.map(attemptOf));
      return sessions
        .map((s, i) => toView(s, names, dialinNumber, attempts[i]))
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id - b.id);
    },

    async forAgent(agentId) {
      const open = await services.sessions.findOpenSessionForAgent(agentId);
      if (open) return { session: await one(open), lastEnded: null };
      return { session: null, lastEnded: await lastEnded(agentId) };
    },
  };
}
