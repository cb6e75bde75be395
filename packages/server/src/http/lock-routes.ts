/**
 * Login locks: `GET /api/admin/locks` (admins and supervisors), `POST /api/admin/locks/unlock`
 * (admins; by lane key or by user ID, audited with who did it), and `GET /api/agent/locks`, an
 * agent's own locks (so the console can say that their dial-in is locked, and until when).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Agent } from '../domain/agent.ts';
import { isDomainError } from '../domain/domain-error.ts';
import type { LockView } from '../domain/lock-service.ts';
import type { ApiContext } from './api-context.ts';
import { invalidFields, notFound } from './api-error.ts';
import { lockListResponse, unlockResponse } from './contract/lock-contract.ts';
import { typeError, userIdField } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { lockEntryView } from './lock-view.ts';
import { authOf } from './request-auth.ts';
import { documented } from './route-doc.ts';

const unlockBody = z.union([
  z.strictObject({
    key: z.string(typeError('text')).min(3, 'Give the lock key').max(200, 'Key is too long'),
  }),
  z.strictObject({ userId: userIdField }),
]);

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  list: documented('admin-area', {
    tag: 'admin',
    summary: 'Every login lock in force: what it holds, whose, since and until when (admins, supervisors)',
    responses: { 200: lockListResponse },
  }),
  unlock: documented('admin-area', {
    tag: 'admin',
    summary: 'Lift one lock by its key, or every lock of a user ID (admins; audited with who did it)',
    body: unlockBody,
    responses: { 200: unlockResponse },
    errors: [404],
  }),
  mine: documented('signed-in', {
    tag: 'agent',
    summary: "The signed-in agent's own locks (is my dial-in locked, and until when?)",
    responses: { 200: lockListResponse },
  }),
};

export function registerLockRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services } = ctx;

  async function views(locks: LockView[]) {
    const agents = new Map<string, Agent>();
    for (const lock of locks) {
      if (lock.userId === null || agents.has(lock.userId) || !/^[0-9]+$/.test(lock.userId)) continue;
      const agent = await services.agents.findByUserId(lock.userId);
      if (agent) agents.set(lock.userId, agent);
    }
    return locks.map((lock) =>
      lockEntryView(lock, lock.userId === null ? undefined : agents.get(lock.userId)),
    );
  }

  app.get('/api/admin/locks', DOCS.list, async () => ({
    locks: await views(await services.locks.listLocked()),
  }));

  app.post('/api/admin/locks/unlock', DOCS.unlock, async (request) => {
    const body = parseInput(unlockBody, request.body, 'body');
    const actor = {
      agentId: authOf(request).agent.id,
      remoteIp: ctx.clientAddress(request),
      source: 'admin' as const,
    };
    if ('userId' in body) {
      return { cleared: await services.locks.unlockUser(body.userId, actor) };
    }
    let cleared: boolean;
    try {
      cleared = await services.locks.unlock(body.key, actor);
    } catch (err) {
      if (isDomainError(err, 'E_NOT_FOUND')) throw invalidFields({ key: 'Not a lock key' });
      throw err;
    }
    if (!cleared) throw notFound('That lock is not in force (any more).');
    return { cleared: 1 };
  });

  app.get('/api/agent/locks', DOCS.mine, async (request) => {
    const { agent } = authOf(request);
    return { locks: await views(await services.locks.lockedForUser(agent.userId)) };
  });
}
