/**
 * `/api/admin/agents`: list, create, read, change, and set or clear secrets. Passwords and PINs
 * only go in (hashed by the domain) and never come back; PATCH cannot touch them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminAgentView } from './agent-view.ts';
import type { ApiContext } from './api-context.ts';
import { ApiError } from './api-error.ts';
import { agentListResponse, agentResponse } from './contract/agent-contract.ts';
import {
  bool,
  idParam,
  interfaceField,
  mobileNumberField,
  passwordField,
  pinField,
  roleField,
  text,
  userIdField,
  voiceSettingsField,
} from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { authOf } from './request-auth.ts';
import { documented } from './route-doc.ts';

export function registerAdminAgentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services } = ctx;
  const config = services.config;

  const createBody = z.strictObject({
    userId: userIdField,
    name: text('Name'),
    role: roleField,
    password: passwordField(config),
    pin: pinField(config).optional(),
    enabled: bool().optional(),
    hotDesk: bool().optional(),
    mobileNumber: mobileNumberField.optional(),
    defaultInterface: interfaceField.nullable().optional(),
    voice: voiceSettingsField.optional(),
  });
  const patchBody = z.strictObject({
    name: text('Name').optional(),
    role: roleField.optional(),
    enabled: bool().optional(),
    hotDesk: bool().optional(),
    mobileNumber: mobileNumberField.optional(),
    defaultInterface: interfaceField.nullable().optional(),
    voice: voiceSettingsField.optional(),
  });
  const passwordBody = z.strictObject({ password: passwordField(config) });
  const pinBody = z.strictObject({ pin: pinField(config).nullable() });

  /** What the OpenAPI document says of each route (route-doc.ts). */
  const DOCS = {
    list: documented('admin-area', {
      tag: 'admin',
      summary: 'Every agent',
      responses: { 200: agentListResponse },
    }),
    create: documented('admin-area', {
      tag: 'admin',
      summary: 'Add an agent (the password and PIN are stored hashed and never shown again)',
      body: createBody,
      responses: { 201: agentResponse },
      errors: [409],
    }),
    get: documented('admin-area', {
      tag: 'admin',
      summary: 'One agent',
      params: idParam,
      responses: { 200: agentResponse },
    }),
    patch: documented('admin-area', {
      tag: 'admin',
      summary: 'Change an agent (only the fields given); disabling signs them out everywhere',
      params: idParam,
      body: patchBody,
      responses: { 200: agentResponse },
      errors: [409],
    }),
    password: documented('admin-area', {
      tag: 'admin',
      summary: "Set an agent's password (signs them out of every other browser)",
      params: idParam,
      body: passwordBody,
      responses: { 204: null },
    }),
    pin: documented('admin-area', {
      tag: 'admin',
      summary: "Set or clear (null) an agent's dial-in PIN",
      params: idParam,
      body: pinBody,
      responses: { 204: null },
    }),
  };

  const view = (agent: Parameters<typeof adminAgentView>[0]) => adminAgentView(agent, config);

  app.get('/api/admin/agents', DOCS.list, async () => ({ agents: (await services.agents.list()).map(view) }));

  app.post('/api/admin/agents', DOCS.create, async (request, reply) => {
    const body = parseInput(createBody, request.body, 'body');
    const agent = await services.agents.create({
      userId: body.userId,
      name: body.name,
      role: body.role,
      password: body.password,
      ...(body.pin === undefined ? {} : { pin: body.pin }),
      ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      ...(body.hotDesk === undefined ? {} : { hotDesk: body.hotDesk }),
      ...(body.mobileNumber === undefined ? {} : { mobileNumber: body.mobileNumber }),
      ...(body.defaultInterface === undefined ? {} : { defaultInterface: body.defaultInterface }),
      ...(body.voice === undefined ? {} : { voiceSettings: body.voice }),
    });
    return reply.code(201).send({ agent: view(agent) });
  });

  app.get('/api/admin/agents/:id', DOCS.get, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    return { agent: view(await services.agents.get(id)) };
  });

  app.patch('/api/admin/agents/:id', DOCS.patch, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(patchBody, request.body, 'body');
    const me = authOf(request).agent;
    // An admin cannot lock themselves out: someone must be left to undo it.
    if (id === me.id && (body.enabled === false || (body.role !== undefined && body.role !== 'admin'))) {
      throw new ApiError(
        409,
        'E_CONFLICT',
        'You cannot disable your own account or take away your own admin role.',
      );
    }
    const { voice, ...rest } = body;
    // Disabling signs the agent out of every browser (the domain revokes their web logins).
    const agent = await services.agents.update(id, {
      ...rest,
      ...(voice === undefined ? {} : { voiceSettings: voice }),
    });
    return { agent: view(agent) };
  });

  app.post('/api/admin/agents/:id/password', DOCS.password, async (request, reply) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(passwordBody, request.body, 'body');
    // A new password signs the agent out of every browser, except the admin's own current one.
    const own = authOf(request);
    await services.agents.update(
      id,
      { password: body.password },
      id === own.agent.id ? { keepWebSession: own.webSession.id } : {},
    );
    return reply.code(204).send();
  });

  app.post('/api/admin/agents/:id/pin', DOCS.pin, async (request, reply) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(pinBody, request.body, 'body');
    await services.agents.update(id, { pin: body.pin });
    return reply.code(204).send();
  });
}
