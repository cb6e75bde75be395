/**
 * GET /api/openapi.json: a valid OpenAPI 3.1 document (checked by a validator against the
 * specification's own JSON Schema) that lists every /api route Fastify registered, each with its
 * doc, and whose answers are what the server really sends: real responses, read as an admin and
 * as an agent, parse with the documented (strict) schemas.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { z } from 'zod';
import { apiErrorSchema } from '../../src/http/contract/error-contract.ts';
import { UNDOCUMENTED } from '../../src/http/openapi-document.ts';
import { ADMIN, ALICE, type ApiHarness, openApiHarness } from './api-harness.ts';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { required: boolean };
  responses: Record<string, unknown>;
  [UNDOCUMENTED]?: true;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: object };
};

describe('GET /api/openapi.json', () => {
  let h: ApiHarness;
  let document: Document;
  /** The /api routes as Fastify registered them (HEAD is the GET's twin). */
  let apiRoutes: ApiHarness['routes'];
  before(async () => {
    h = await openApiHarness();
    apiRoutes = h.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    const res = await h.client().get('/api/openapi.json');
    assert.equal(res.status, 200, 'public: no login needed');
    document = res.body;
  });
  after(() => h.close());

  test('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
  });

  test('has every registered /api route, documented, and no route that is not registered', () => {
    const registered = apiRoutes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documentedRoutes = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documentedRoutes, registered);
    assert.ok(registered.length >= 40, `${registered.length} routes`);
    const undocumented = apiRoutes.filter((r) => r.api === undefined).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(undocumented, [], 'every route declares its doc (route-doc.ts documented())');
    for (const operations of Object.values(document.paths)) {
      for (const op of Object.values(operations)) assert.equal(op[UNDOCUMENTED], undefined, op.operationId);
    }
  });

  test('says how each route is reached: path params, the login and CSRF token, bodies, errors', () => {
    const op = (method: string, path: string) => document.paths[path]?.[method] as Operation;
    assert.deepEqual(op('post', '/api/login').security, []);
    assert.deepEqual(op('get', '/api/admin/agents').security, [{ session: [] }]);
    assert.deepEqual(op('patch', '/api/admin/agents/{id}').security, [{ session: [], csrf: [] }]);
    assert.deepEqual(
      op('patch', '/api/admin/pause-codes/{code}').parameters?.map((p) => `${p.in}:${p.name}`),
      ['path:code'],
    );
    assert.deepEqual(
      op('get', '/api/admin/audit')
        .parameters?.map((p) => p.name)
        .sort(),
      ['agent', 'from', 'kind', 'limit', 'result', 'source', 'to'],
    );
    assert.equal(op('post', '/api/admin/agents').requestBody?.required, true);
    // The handler reads a missing body as {}: optional.
    assert.equal(op('post', '/api/agent/ready').requestBody?.required, false);
    assert.deepEqual(Object.keys(op('post', '/api/login').responses).sort(), [
      '200',
      '400',
      '401',
      '403',
      '423',
      '429',
      'default',
    ]);
    assert.deepEqual(Object.keys(op('delete', '/api/agent/session').responses).sort(), [
      '204',
      '401',
      '403',
      '404',
      'default',
    ]);
    assert.ok('Session' in document.components.schemas, 'named shapes are components');
  });

  test('what the server answers is what the document says (strict schemas, real responses)', async () => {
    const admin = await h.loginAs(ADMIN);
    const alice = await h.loginAs(ALICE);
    // Something on every list: an open dial-in session, a directory entry, a caller profile.
    const opened = await alice.post('/api/agent/session', { interface: 'dialin' });
    assert.equal(opened.status, 201);
    const entry = await admin.post('/api/admin/directory', {
      extension: '2001',
      name: 'Sales',
      target: { kind: 'agent', agentId: h.alice.id },
    });
    assert.equal(entry.status, 201);
    const contact = await admin.post('/api/admin/contacts', { officeNum: '5551234', name: 'ACME' });
    assert.equal(contact.status, 201);

    const schemaOf = (method: string, url: string, status: 200 | 201) => {
      const route = apiRoutes.find((r) => r.method === method && r.url === url);
      const answer = route?.api?.responses[status];
      assert.ok(answer && !('stream' in answer), `${method} ${url} documents a ${status} JSON body`);
      return answer as z.ZodType;
    };
    const fill = (url: string) =>
      url
        .replace('/agents/:id', `/agents/${h.alice.id}`)
        .replace('/directory/:id', `/directory/${entry.body.entry.id}`)
        .replace('/contacts/:id', `/contacts/${contact.body.contact.id}`)
        .replace('/sessions/:id', `/sessions/${opened.body.session.id}`)
        .replace(':code', 'BREAK');

    // Every GET with a JSON answer, read by whoever may read it.
    const reads = apiRoutes.filter((r) => r.method === 'GET' && r.url !== '/api/events');
    assert.ok(reads.length >= 15);
    for (const route of reads) {
      const client = route.url.startsWith('/api/admin/') ? admin : alice;
      const res = await client.get(fill(route.url));
      assert.equal(res.status, 200, `${route.url}: ${res.text}`);
      const parsed = schemaOf('GET', route.url, 200).safeParse(res.body);
      assert.ok(parsed.success, `GET ${route.url}: ${parsed.error?.message}`);
    }
    // The answers of the changes made above, and an error.
    for (const [res, method, url, status] of [
      [opened, 'POST', '/api/agent/session', 201],
      [entry, 'POST', '/api/admin/directory', 201],
      [contact, 'POST', '/api/admin/contacts', 201],
    ] as const) {
      const parsed = schemaOf(method, url, status).safeParse(res.body);
      assert.ok(parsed.success, `${method} ${url}: ${parsed.error?.message}`);
    }
    const missing = await admin.get('/api/admin/agents/999999');
    assert.equal(missing.status, 404);
    assert.ok(apiErrorSchema.safeParse(missing.body).success, missing.text);
  });
});
