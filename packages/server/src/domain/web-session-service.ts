/**
 * Web logins kept in the store, so several stateless nodes share them and a restart keeps them.
 * The browser's token is never stored: only its SHA-256 hash, as the row's id. Seeing a login
 * writes its last-seen time at most once per `webSessionTouchSec`, so reads stay reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServiceContext } from './service-context.ts';
import type { WebSession } from './web-session.ts';

export interface IssuedWebSession {
  /** The secret for the browser's cookie; only its hash is kept. */
  token: string;
  session: WebSession;
}

export interface WebSessionService {
  create(agentId: number): Promise<IssuedWebSession>;
  /** The live login this token names, its idle clock restarted (throttled); undefined otherwise. */
  touch(token: string): Promise<WebSession | undefined>;
  /** Signs one login out; the removed login, or undefined when there was none. */
  revoke(token: string): Promise<WebSession | undefined>;
  /** Signs an agent out of every browser but `exceptId`; returns the ids removed. */
  revokeAllForAgent(agentId: number, options?: { exceptId?: string }): Promise<string[]>;
  /** Deletes expired logins; returns how many. The session sweeper calls it. */
  purgeExpired(now?: Date): Promise<number>;
  /** The id (hash) a token is stored under. */
  idOf(token: string): string;
}

/** 32 random bytes in base64url: 43 characters. Anything else is not one of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const webSessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export function createWebSessionService(ctx: ServiceContext): WebSessionService {
  const { store, clock, config, events } = ctx;
  const idleMs = config.webSessionIdleSec * 1000;
  const absoluteMs = config.webSessionAbsoluteSec * 1000;
  const touchMs = config.webSessionTouchSec * 1000;

  const expiryOf = (createdAt: Date, lastSeenAt: Date) =>
    new Date(Math.min(createdAt.getTime() + absoluteMs, lastSeenAt.getTime() + idleMs));

  const announce = (agentId: number, ids: string[]) => {
    if (ids.length > 0) events.publish({ type: 'web_sessions.revoked', agentId, ids });
  };

  return {
    idOf: webSessionIdOf,

    async create(agentId) {
      const now = clock.now();
      const token = randomBytes(32).toString('base64url');
      const session = await store.webSessions.insert({
        id: webSessionIdOf(token),
        agentId,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: expiryOf(now, now),
      });
      return { token, session };
    },

    async touch(token) {
      if (!TOKEN_SHAPE.test(token)) return undefined;
      const id = webSessionIdOf(token);
      const session = await store.webSessions.findById(id);
      if (!session) return undefined;
      const now = clock.now();
      if (session.expiresAt <= now) {
        await store.webSessions.remove(id);
        return undefined;
      }
      if (now.getTime() - session.lastSeenAt.getTime() < touchMs) return session;
      return store.webSessions.touch(id, now, expiryOf(session.createdAt, now));
    },

    async revoke(token) {
      if (!TOKEN_SHAPE.test(token)) return undefined;
      const removed = await store.webSessions.remove(webSessionIdOf(token));
      if (removed) announce(removed.agentId, [removed.id]);
      return removed;
    },

    async revokeAllForAgent(agentId, options = {}) {
      const ids = await store.webSessions.removeByAgent(agentId, options.exceptId);
      announce(agentId, ids);
      return ids;
    },

    purgeExpired(now = clock.now()) {
      return store.webSessions.removeExpired(now);
    },
  };
}
