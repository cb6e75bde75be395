/**
 * What the API asks of the Asterisk side (the runtime's `AsteriskAccess` fits it). Declared here
 * rather than imported so the HTTP layer depends on the domain only, as the layers go.
 */
import { DomainError } from '../domain/domain-error.ts';

/** `off` when the server has no AMI URL; otherwise the AMI connection's state. */
export type AsteriskStatusName = 'off' | 'connected' | 'connecting' | 'down';

/** One attempt to call an agent's phone, as Asterisk control recorded it. */
export interface LegAttemptRecord {
  status: 'calling' | 'connected' | 'failed';
  /** Set when failed: `busy`, `noanswer`, `unavailable`, `ami_down`, `error` or `cancelled`. */
  reason: string | null;
  message: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** What came of a "call me again": connected, failed with a reason, or skipped. */
export type LegOutcomeRecord =
  | { status: 'connected' }
  | { status: 'failed'; reason: string; message: string }
  | { status: 'skipped'; reason: string };

export interface AsteriskPort {
  status(): AsteriskStatusName;
  onStatus(listener: (change: { status: AsteriskStatusName }) => void): () => void;
  onLegOutcome(listener: (event: { sessionId: number }) => void): () => void;
  /** E_STATE when AMI is off or a leg is up, E_NO_SESSION, E_VALIDATION for dial-in. */
  callAgainSession(sessionId: number): Promise<LegOutcomeRecord>;
  lastLegAttempt(sessionId: number): Promise<LegAttemptRecord | undefined>;
  agentQueues(agentId: number): Promise<string[]>;
  setAgentQueues(agentId: number, queues: readonly string[]): Promise<string[]>;
}

/**
 * The API registered without Asterisk access (tests, embedders): status `off`, nothing to call,
 * no queues kept. `callgate serve` always passes the real access, which keeps queues even off.
 */
export const ASTERISK_ABSENT: AsteriskPort = {
  status: () => 'off',
  onStatus: () => () => {},
  onLegOutcome: () => () => {},
  callAgainSession: async () => {
    throw new DomainError('E_STATE', 'Asterisk control is off on this server.');
  },
  lastLegAttempt: async () => undefined,
  agentQueues: async () => [],
  setAgentQueues: async () => {
    throw new DomainError('E_STATE', 'Asterisk control is off on this server: queues cannot be kept.');
  },
};
