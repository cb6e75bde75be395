/**
 * Change events the console shows live. The in-process bus serves one node; a PostgreSQL
 * LISTEN/NOTIFY bus with the same interface will carry them between nodes.
 */
import type { Agent } from './agent.ts';
import type { AgentSession } from './agent-session.ts';
import type { AuthEvent } from './auth-event.ts';

export type DomainEvent =
  | { type: 'session.started'; session: AgentSession }
  | { type: 'session.changed'; session: AgentSession }
  | { type: 'session.ended'; session: AgentSession }
  | { type: 'session.phone_leg'; session: AgentSession }
  | { type: 'agent.changed'; agent: Agent }
  | { type: 'auth.event'; event: AuthEvent }
  /** Web logins signed out (logout, password change, disabled): their live streams end on every node. */
  | { type: 'web_sessions.revoked'; agentId: number; ids: string[] };

export type DomainEventListener = (event: DomainEvent) => void;

export interface EventBus {
  publish(event: DomainEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: DomainEventListener): () => void;
}

export class InProcessEventBus implements EventBus {
  readonly #listeners = new Set<DomainEventListener>();

  publish(event: DomainEvent): void {
    for (const listener of this.#listeners) {
      // A failing listener must not break the change that published, nor the other listeners.
      try {
        listener(event);
      } catch {}
    }
  }

  subscribe(listener: DomainEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
