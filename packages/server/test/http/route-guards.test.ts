/**
 * Every route the plugin registers, taken from Fastify's route table rather than from a list kept
 * by hand, so a route added later without its guard fails here: no login → 401, a state change
 * without the CSRF token → 403 E_CSRF, an agent on an admin route → 403, a supervisor changing
 * anything admin → 403.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ALICE, type ApiClient, type ApiHarness, openApiHarness, SUPERVISOR } from './api-harness.ts';

const PUBLIC = new Set(['POST /api/login', 'GET /api/me', 'GET /api/openapi.json']);

describe('route guards', () => {
  let h: ApiHarness;
  let apiRoutes: Array<{ method: string; url: string; path: string }>;
  before(async () => {
    h = await openApiHarness();
    apiRoutes = h.routes
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => ({ ...r, path: r.url.replace(':id', String(h.alice.id)).replace(':code', 'BREAK') }));
  });
  after(() => h.close());

  const call = (client: ApiClient, route: { method: string; path: string }, csrf = true) =>
    client.request(
      route.method,
      route.path,
      route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      {
        csrf,
      },
    );

  test('the route table has the contract’s routes', () => {
    const names = new Set(apiRoutes.map((r) => `${r.method} ${r.url}`));
    for (const expected of [
      'POST /api/login',
      'GET /api/me',
      'POST /api/logout',
      'GET /api/agent/session',
      'POST /api/agent/session',
      'DELETE /api/agent/session',
      'POST /api/agent/pause',
      'POST /api/agent/ready',
      'POST /api/agent/heartbeat',
      'GET /api/devices/available',
      'GET /api/pause-codes',
      'GET /api/events',
      'GET /api/admin/agents',
      'POST /api/admin/agents',
      'GET /api/admin/agents/:id',
      'PATCH /api/admin/agents/:id',
      'POST /api/admin/agents/:id/password',
      'POST /api/admin/agents/:id/pin',
      'GET /api/admin/devices',
      'POST /api/admin/devices',
      'PATCH /api/admin/devices/:id',
      'GET /api/admin/contacts',
      'POST /api/admin/contacts',
      'PATCH /api/admin/contacts/:id',
      'GET /api/admin/pause-codes',
      'POST /api/admin/pause-codes',
      'PATCH /api/admin/pause-codes/:code',
      'GET /api/admin/board',
      'POST /api/admin/sessions/:id/pause',
      'DELETE /api/admin/sessions/:id',
      'GET /api/admin/audit',
    ]) {
      assert.ok(names.has(expected), expected);
    }
  });

  test('without a login every route but login, me and the API document is 401 E_AUTH', async () => {
    const anonymous = h.client();
    for (const route of apiRoutes) {
      if (PUBLIC.has(`${route.method} ${route.url}`)) continue;
      const res = await call(anonymous, route);
      assert.equal(res.status, 401, `${route.method} ${route.url}`);
      assert.equal(res.body.error.code, 'E_AUTH');
    }
  });

  test('every state change but login without the CSRF token is 403 E_CSRF', async () => {
    const admin = await h.loginAs(ADMIN);
    for (const route of apiRoutes) {
      if (route.method === 'GET' || route.url === '/api/login') continue;
      const res = await call(admin, route, false);
      assert.equal(res.status, 403, `${route.method} ${route.url}`);
      assert.equal(res.body.error.code, 'E_CSRF');
    }
  });

  test('agents are refused every admin route; supervisors every admin change', async () => {
    const agent = await h.loginAs(ALICE);
    const supervisor = await h.loginAs(SUPERVISOR);
    for (const route of apiRoutes.filter((r) => r.url.startsWith('/api/admin/'))) {
      const asAgent = await call(agent, route);
      assert.equal(asAgent.status, 403, `agent ${route.method} ${route.url}`);
      assert.equal(asAgent.body.error.code, 'E_FORBIDDEN');
      if (route.method === 'GET') continue;
      const asSupervisor = await call(supervisor, route);
      assert.equal(asSupervisor.status, 403, `supervisor ${route.method} ${route.url}`);
      assert.equal(asSupervisor.body.error.code, 'E_FORBIDDEN');
    }
  });
});
