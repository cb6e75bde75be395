import type { SessionInterface } from './agent.ts';

export const AGENT_STATES = ['paused', 'ready', 'in_call'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The agent's own phone leg into the session's conference. */
export const PHONE_LEG_STATES = ['none', 'calling', 'connected'] as const;
export type PhoneLegState = (typeof PHONE_LEG_STATES)[number];

export const SESSION_END_REASONS = ['logout', 'lagged', 'admin', 'replaced'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export interface AgentSession {
  id: number;
  agentId: number;
  interface: SessionInterface;
  deviceId: number | null;
  /** Conference room number, unique among open sessions. */
  conference: number;
  state: AgentState;
  pauseCode: string | null;
  stateChangedAt: Date;
  phoneLeg: PhoneLegState;
  phoneChannel: string | null;
  phoneUniqueid: string | null;
  phoneConnectedAt: Date | null;
  /**
   * The node whose live AGI call holds the leg (a dial-in inside ConfBridge); null when Asterisk
   * holds it on its own (legs Callgate originated, dial-ins bridged by the dialplan).
   */
  phoneLegHolder: string | null;
  lastSeenAt: Date;
  startedAt: Date;
  endedAt: Date | null;
  endReason: SessionEndReason | null;
}

/** Time an agent spent in one state; written when the state is left. */
export interface StateLogEntry {
  id: number;
  sessionId: number;
  agentId: number;
  state: AgentState;
  pauseCode: string | null;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
}
