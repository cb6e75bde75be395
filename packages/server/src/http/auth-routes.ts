/**
 * `POST /api/login`, `GET /api/me`, `POST /api/logout`. Login is rate-limited per client address
 * and per user ID, locked by the domain's shared failure counters (which also audit every
 * attempt with source `web`), and answers every wrong user ID or password with one message.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
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
  const perUser = app.createRateLimit({
    max: ctx.loginLimits.perUser.max,
    timeWindow: ctx.loginLimits.perUser.windowMs,
    keyGenerator: (request) => `login-user:${(request.body as { userId: string }).userId}`,
  });

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.secureCookie,
    });

  async function checkRateLimits(request: FastifyRequest): Promise<void> {
    for (const limit of [perIp, perUser]) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        throw new ApiError(429, 'E_RATE_LIMIT', 'Too many sign-in attempts. Wait a moment and try again.', {
          retryAfterSec: result.ttlInSeconds,
        });
      }
    }
  }

  app.post('/api/login', DOCS.login, async (request, reply) => {
    const body = parseInput(loginBody, request.body, 'body');
    await checkRateLimits(request);
    const outcome = await services.webLogin.verifyLogin({
      userId: body.userId,
      password: body.password,
      remoteIp: ctx.clientAddress(request),
      source: 'web',
    });
    const lockedFor = () =>
      Math.max(1, Math.ceil(((outcome.lockedUntil?.getTime() ?? 0) - services.clock.now().getTime()) / 1000));
    if (outcome.result === 'rate_limited') {
      throw new ApiError(
        429,
        'E_RATE_LIMIT',
        'Too many failed sign-ins from your network. Wait a while and try again.',
        { retryAfterSec: lockedFor() },
      );
    }
    if (outcome.result === 'locked') {
      throw new ApiError(
        423,
        'E_LOCKED',
        'Too many failed sign-ins for this user ID: signing in is blocked for a while.',
        {
          retryAfterSec: lockedFor(),
        },
      );
    }
    if (outcome.result !== 'ok' || !outcome.agent) {
      // Each failure in a row costs more time before the answer (the domain's growing delay).
      if (outcome.delayMs > 0) await sleep(outcome.delayMs);
      if (outcome.result === 'disabled') throw forbidden('This account is disabled. Ask an admin.');
      if (outcome.lockedUntil) {
        throw new ApiError(
          423,
          'E_LOCKED',
          'Too many failed sign-ins for this user ID: signing in is blocked for a while.',
          {
            retryAfterSec: lockedFor(),
          },
        );
      }
      throw new ApiError(401, 'E_BAD_CREDENTIALS', BAD_CREDENTIALS);
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
