/**
 * `POST /api/login`, `GET /api/me`, `POST /api/logout`. Every attempt is counted by the domain
 * before its password is checked (login lanes, shared by every worker and node, auditing every
 * attempt with source `web`), and every wrong user ID or password gets one message. A browser
 * that signs in gets a device cookie, so its agent's own lane stays open while strangers are locked.
 * The per-address rate limit here is only a cheap first line against floods, per process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebLoginOutcome } from '../domain/web-login-service.ts';
import { meView } from './agent-view.ts';
import type { ApiContext } from './api-context.ts';
import { ApiError, forbidden, notLoggedIn } from './api-error.ts';
import { signedInResponse } from './contract/agent-contract.ts';
import { typeError } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { resolveLogin, SESSION_COOKIE } from './request-auth.ts';
import { documented } from './route-doc.ts';

const loginBody = z.strictObject({
  userId: z.string(typeError('text')).min(1, 'Enter your user ID').max(32, 'User ID is too long'),
  password: z.string(typeError('text')).min(1, 'Enter your password').max(1024, 'Password is too long'),
});

const BAD_CREDENTIALS = 'User ID or password is wrong.';

/** The browser's device cookie: sent only to the sign-in route, kept half a year. */
export const DEVICE_COOKIE = 'callgate_device';
const DEVICE_COOKIE_MAX_AGE_SEC = 180 * 86_400;

function lockedError(outcome: WebLoginOutcome, retryAfterSec: number): ApiError {
  const lockedUntil = outcome.lockedUntil?.toISOString() ?? null;
  const details = (lockScope: 'user' | 'everyone' | 'address') => ({
    retryAfterSec,
    lock: { lockedUntil, lockScope },
  });
  if (outcome.lockScope === 'address') {
    return new ApiError(
      429,
      'E_RATE_LIMIT',
      'Too many failed sign-ins from your network. Wait a while and try again.',
      details('address'),
    );
  }
  if (outcome.lockScope === 'everyone') {
    return new ApiError(
      423,
      'E_LOCKED',
      'Too many failed sign-ins on this server: signing in from a new browser is blocked for a while. ' +
        'A browser you signed in from before still works.',
      details('everyone'),
    );
  }
  return new ApiError(
    423,
    'E_LOCKED',
    'Too many failed sign-ins for this user ID: signing in from a new browser is blocked for a while. ' +
      'A browser you signed in from before still works, or ask an admin to unlock you.',
    details('user'),
  );
}

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  login: documented('public', {
    tag: 'auth',
    summary: 'Sign in: sets the callgate_sid cookie and returns the agent and the CSRF token',
    body: loginBody,
    responses: { 200: signedInResponse },
    errors: [401, 403, 423, 429],
  }),
  me: documented('public', {
    tag: 'auth',
    summary: "The signed-in agent and the login's CSRF token (401 without a login)",
    responses: { 200: signedInResponse },
    errors: [401],
  }),
  logout: documented('signed-in', {
    tag: 'auth',
    summary: 'Sign out: ends this web login',
    responses: { 204: null },
  }),
};

export function registerAuthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services } = ctx;
  const perIp = app.createRateLimit({
    max: ctx.loginLimits.perIp.max,
    timeWindow: ctx.loginLimits.perIp.windowMs,
    keyGenerator: (request) => `login-ip:${ctx.clientAddress(request)}`,
  });

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.secureCookie,
    });

  async function checkFloodLimit(request: FastifyRequest): Promise<void> {
    const result = await perIp(request);
    if (!result.isAllowed && result.isExceeded) {
      throw new ApiError(429, 'E_RATE_LIMIT', 'Too many sign-in attempts. Wait a moment and try again.', {
        retryAfterSec: result.ttlInSeconds,
      });
    }
  }

  app.post('/api/login', DOCS.login, async (request, reply) => {
    const body = parseInput(loginBody, request.body, 'body');
    await checkFloodLimit(request);
    const outcome = await services.webLogin.verifyLogin({
      userId: body.userId,
      password: body.password,
      remoteIp: ctx.clientAddress(request),
      source: 'web',
      deviceToken: request.cookies[DEVICE_COOKIE] ?? null,
    });
    const lockedFor = () =>
      Math.max(1, Math.ceil(((outcome.lockedUntil?.getTime() ?? 0) - services.clock.now().getTime()) / 1000));
    if (outcome.result === 'rate_limited' || outcome.result === 'locked') {
      throw lockedError(outcome, lockedFor());
    }
    if (outcome.result !== 'ok' || !outcome.agent) {
      // Each failure in a row costs more time before the answer (the domain's growing delay).
      if (outcome.delayMs > 0) await sleep(outcome.delayMs);
      if (outcome.result === 'disabled') throw forbidden('This account is disabled. Ask an admin.');
      if (outcome.lockedUntil) throw lockedError(outcome, lockedFor());
      throw new ApiError(401, 'E_BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    if (outcome.newDeviceToken) {
      reply.setCookie(DEVICE_COOKIE, outcome.newDeviceToken, {
        path: '/api/login',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secureCookie,
        maxAge: DEVICE_COOKIE_MAX_AGE_SEC,
      });
    }
    // A new login id every time, so an id planted before login (session fixation) is worthless.
    // Revoking announces `web_sessions.revoked`, which ends that login's live streams on every node.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await services.webSessions.revoke(previous);
    const { token, session } = await services.webSessions.create(outcome.agent.id);
    setCookie(reply, token);
    return { me: meView(outcome.agent, services.config), csrfToken: session.csrfToken };
  });

  app.get('/api/me', DOCS.me, async (request) => {
    const auth = await resolveLogin(request, ctx);
    if (!auth) throw notLoggedIn();
    return { me: meView(auth.agent, services.config), csrfToken: auth.webSession.csrfToken };
  });

  app.post('/api/logout', DOCS.logout, async (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await services.webSessions.revoke(sid);
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.secureCookie,
    });
    return reply.code(204).send();
  });
}
