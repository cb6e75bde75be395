/**
 * The signed-in agent's own session: every route acts on the caller's session and no other (no
 * route here takes a session id), plus the phones and pause reasons an agent may pick.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AgentSession } from '../domain/agent-session.ts';
import { isDomainError } from '../domain/domain-error.ts';
import { canDialIn } from './agent-view.ts';
import type { ApiContext } from './api-context.ts';
import { invalidFields, notFound } from './api-error.ts';
import { deviceView, pauseCodeView } from './catalog-views.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import { interfaceField, pauseCodeField, positiveId } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { authOf } from './request-auth.ts';

const startBody = z.strictObject({
  interface: interfaceField,
  deviceId: positiveId.nullable().optional(),
});
const pauseBody = z.strictObject({ code: pauseCodeField });
const emptyBody = z.strictObject({});

/** The agent's own console: recorded as source `web` in the session audit trail. */
const WEB = { source: 'web' } as const;

export function registerAgentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services, views } = ctx;
  const signedIn = { config: { access: 'signed-in' as const } };

  async function ownOpenSession(agentId: number): Promise<AgentSession> {
    const session = await services.sessions.findOpenSessionForAgent(agentId);
    if (!session) throw notFound('You have no open session.');
    return session;
  }

  app.get('/api/agent/session', signedIn, async (request) => views.forAgent(authOf(request).agent.id));

  app.post('/api/agent/session', signedIn, async (request, reply) => {
    const body = parseInput(startBody, request.body, 'body');
    const { agent } = authOf(request);
    if (body.interface === 'dialin' && !canDialIn(agent, services.config)) {
      throw invalidFields({ interface: 'You have no dial-in PIN. Ask an admin to set one.' });
    }
    const session = await services.sessions.start(
      agent.id,
      { interface: body.interface, deviceId: body.deviceId ?? null },
      WEB,
    );
    return reply.code(201).send({ session: await views.one(session) });
  });

  app.post('/api/agent/pause', signedIn, async (request) => {
    const body = parseInput(pauseBody, request.body, 'body');
    const session = await ownOpenSession(authOf(request).agent.id);
    try {
      return { session: await views.one(await services.sessions.pause(session.id, body.code, WEB)) };
    } catch (err) {
      if (isDomainError(err, 'E_VALIDATION')) throw apiErrorFromDomain(err, 'code');
      throw err;
    }
  });

  app.post('/api/agent/ready', signedIn, async (request) => {
    parseInput(emptyBody, request.body ?? {}, 'body');
    const session = await ownOpenSession(authOf(request).agent.id);
    return { session: await views.one(await services.sessions.ready(session.id, WEB)) };
  });

  app.post('/api/agent/heartbeat', signedIn, async (request) => {
    const session = await ownOpenSession(authOf(request).agent.id);
    return { session: await views.one(await services.sessions.touch(session.id)) };
  });

  app.delete('/api/agent/session', signedIn, async (request, reply) => {
    const session = await ownOpenSession(authOf(request).agent.id);
    await services.sessions.end(session.id, 'logout', WEB);
    return reply.code(204).send();
  });

  app.get('/api/devices/available', signedIn, async () => {
    // Registered or unknown: a phone Asterisk last reported as unregistered would not ring.
    const devices = (await services.devices.listAvailable()).map((d) => deviceView(d, false));
    return { devices: devices.filter((d) => d.registered !== false) };
  });

  app.get('/api/pause-codes', signedIn, async () => {
    const codes = await services.pauseCodes.list();
    return {
      pauseCodes: codes
        .filter((c) => c.active && !c.system)
        .map((c) => {
          const { system: _system, ...view } = pauseCodeView(c);
          return view;
        }),
    };
  });
}
