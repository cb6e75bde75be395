/**
 * The audit trail of agent sessions (audit `kind: 'session'`): what happened to a session, when,
 * and who or what did it. Written with the change it records; never edited.
 */
import type { SessionInterface } from './agent.ts';
import type { SessionEndReason } from './agent-session.ts';

export const SESSION_EVENT_KINDS = [
  'started',
  'paused',
  'ready',
  'in_call',
  'leg_calling',
  'leg_connected',
  'leg_released',
  'ended',
] as const;
export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

/** `web`: the agent's console; `admin`: an admin or supervisor; `dialin`: the agent's phone call; `system`: Callgate itself (sweeps, calls delivered through Asterisk). */
export const SESSION_EVENT_SOURCES = ['web', 'admin', 'dialin', 'system'] as const;
export type SessionEventSource = (typeof SESSION_EVENT_SOURCES)[number];

/** Who asks for a session change; when left out the domain says `system` (`dialin` for a dial-in session's leg). */
export interface SessionActor {
  source?: SessionEventSource;
  /** The agent (admin) who asked, when not the session's own agent. */
  actorAgentId?: number | null;
}

export interface SessionEvent {
  id: number;
  at: Date;
  sessionId: number;
  agentId: number;
  event: SessionEventKind;
  source: SessionEventSource;
  actorAgentId: number | null;
  interface: SessionInterface;
  deviceId: number | null;
  /** `paused`: the pause code (null right after login); `ended`: the last one. */
  pauseCode: string | null;
  endReason: SessionEndReason | null;
  /** Leg events: the phone's channel and uniqueid. */
  channel: string | null;
  uniqueid: string | null;
}

export interface SessionEventFilter {
  agentId?: number;
  source?: SessionEventSource;
  event?: SessionEventKind;
  since?: Date;
  until?: Date;
  limit?: number;
}
