import type { AuthEvent } from './auth-event.ts';
import { isDomainError } from './domain-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { SessionEvent, SessionEventFilter } from './session-event.ts';
import type { AuthEventFilter, NewAuthEvent } from './store-port.ts';

export type AuthEventInput = Partial<NewAuthEvent> & Pick<NewAuthEvent, 'source' | 'result'>;

export interface AuditService {
  /**
   * Writes an auth event and publishes it. Never pass a PIN or password in any field. When the
   * database does not answer, the entry waits in memory (see `flushDeferred`) and the error is
   * thrown on.
   */
  record(input: AuthEventInput): Promise<AuthEvent>;
  /** Writes the entries that waited for the database; returns how many are still waiting. */
  flushDeferred(): Promise<number>;
  /** Newest first; `limit` defaults to 100. */
  list(filter?: AuthEventFilter): Promise<AuthEvent[]>;
  /** The session audit trail (written by the session service), newest first; `limit` defaults to 100. */
  listSessionEvents(filter?: SessionEventFilter): Promise<SessionEvent[]>;
}

/**
 * Entries kept while the database is down. Past it the oldest go (and the log says how many): an
 * outage must not grow memory without end.
 */
export const DEFERRED_AUDIT_LIMIT = 1000;

export function createAuditService(ctx: ServiceContext): AuditService {
  const deferred: NewAuthEvent[] = [];
  let flushing: Promise<number> | undefined;

  function complete(input: AuthEventInput): NewAuthEvent {
    return {
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
      actorAgentId: input.actorAgentId ?? null,
      detail: input.detail ?? null,
    };
  }

  async function write(row: NewAuthEvent): Promise<AuthEvent> {
    const event = await ctx.store.authEvents.insert(row);
    ctx.events.publish({ type: 'auth.event', event });
    return event;
  }

  async function flush(): Promise<number> {
    while (deferred.length > 0) {
      const row = deferred[0] as NewAuthEvent;
      try {
        await write(row);
      } catch {
        return deferred.length;
      }
      deferred.shift();
    }
    return 0;
  }

  const service: AuditService = {
    async record(input) {
      const row = complete(input);
      try {
        const event = await write(row);
        if (deferred.length > 0) void service.flushDeferred();
        return event;
      } catch (err) {
        if (isDomainError(err, 'E_STORE_UNAVAILABLE')) {
          if (deferred.length >= DEFERRED_AUDIT_LIMIT) deferred.shift();
          deferred.push(row);
          ctx.observer.auditDeferred(deferred.length);
        }
        throw err;
      }
    },

    flushDeferred() {
      flushing ??= flush().finally(() => {
        flushing = undefined;
      });
      return flushing;
    },

    list(filter = {}) {
      return ctx.store.authEvents.list({ limit: 100, ...filter });
    },

    listSessionEvents(filter = {}) {
      return ctx.store.sessionEvents.list({ limit: 100, ...filter });
    },
  };
  return service;
}
