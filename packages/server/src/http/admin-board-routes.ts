/**
 * The live board (`GET /api/admin/board`), what admins do to someone else's session (pause it,
 * end it with reason `admin`), and the audit log with its filters.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUTH_RESULTS, AUTH_SOURCES, type AuthResult, type AuthSource } from '../domain/auth-event.ts';
import { isDomainError } from '../domain/domain-error.ts';
import {
  SESSION_EVENT_KINDS,
  SESSION_EVENT_SOURCES,
  type SessionEventKind,
  type SessionEventSource,
} from '../domain/session-event.ts';
import type { ApiContext } from './api-context.ts';
import { type AuditEntryView, authEventView, sessionEventView } from './audit-view.ts';
import { auditListResponse } from './contract/audit-contract.ts';
import { boardResponse, sessionResponse } from './contract/session-contract.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import { idParam, oneOf, pauseCodeField } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { authOf } from './request-auth.ts';
import { documented } from './route-doc.ts';

const pauseBody = z.strictObject({ code: pauseCodeField });

const isoTime = (what: string) =>
  z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)), `${what} must be a date and time (ISO 8601)`)
    .transform((value) => new Date(value));

/** Sources and results of both kinds of audit entries: authentication and session events. */
const AUDIT_SOURCES = [...new Set([...AUTH_SOURCES, ...SESSION_EVENT_SOURCES])] as [string, ...string[]];
const AUDIT_RESULTS = [...AUTH_RESULTS, ...SESSION_EVENT_KINDS] as [string, ...string[]];

const isOneOf = (value: string, values: readonly string[]) => values.includes(value);

const auditQuery = z.strictObject({
  agent: z
    .string()
    .regex(/^[0-9]{1,20}$/, 'Agent must be a user ID (1 to 20 digits)')
    .optional(),
  source: oneOf(AUDIT_SOURCES, 'Source').optional(),
  result: oneOf(AUDIT_RESULTS, 'Result').optional(),
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

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  board: documented('admin-area', {
    tag: 'admin',
    summary: 'The live board: every open session, oldest first',
    responses: { 200: boardResponse },
  }),
  pause: documented('admin-area', {
    tag: 'admin',
    summary: "Pause someone's session with a reason",
    params: idParam,
    body: pauseBody,
    responses: { 200: sessionResponse },
    errors: [409],
  }),
  end: documented('admin-area', {
    tag: 'admin',
    summary: "End someone's session (end reason `admin`)",
    params: idParam,
    responses: { 204: null },
    errors: [409],
  }),
  audit: documented('admin-area', {
    tag: 'admin',
    summary: 'The audit log: sign-in and dial-in attempts and the session trail, newest first',
    description: 'Every filter is optional; an empty value means no filter. `limit` defaults to 100.',
    query: auditQuery,
    responses: { 200: auditListResponse },
  }),
};

/** The query string as zod sees it: empty values mean "no filter", as the console sends them. */
function withoutEmpty(query: unknown): Record<string, unknown> {
  if (typeof query !== 'object' || query === null) return {};
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}

export function registerAdminBoardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services, views } = ctx;

  app.get('/api/admin/board', DOCS.board, async () => ({ sessions: await views.board() }));

  app.post('/api/admin/sessions/:id/pause', DOCS.pause, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(pauseBody, request.body, 'body');
    try {
      return {
        session: await views.one(
          await services.sessions.pause(id, body.code, {
            source: 'admin',
            actorAgentId: authOf(request).agent.id,
          }),
        ),
      };
    } catch (err) {
      if (isDomainError(err, 'E_VALIDATION')) throw apiErrorFromDomain(err, 'code');
      throw err;
    }
  });

  app.delete('/api/admin/sessions/:id', DOCS.end, async (request, reply) => {
    const { id } = parseInput(idParam, request.params, 'params');
    await services.sessions.end(id, 'admin', { source: 'admin', actorAgentId: authOf(request).agent.id });
    return reply.code(204).send();
  });

  app.get('/api/admin/audit', DOCS.audit, async (request) => {
    const query = parseInput(auditQuery, withoutEmpty(request.query), 'query');
    const agents = await services.agents.list();
    let agentId: number | undefined;
    if (query.agent !== undefined) {
      const agent = agents.find((a) => a.userId === query.agent);
      if (!agent) return { entries: [] };
      agentId = agent.id;
    }
    const limit = query.limit ?? 100;
    // Each kind answers only the filters it knows: a session event name as `result` asks for
    // session entries only, source `api` for authentication entries only.
    const authSource = query.source === undefined || isOneOf(query.source, AUTH_SOURCES);
    const authResult = query.result === undefined || isOneOf(query.result, AUTH_RESULTS);
    const sessionSource = query.source === undefined || isOneOf(query.source, SESSION_EVENT_SOURCES);
    const sessionResult = query.result === undefined || isOneOf(query.result, SESSION_EVENT_KINDS);
    const common = {
      ...(agentId === undefined ? {} : { agentId }),
      ...(query.from === undefined ? {} : { since: query.from }),
      ...(query.to === undefined ? {} : { until: query.to }),
      limit,
    };
    const [authEvents, sessionEvents, devices] = await Promise.all([
      query.kind !== 'session' && authSource && authResult
        ? services.audit.list({
            ...common,
            ...(query.source === undefined ? {} : { source: query.source as AuthSource }),
            ...(query.result === undefined ? {} : { result: query.result as AuthResult }),
          })
        : [],
      query.kind !== 'auth' && sessionSource && sessionResult
        ? services.audit.listSessionEvents({
            ...common,
            ...(query.source === undefined ? {} : { source: query.source as SessionEventSource }),
            ...(query.result === undefined ? {} : { event: query.result as SessionEventKind }),
          })
        : [],
      services.devices.list(),
    ]);
    const byId = new Map(agents.map((a) => [a.id, a]));
    const agentOf = (id: number | null) => (id === null ? undefined : byId.get(id));
    const deviceNames = new Map(devices.map((d) => [d.id, d.name]));
    const entries: AuditEntryView[] = [
      ...authEvents.map((e) => authEventView(e, agentOf(e.agentId), agentOf(e.actorAgentId))),
      ...sessionEvents.map((e) =>
        sessionEventView(e, agentOf(e.agentId), agentOf(e.actorAgentId), deviceNames.get(e.deviceId ?? -1)),
      ),
    ]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, limit);
    return { entries };
  });
}
