/**
 * Asterisk control as the API shows it: the agent's "call me again", the AMI status the console
 * shows as a banner, and the queues each agent joins while logged in (admins write, supervisors
 * read).
 *
 * "Call me again" waits for the outcome (at most the ring timeout, which the call control bounds)
 * and answers 200 `{ session, outcome }`: the console then shows Connected or why it failed without
 * waiting for the live stream, and the stream shows "Calling…" meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isDomainError } from '../domain/domain-error.ts';
import type { ApiContext } from './api-context.ts';
import { notFound } from './api-error.ts';
import { agentQueuesResponse } from './contract/agent-contract.ts';
import { callAgainResponse, statusResponse } from './contract/session-contract.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import { idParam, typeError } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { authOf } from './request-auth.ts';
import { documented } from './route-doc.ts';

const emptyBody = z.strictObject({});
const queuesBody = z.strictObject({
  queues: z
    .array(z.string(typeError('text')), typeError('a list of queue names'))
    .max(50, 'At most 50 queues'),
});

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  status: documented('signed-in', {
    tag: 'asterisk',
    summary: "Asterisk control: `off` without an AMI URL, otherwise the AMI connection's state",
    responses: { 200: statusResponse },
  }),
  callAgain: documented('signed-in', {
    tag: 'asterisk',
    summary: "Call your session's phone again and wait for the outcome (at most the ring timeout)",
    body: emptyBody,
    responses: { 200: callAgainResponse },
    errors: [404, 409],
  }),
  queues: documented('admin-area', {
    tag: 'admin',
    summary: 'The queues the agent joins while logged in',
    params: idParam,
    responses: { 200: agentQueuesResponse },
  }),
  setQueues: documented('admin-area', {
    tag: 'admin',
    summary: 'Set the queues the agent joins while logged in',
    params: idParam,
    body: queuesBody,
    responses: { 200: agentQueuesResponse },
    errors: [409],
  }),
};

export function registerAsteriskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services, views, asterisk } = ctx;

  app.get('/api/status', DOCS.status, async () => ({ asterisk: asterisk.status() }));

  app.post('/api/agent/session/call-again', DOCS.callAgain, async (request) => {
    parseInput(emptyBody, request.body ?? {}, 'body');
    // Only the caller's own session: no route here takes a session id.
    const own = await services.sessions.findOpenSessionForAgent(authOf(request).agent.id);
    if (!own) throw notFound('You have no open session.');
    let outcome: Awaited<ReturnType<typeof asterisk.callAgainSession>>;
    try {
      outcome = await asterisk.callAgainSession(own.id);
    } catch (err) {
      if (isDomainError(err, 'E_VALIDATION')) throw apiErrorFromDomain(err, 'interface');
      throw err;
    }
    const session = await services.sessions.get(own.id);
    return {
      session: await views.one(session),
      outcome:
        outcome.status === 'failed'
          ? { status: outcome.status, reason: outcome.reason, message: outcome.message }
          : outcome.status === 'skipped'
            ? { status: outcome.status, reason: outcome.reason }
            : { status: outcome.status },
    };
  });

  app.get('/api/admin/agents/:id/queues', DOCS.queues, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    await services.agents.get(id);
    return { queues: await asterisk.agentQueues(id) };
  });

  app.put('/api/admin/agents/:id/queues', DOCS.setQueues, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(queuesBody, request.body, 'body');
    await services.agents.get(id);
    try {
      return { queues: await asterisk.setAgentQueues(id, body.queues) };
    } catch (err) {
      if (isDomainError(err, 'E_VALIDATION')) throw apiErrorFromDomain(err, 'queues');
      throw err;
    }
  });
}
