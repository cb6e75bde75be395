import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../src/logging/index.ts';
import { type CallgateMetrics, createCallgateMetrics } from '../../src/metrics/index.ts';
import {
  createHttpApp,
  HTTP_DEADLINE_CHECK_MS,
  HTTP_HEADERS_TIMEOUT_MS,
  HTTP_REQUEST_TIMEOUT_MS,
} from '../../src/runtime/http-app.ts';

const silent = createLogger({ level: 'silent' });

function until(predicate: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > limitMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

function openConnections(app: FastifyInstance): Promise<number> {
  return new Promise((resolve, reject) =>
    app.server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );
}

interface RawClient {
  socket: Socket;
  received: string;
  closed: boolean;
  closedAt: number;
}

function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const client: RawClient = {
      socket: connect({ port, host: '127.0.0.1' }),
      received: '',
      closed: false,
      closedAt: 0,
    };
    client.socket.setEncoding('utf8');
    client.socket.on('data', (chunk: string) => {
      client.received += chunk;
    });
    client.socket.on('error', () => {});
    client.socket.on('close', () => {
      client.closed = true;
      client.closedAt = performance.now();
    });
    client.socket.once('connect', () => resolve(client));
    client.socket.once('error', reject);
  });
}

describe('HTTP limits: no client holds what others need', () => {
  const apps: FastifyInstance[] = [];
  after(async () => {
    for (const app of apps) {
      app.server.closeAllConnections();
      await app.close();
    }
  });

  async function start(
    options: { maxConnections?: number; headersMs?: number } = {},
  ): Promise<{ app: FastifyInstance; port: number; metrics: CallgateMetrics }> {
    const metrics = createCallgateMetrics();
    const app = await createHttpApp({
      logger: silent,
      metrics,
      health: { pingDatabase: async () => undefined, agiState: () => 'listening', startedAt: Date.now() },
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
      ...(options.headersMs
        ? { timeouts: { headersMs: options.headersMs, requestMs: options.headersMs * 2, checkEveryMs: 50 } }
        : {}),
    });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return { app, port: typeof address === 'object' && address ? address.port : 0, metrics };
  }

  test('the documented deadlines cut a slow client within 10 s', () => {
    assert.ok(HTTP_HEADERS_TIMEOUT_MS + HTTP_DEADLINE_CHECK_MS <= 10_000);
    assert.ok(HTTP_REQUEST_TIMEOUT_MS <= 10_000);
  });

  test('300 slow clients at once (silent, half-sent, trickling) are answered 408 and cut at the headers deadline', async () => {
    const { port } = await start({ headersMs: 300 });
    const started = performance.now();
    const silentClients = await Promise.all(Array.from({ length: 100 }, () => rawClient(port)));
    const partial = await Promise.all(Array.from({ length: 100 }, () => rawClient(port)));
    for (const c of partial) c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = await Promise.all(Array.from({ length: 100 }, () => rawClient(port)));
    for (const c of trickle) c.socket.write('GET /healthz HTTP/1.1\r\n');
    const drip = setInterval(() => {
      for (const c of trickle) if (!c.closed) c.socket.write('X-Slow: 1\r\n');
    }, 50);
    const all = [...silentClients, ...partial, ...trickle];
    try {
      await until(() => all.every((c) => c.closed), 'the slow clients to be cut');
      for (const c of all) {
        assert.match(c.received, /^HTTP\/1\.1 408 /);
        assert.ok(c.closedAt - started >= 250, 'not before the deadline');
      }
    } finally {
      clearInterval(drip);
    }
    // A client that sends its request in time is served on the same server.
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
  });

  test('beyond maxConnections new sockets are closed at once and counted; capacity comes back', async () => {
    const { app, port, metrics } = await start({ maxConnections: 50 });
    const clients = await Promise.all(Array.from({ length: 200 }, () => rawClient(port)));
    try {
      await until(() => clients.filter((c) => c.closed).length === 150, '150 sockets to be closed');
      const text = await metrics.registry.metrics();
      assert.match(text, /callgate_http_connections_refused_total 150/);
      // Full: a new request cannot get in…
      const refused = await rawClient(port);
      await until(() => refused.closed, 'the 51st to be closed');
      assert.equal(refused.received, '');
    } finally {
      for (const c of clients) c.socket.destroy();
    }
    // …and once sockets close, it can.
    for (let waited = 0; (await openConnections(app)) > 0; waited += 10) {
      assert.ok(waited < 10_000, 'the server sees the sockets go');
      await new Promise((r) => setTimeout(r, 10));
    }
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
  });
});
