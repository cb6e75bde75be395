/**
 * Web logins (not agent sessions): a random id in the `callgate_sid` cookie names a server-side
 * record holding the agent and that login's CSRF token. Logging out deletes the record, so a
 * copied cookie stops working at once. Kept in memory: a node restart signs browsers out, and
 * several nodes behind one load balancer need sticky sessions (see the README).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface WebSession {
  readonly id: string;
  readonly agentId: number;
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

export interface WebSessionLimits {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out after this long whatever happens. */
  absoluteMs: number;
}

export const DEFAULT_WEB_SESSION_LIMITS: WebSessionLimits = {
  idleMs: 12 * 3600_000,
  absoluteMs: 24 * 3600_000,
};

const token = () => randomBytes(32).toString('base64url');

/** Compares two tokens without leaking, through timing, how much of them matched. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class WebSessions {
  readonly #byId = new Map<string, WebSession>();
  readonly #limits: WebSessionLimits;
  readonly #now: () => number;

  constructor(limits: Partial<WebSessionLimits> = {}, now: () => number = Date.now) {
    this.#limits = { ...DEFAULT_WEB_SESSION_LIMITS, ...limits };
    this.#now = now;
  }

  get size(): number {
    return this.#byId.size;
  }

  create(agentId: number): WebSession {
    this.#dropExpired();
    const now = this.#now();
    const session: WebSession = { id: token(), agentId, csrfToken: token(), createdAt: now, lastSeenAt: now };
    this.#byId.set(session.id, session);
    return session;
  }

  /** The live session with this id, its idle clock restarted; undefined when unknown or expired. */
  touch(id: string): WebSession | undefined {
    const session = this.#byId.get(id);
    if (!session) return undefined;
    const now = this.#now();
    if (this.#expired(session, now)) {
      this.#byId.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  destroy(id: string): void {
    this.#byId.delete(id);
  }

  /** Signs an agent out everywhere (disabled, or the password changed). Returns the ids removed. */
  destroyForAgent(agentId: number): string[] {
    const removed: string[] = [];
    for (const [id, session] of this.#byId) {
      if (session.agentId === agentId) {
        this.#byId.delete(id);
        removed.push(id);
      }
    }
    return removed;
  }

  #expired(session: WebSession, now: number): boolean {
    return (
      now - session.lastSeenAt >= this.#limits.idleMs || now - session.createdAt >= this.#limits.absoluteMs
    );
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [id, session] of this.#byId) if (this.#expired(session, now)) this.#byId.delete(id);
  }
}
