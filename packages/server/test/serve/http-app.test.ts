import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../src/logging/index.ts';
import { createCallgateMetrics } from '../../src/metrics/index.ts';
import { createHttpApp } from '../../src/runtime/http-app.ts';

const silent = createLogger({ level: 'silent' });

describe('HTTP app: /healthz and /metrics', () => {
  const apps: FastifyInstance[] = [];
  after(async () => {
    for (const app of apps) await app.close();
  });

  async function build(pingDatabase: () => Promise<unknown>, pingTimeoutMs = 50) {
    const metrics = createCallgateMetrics();
    const app = await createHttpApp({
      logger: silent,
      metrics,
      health: { pingDatabase, agiState: () => 'listening', startedAt: Date.now() - 3000, pingTimeoutMs },
    });
    apps.push(app);
    return { app, metrics };
  }

  test('healthz is 200 ok while the database answers', async () => {
    const { app } = await build(async () => undefined);
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(
      { ...body, uptimeSec: undefined },
      { status: 'ok', db: 'ok', agi: 'listening', uptimeSec: undefined },
    );
    assert.ok(body.uptimeSec >= 3);
  });

  test('healthz is 503 db down when the ping fails', async () => {
    const { app } = await build(async () => {
      throw new Error('closed');
    });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().db, 'down');
  });

  test('healthz is 503 when the ping hangs past its timeout', async () => {
    const { app } = await build(() => new Promise(() => {}), 20);
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 503);
  });

  test('metrics count HTTP requests by route pattern and status', async () => {
    const { app } = await build(async () => undefined);
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/no/such/page' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/plain/);
    assert.match(res.body, /callgate_http_requests_total\{route="\/healthz",method="GET",status="200"\} 1/);
    assert.match(res.body, /callgate_http_requests_total\{route="unmatched",method="GET",status="404"\} 1/);
    assert.doesNotMatch(res.body, /no\/such\/page/);
  });
});
