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
import { deviceListResponse, selectablePauseCodeListResponse } from './contract/catalog-contract.ts';
import { agentSessionSnapshotSchema, sessionResponse } from './contract/session-contract.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import { interfaceField, pauseCodeField, positiveId } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { authOf } from './request-auth.ts';
import { documented } from './route-doc.ts';

const startBody = z.strictObject({
  interface: interfaceField,
  deviceId: positiveId.nullable().optional(),
});
const pauseBody = z.strictObject({ code: pauseCodeField });
const emptyBody = z.strictObject({});

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  session: documented('signed-in', {
    tag: 'agent',
    summary: 'Your open session, or how your last one ended',
    responses: { 200: agentSessionSnapshotSchema },
  }),
  start: documented('signed-in', {
    tag: 'agent',
    summary: 'Open your session: where calls reach you (and which phone), a conference room',
    body: startBody,
    responses: { 201: sessionResponse },
    errors: [409],
  }),
  pause: documented('signed-in', {
    tag: 'agent',
    summary: 'Pause your session with a reason',
    body: pauseBody,
    responses: { 200: sessionResponse },
    errors: [404, 409],
  }),
  ready: documented('signed-in', {
    tag: 'agent',
    summary: 'Ready for calls',
    body: emptyBody,
    responses: { 200: sessionResponse },
    errors: [404, 409],
  }),
  heartbeat: documented('signed-in', {
    tag: 'agent',
    summary: 'The console is still open (a session not seen for a while is paused as LAGGED)',
    responses: { 200: sessionResponse },
    errors: [404],
  }),
  end: documented('signed-in', {
    tag: 'agent',
    summary: 'End your session (log out of the phone side)',
    responses: { 204: null },
    errors: [404],
  }),
  devices: documented('signed-in', {
    tag: 'agent',
    summary: 'Phones you may pick: free, enabled, and registered or never reported on',
    responses: { 200: deviceListResponse },
  }),
  pauseCodes: documented('signed-in', {
    tag: 'agent',
    summary: 'Pause reasons you may pick',
    responses: { 200: selectablePauseCodeListResponse },
  }),
};

/** The agent's own console: recorded as source `web` in the session audit trail. */
const WEB = { source: 'web' } as const;

export function registerAgentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services, views } = ctx;

  async function ownOpenSession(agentId: number): Promise<AgentSession> {
    const session = await services.sessions.findOpenSessionForAgent(agentId);
    if (!session) throw notFound('You have no open session.');
    return session;
  }

  app.get('/api/agent/session', DOCS.session, async (request) => views.forAgent(authOf(request).agent.id));

  app.post('/api/agent/session', DOCS.start, async (request, reply) => {
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

  app.post('/api/agent/pause', DOCS.pause, async (request) => {
    const body = parseInput(pauseBody, request.body, 'body');
    const session = await ownOpenSession(authOf(request).agent.id);
    try {
      return { session: await views.one(await services.sessions.pause(session.id, body.code, WEB)) };
    } catch (err) {
      if (isDomainError(err, 'E_VALIDATION')) throw apiErrorFromDomain(err, 'code');
      throw err;
    }
  });

  app.post('/api/agent/ready', DOCS.ready, async (request) => {
    parseInput(emptyBody, request.body ?? {}, 'body');
    const session = await ownOpenSession(authOf(request).agent.id);
    return { session: await views.one(await services.sessions.ready(session.id, WEB)) };
  });

  app.post('/api/agent/heartbeat', DOCS.heartbeat, async (request) => {
    const session = await ownOpenSession(authOf(request).agent.id);
    return { session: await views.one(await services.sessions.touch(session.id)) };
  });

  app.delete('/api/agent/session', DOCS.end, async (request, reply) => {
    const session = await ownOpenSession(authOf(request).agent.id);
    await services.sessions.end(session.id, 'logout', WEB);
    return reply.code(204).send();
  });

  app.get('/api/devices/available', DOCS.devices, async () => {
    // Registered or unknown: a phone Asterisk last reported as unregistered would not ring.
    const devices = (await services.devices.listAvailable()).map((d) => deviceView(d, false));
    return { devices: devices.filter((d) => d.registered !== false) };
  });

  app.get('/api/pause-codes', DOCS.pauseCodes, async () => {
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
