/** `GET /api/events`: hands the signed-in caller's connection to the live event fan-out. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './api-context.ts';
import { authOf } from './request-auth.ts';
import { documented } from './route-doc.ts';

const DOC = documented('signed-in', {
  tag: 'agent',
  summary: 'Live updates (Server-Sent Events): your session; the whole board for admins and supervisors',
  description:
    'Events: `session` (data: the session snapshot, as GET /api/agent/session), `board` (data: ' +
    '`{sessions}`, as GET /api/admin/board), `asterisk` (data: `{status}`), and comments as keep-alives.',
  responses: { 200: { stream: 'text/event-stream' } },
});

export function registerEventsRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/events', DOC, async (request, reply) => {
    const { agent, webSession } = authOf(request);
    reply.hijack();
    const headers: Record<string, string | number | string[]> = {};
    // Keep the security headers set by the earlier hooks (helmet) on the hijacked response.
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) headers[name] = value;
    reply.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tell buffering proxies (nginx) to pass events through at once.
      'x-accel-buffering': 'no',
    });
    ctx.live.add({
      raw: reply.raw,
      agentId: agent.id,
      webSessionId: webSession.id,
      staff: agent.role === 'admin' || agent.role === 'supervisor',
    });
  });
}
