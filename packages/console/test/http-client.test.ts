import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ApiError } from '../src/api/api-error.ts';
import { HttpClient } from '../src/api/http-client.ts';

// A real HTTP server that plays the contract's answers, to check what the client sends and how
// it reacts. `currentToken` is what the server accepts as x-csrf-token.
let currentToken = 'token-1';
const seen: { method: string; url: string; csrf: string | undefined; body: string }[] = [];

function reply(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const csrf = req.headers['x-csrf-token'] as string | undefined;
  seen.push({ method: req.method ?? '', url: req.url ?? '', csrf, body });
  if (req.url === '/api/me') return reply(res, 200, { me: { id: 1 }, csrfToken: currentToken });
  if (req.url === '/api/expired')
    return reply(res, 401, { error: { code: 'E_AUTH', message: 'Not signed in' } });
  if (req.url === '/api/nothing') return reply(res, 204);
  if (req.method !== 'GET' && csrf !== currentToken)
    return reply(res, 403, { error: { code: 'E_CSRF', message: 'Bad token' } });
  return reply(res, 200, { ok: true, echo: body === '' ? null : JSON.parse(body) });
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => reply(res, 500));
});
let baseUrl = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('state-changing requests carry the CSRF token as JSON; GETs do not', async () => {
  const client = new HttpClient(baseUrl);
  client.setCsrfToken('token-1');
  currentToken = 'token-1';
  seen.length = 0;
  await client.get('/api/thing');
  const posted = await client.post<{ echo: unknown }>('/api/agent/pause', { code: 'LUNCH' });
  assert.deepEqual(posted.echo, { code: 'LUNCH' });
  assert.equal(seen[0]?.csrf, undefined);
  assert.equal(seen[1]?.csrf, 'token-1');
});

test('a rotated CSRF token is fetched again and the request retried once', async () => {
  const client = new HttpClient(baseUrl);
  client.setCsrfToken('stale');
  currentToken = 'token-2';
  seen.length = 0;
  const result = await client.patch<{ ok: boolean }>('/api/admin/devices/1', { enabled: false });
  assert.equal(result.ok, true);
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.url} ${s.csrf ?? '-'}`),
    ['PATCH /api/admin/devices/1 stale', 'GET /api/me -', 'PATCH /api/admin/devices/1 token-2'],
  );
  assert.equal(client.csrfToken, 'token-2');
});

test('a 401 sends the app to sign-in unless the caller handles it (login)', async () => {
  const client = new HttpClient(baseUrl);
  let signedOut = 0;
  client.onUnauthorized(() => signedOut++);
  await assert.rejects(client.get('/api/expired'), (e) => e instanceof ApiError && e.code === 'E_AUTH');
  assert.equal(signedOut, 1);
  await assert.rejects(client.post('/api/expired', {}, { signInOn401: false }), ApiError);
  assert.equal(signedOut, 1);
});

test('an empty 204 answer resolves to null', async () => {
  const client = new HttpClient(baseUrl);
  assert.equal(await client.delete('/api/nothing'), null);
});

test('an unreachable server is E_NETWORK, not a TypeError', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const client = new HttpClient(`http://127.0.0.1:${port}`);
  await assert.rejects(client.get('/api/me'), (e) => e instanceof ApiError && e.code === 'E_NETWORK');
});
