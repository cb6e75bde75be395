import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ALICE, type ApiHarness, BOB, openApiHarness } from './api-harness.ts';

describe('login, me, logout, CSRF', () => {
  let h: ApiHarness;
  before(async () => {
    h = await openApiHarness();
  });
  after(() => h.close());

  test('login sets an httpOnly SameSite=Strict session cookie (not Secure on plain http) and returns me + csrfToken', async () => {
    const c = h.client();
    const res = await c.login(ALICE.userId, ALICE.password);
    assert.equal(res.status, 200);
    assert.equal(res.body.me.userId, '1001');
    assert.equal(res.body.me.name, 'Alice Moreau');
    assert.equal(res.body.me.role, 'agent');
    assert.equal(res.body.me.canDialIn, true);
    assert.equal(typeof res.body.csrfToken, 'string');
    assert.ok(res.body.csrfToken.length >= 32);
    const cookies = res.headers.getSetCookie();
    const cookie = cookies.find((c) => c.startsWith('callgate_sid=')) ?? '';
    assert.match(cookie, /^callgate_sid=[A-Za-z0-9_-]{40,};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/);
    // The device cookie of this browser: sent back only to the sign-in route.
    const device = cookies.find((c) => c.startsWith('callgate_device=')) ?? '';
    assert.match(device, /^callgate_device=[A-Za-z0-9_-]{40,};/);
    assert.match(device, /Path=\/api\/login/);
    assert.match(device, /HttpOnly/);
    assert.match(device, /SameSite=Strict/);
    assert.doesNotMatch(res.text, /scrypt|passwordHash|pinHash/);
  });

  test('GET /api/me: 401 without a login, the same me and token with one', async () => {
    const anonymous = await h.client().get('/api/me');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'E_AUTH');
    const c = await h.loginAs(ALICE);
    const me = await c.get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.me.userId, '1001');
    assert.equal(me.body.csrfToken, c.csrfToken);
  });

  test('wrong password and unknown user ID get the same 401 E_BAD_CREDENTIALS message', async () => {
    const wrong = await h.client().login(ADMIN.userId, 'not-the-password');
    const unknown = await h.client().login('4242', 'whatever-123');
    const notDigits = await h.client().login("1' OR '1'='1", 'x');
    for (const res of [wrong, unknown, notDigits]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'E_BAD_CREDENTIALS');
      assert.equal(res.headers.get('set-cookie'), null);
    }
    assert.equal(wrong.body.error.message, unknown.body.error.message);
    assert.equal(wrong.body.error.message, notDigits.body.error.message);
  });

  test('every state change without the right x-csrf-token is 403 E_CSRF and changes nothing', async () => {
    const c = await h.loginAs(ALICE);
    const missing = await c.post('/api/agent/session', { interface: 'internal' }, { csrf: false });
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error.code, 'E_CSRF');
    const other = await h.loginAs(ALICE);
    const wrong = await c.post('/api/agent/session', { interface: 'internal' }, { csrf: other.csrfToken! });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error.code, 'E_CSRF');
    assert.equal((await c.get('/api/agent/session')).body.session, null);
    for (const [method, path] of [
      ['DELETE', '/api/agent/session'],
      ['POST', '/api/logout'],
      ['PATCH', `/api/admin/agents/${h.alice.id}`],
    ] as const) {
      const res = await c.request(method, path, method === 'DELETE' ? undefined : {}, { csrf: false });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'E_CSRF');
    }
    // The cookie alone (what a cross-site form would carry) is not enough; with the token it works.
    const ok = await c.post('/api/agent/session', { interface: 'internal' });
    assert.equal(ok.status, 201);
    assert.equal((await c.delete('/api/agent/session')).status, 204);
  });

  test('logout ends the web login: the old cookie is refused afterwards', async () => {
    const c = await h.loginAs(ALICE);
    const cookie = c.cookie;
    const res = await c.post('/api/logout');
    assert.equal(res.status, 204);
    assert.match(res.headers.get('set-cookie') ?? '', /callgate_sid=;/);
    const replay = h.client();
    replay.cookie = cookie;
    assert.equal((await replay.get('/api/me')).status, 401);
    assert.equal((await replay.get('/api/agent/session')).status, 401);
  });

  test('a new login gets a new session id (a planted cookie is not kept)', async () => {
    const c = await h.loginAs(ALICE);
    const first = c.cookie;
    await c.login(ALICE.userId, ALICE.password);
    assert.notEqual(c.cookie, first);
    const stale = h.client();
    stale.cookie = first;
    assert.equal((await stale.get('/api/me')).status, 401);
  });

  test('a forged or unknown session cookie is 401', async () => {
    const c = h.client();
    c.cookie = 'callgate_sid=forged-session-id';
    assert.equal((await c.get('/api/agent/session')).status, 401);
    assert.equal((await c.get('/api/admin/board')).status, 401);
  });

  test('a disabled agent cannot log in, and their open web login stops working', async () => {
    const bob = await h.loginAs(BOB);
    const admin = await h.loginAs(ADMIN);
    assert.equal((await admin.patch(`/api/admin/agents/${h.bob.id}`, { enabled: false })).status, 200);
    assert.equal((await bob.get('/api/me')).status, 401);
    const again = await h.client().login(BOB.userId, BOB.password);
    assert.equal(again.status, 403);
    assert.equal(again.body.error.code, 'E_FORBIDDEN');
    assert.equal((await admin.patch(`/api/admin/agents/${h.bob.id}`, { enabled: true })).status, 200);
    assert.equal((await h.client().login(BOB.userId, BOB.password)).status, 200);
  });
});

describe('lockout after repeated failures', () => {
  let h: ApiHarness;
  before(async () => {
    h = await openApiHarness({ config: { lockThreshold: 3, lockDurationSec: 600 } });
  });
  after(() => h.close());

  test('the failure that reaches the threshold and every later attempt are 423 E_LOCKED, right password included; audited as web', async () => {
    const c = h.client();
    assert.equal((await c.login(ALICE.userId, 'wrong-one')).status, 401);
    assert.equal((await c.login(ALICE.userId, 'wrong-two')).status, 401);
    const third = await c.login(ALICE.userId, 'wrong-three');
    assert.equal(third.status, 423);
    assert.equal(third.body.error.code, 'E_LOCKED');
    assert.equal(third.body.error.retryAfterSec, 600);
    const right = await c.login(ALICE.userId, ALICE.password);
    assert.equal(right.status, 423);
    assert.equal(right.body.error.code, 'E_LOCKED');
    assert.ok(right.body.error.retryAfterSec > 0 && right.body.error.retryAfterSec <= 600);
    assert.equal(right.headers.get('retry-after'), String(right.body.error.retryAfterSec));
    assert.equal(right.headers.get('set-cookie'), null);

    // A refused (locked) attempt is recorded by the user ID entered, like every other.
    const events = (await h.services.audit.list({ source: 'web' })).filter(
      (e) => e.enteredId === ALICE.userId,
    );
    assert.deepEqual(
      events.map((e) => [e.source, e.result]),
      [
        ['web', 'locked'],
        ['web', 'bad_credentials'],
        ['web', 'bad_credentials'],
        ['web', 'bad_credentials'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(events), /wrong-one|alice-pass/);
  });

  test('the lock lifts when its time is up', async () => {
    h.clock.advance(601_000);
    const res = await h.client().login(ALICE.userId, ALICE.password);
    assert.equal(res.status, 200);
  });
});

describe('login rate limits', () => {
  test('per client address: many user IDs from one address are cut off', async () => {
    const h = await openApiHarness({
      plugin: {
        loginRateLimit: { perIp: { max: 3, windowMs: 60_000 } },
      },
    });
    try {
      const c = h.client();
      for (const userId of ['2001', '2002', '2003'])
        assert.equal((await c.login(userId, 'guess-1234')).status, 401);
      const limited = await c.login(ADMIN.userId, ADMIN.password);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'E_RATE_LIMIT');
    } finally {
      await h.close();
    }
  });
});

describe('cookie over https', () => {
  test('the session cookie is Secure when the public URL is https, with HSTS', async () => {
    const h = await openApiHarness({
      plugin: { config: { publicUrl: 'https://callgate.example.com/', dialinNumber: '2345' } },
    });
    try {
      const res = await h.client().login(ALICE.userId, ALICE.password);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('set-cookie') ?? '', /; Secure/);
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/);
    } finally {
      await h.close();
    }
  });
});
