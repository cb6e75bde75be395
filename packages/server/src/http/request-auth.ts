/**
 * Who is calling, and may they: every API route declares `config.access`; one onRequest hook
 * (before the body is even read) resolves the web login from the `callgate_sid` cookie, checks
 * the CSRF token on state changes and the role on admin routes. A route that forgot to declare
 * its access is treated as admin-only.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Agent } from '../domain/agent.ts';
import type { Services } from '../domain/create-services.ts';
import { isDomainError } from '../domain/domain-error.ts';
import type { WebSession } from '../domain/web-session.ts';
import { ApiError, forbidden, notLoggedIn } from './api-error.ts';
import { sameToken } from './web-sessions.ts';

/**
 * - `public`: anyone (login, me, logout check the cookie themselves);
 * - `signed-in`: any agent with a web login;
 * - `admin-area`: reads for admins and supervisors, changes for admins only.
 */
export type RouteAccess = 'public' | 'signed-in' | 'admin-area';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const SESSION_COOKIE = 'callgate_sid';
export const CSRF_HEADER = 'x-csrf-token';

export interface RequestAuth {
  webSession: WebSession;
  agent: Agent;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const auths = new WeakMap<FastifyRequest, RequestAuth>();

/** The caller of a route that is not public; the access hook has put it there. */
export function authOf(request: FastifyRequest): RequestAuth {
  const auth = auths.get(request);
  if (!auth) throw notLoggedIn();
  return auth;
}

export interface AccessDeps {
  services: Services;
}

/** The web login named by the request's cookie, when it is live and its agent still enabled. */
export async function resolveLogin(
  request: FastifyRequest,
  deps: AccessDeps,
): Promise<RequestAuth | undefined> {
  const sid = request.cookies[SESSION_COOKIE];
  if (!sid) return undefined;
  const webSession = await deps.services.webSessions.touch(sid);
  if (!webSession) return undefined;
  let agent: Agent;
  try {
    agent = await deps.services.agents.get(webSession.agentId);
  } catch (err) {
    if (!isDomainError(err, 'E_NOT_FOUND')) throw err;
    await deps.services.webSessions.revoke(sid);
    return undefined;
  }
  if (!agent.enabled) {
    await deps.services.webSessions.revoke(sid);
    return undefined;
  }
  const auth = { webSession, agent };
  auths.set(request, auth);
  return auth;
}

export function checkCsrf(request: FastifyRequest, webSession: WebSession): void {
  if (READ_METHODS.has(request.method)) return;
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== 'string' || !sameToken(given, webSession.csrfToken)) {
    throw new ApiError(403, 'E_CSRF', 'The security token is missing or out of date. Reload the page.');
  }
}

export function createAccessHook(deps: AccessDeps) {
  return async function checkAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const declared = request.routeOptions.config?.access;
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    const access: RouteAccess = declared ?? (isApi ? 'admin-area' : 'public');
    if (access === 'public') return;
    const auth = await resolveLogin(request, deps);
    if (!auth) throw notLoggedIn();
    checkCsrf(request, auth.webSession);
    if (access === 'admin-area') {
      const role = auth.agent.role;
      const allowed = READ_METHODS.has(request.method)
        ? role === 'admin' || role === 'supervisor'
        : role === 'admin';
      if (!allowed) {
        throw forbidden(
          role === 'supervisor' ? 'Supervisors can look but not change anything here.' : 'Admins only.',
        );
      }
    }
  };
}
