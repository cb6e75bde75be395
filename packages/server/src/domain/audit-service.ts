import type { AuthEvent } from './auth-event.ts';
import type { ServiceContext } from './service-context.ts';
import type { SessionEvent, SessionEventFilter } from './session-event.ts';
import type { AuthEventFilter, NewAuthEvent } from './store-port.ts';

export type AuthEventInput = Partial<NewAuthEvent> & Pick<NewAuthEvent, 'source' | 'result'>;

export interface AuditService {
  /** Writes an auth event and publishes it. Never pass a PIN or password in any field. */
  record(input: AuthEventInput): Promise<AuthEvent>;
  /** Newest first; `limit` defaults to 100. */
  list(filter?: AuthEventFilter): Promise<AuthEvent[]>;
  /** The session audit trail (written by the session service), newest first; `limit` defaults to 100. */
  listSessionEvents(filter?: SessionEventFilter): Promise<SessionEvent[]>;
}

export function createAuditService(ctx: ServiceContext): AuditService {
  return {
    async record(input) {
      const event = await ctx.store.authEvents.insert({
        at: input.at ?? ctx.clock.now(),
        source: input.source,
        agentId: input.agentId ?? null,
        enteredId: input.enteredId ?? null,
        callerId: input.callerId ?? null,
        channel: input.channel ?? null,
        uniqueid: input.uniqueid ?? null,
        remoteIp: input.remoteIp ?? null,
        result: input.result,
        attempt: input.attempt ?? null,
      });
      ctx.events.publish({ type: 'auth.event', event });
      return event;
    },

    list(filter = {}) {
      return ctx.store.authEvents.list({ limit: 100, ...filter });
    },

    listSessionEvents(filter = {}) {
      return ctx.store.sessionEvents.list({ limit: 100, ...filter });
    },
  };
}
