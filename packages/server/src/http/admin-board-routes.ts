/**
 * The live board (`GET /api/admin/board`), what admins do to someone else's session (pause it,
 * end it with reason `admin`), and the audit log with its filters.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUTH_RESULTS, AUTH_SOURCES } from '../domain/auth-event.ts';
import { isDomainError } from '../domain/domain-error.ts';
import type { ApiContext } from './api-context.ts';
import { type AuditEntryView, authEventView } from './audit-view.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import { idParam, oneOf, pauseCodeField } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';

const pauseBody = z.strictObject({ code: pauseCodeField });

const isoTime = (what: string) =>
  z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)), `${what} must be a date and time (ISO 8601)`)
    .transform((value) => new Date(value));

const auditQuery = z.strictObject({
  agent: z
    .string()
    .regex(/^[0-9]{1,20}$/, 'Agent must be a user ID (1 to 20 digits)')
    .optional(),
  source: z
    .enum([...AUTH_SOURCES, 'system'], `Source must be one of: ${[...AUTH_SOURCES, 'system'].join(', ')}`)
    .optional(),
  result: oneOf(AUTH_RESULTS, 'Result').optional(),
  kind: oneOf(['auth', 'session'], 'Kind').optional(),
  from: isoTime('From').optional(),
  to: isoTime('To').optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, 'Limit must be 1 to 1000')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, 'Limit must be 1 to 1000')
    .optional(),
});

/** The query string as zod sees it: empty values mean "no filter", as the console sends them. */
function withoutEmpty(query: unknown): Record<string, unknown> {
  if (typeof query !== 'object' || query === null) return {};
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}

export function registerAdminBoardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services, views } = ctx;
  const adminArea = { config: { access: 'admin-area' as const } };

  app.get('/api/admin/board', adminArea, async () => ({ sessions: await views.board() }));

  app.post('/api/admin/sessions/:id/pause', adminArea, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(pauseBody, request.body, 'body');
    try {
      return { session: await views.one(await services.sessions.pause(id, body.code)) };
    } catch (err) {
      if (isDomainError(err, 'E_VALIDATION')) throw apiErrorFromDomain(err, 'code');
      throw err;
    }
  });

  app.delete('/api/admin/sessions/:id', adminArea, async (request, reply) => {
    const { id } = parseInput(idParam, request.params, 'params');
    await services.sessions.end(id, 'admin');
    return reply.code(204).send();
  });

  app.get('/api/admin/audit', adminArea, async (request) => {
    const query = parseInput(auditQuery, withoutEmpty(request.query), 'query');
    // Only authentication events are recorded so far; session events (kind `session`) and
    // Callgate's own actions (source `system`) have no record yet.
    if (query.kind === 'session' || query.source === 'system') return { entries: [] };
    const agents = await services.agents.list();
    let agentId: number | undefined;
    if (query.agent !== undefined) {
      const agent = agents.find((a) => a.userId === query.agent);
      if (!agent) return { entries: [] };
      agentId = agent.id;
    }
    const limit = query.limit ?? 100;
    const events = await services.audit.list({
      ...(agentId === undefined ? {} : { agentId }),
      ...(query.source === undefined ? {} : { source: query.source }),
      ...(query.result === undefined ? {} : { result: query.result }),
      ...(query.from === undefined ? {} : { since: query.from }),
      // `to` is applied here, so ask for more rows than will be kept when it is set.
      limit: query.to === undefined ? limit : Math.min(limit * 10, 10_000),
    });
    const byId = new Map(agents.map((a) => [a.id, a]));
    const entries: AuditEntryView[] = events
      .filter((e) => query.to === undefined || e.at <= query.to)
      .slice(0, limit)
      .map((e) => authEventView(e, e.agentId === null ? undefined : byId.get(e.agentId)));
    return { entries };
  });
}
