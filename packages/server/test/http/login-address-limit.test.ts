/**
 * Web-login limits behind one address (an office NAT, a reverse proxy): failures lock the user ID
 * at the low threshold but only rate-limit the address at a much higher one, so colleagues behind
 * the same address keep signing in; both refusals are audited, with the client's address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, ALICE, type ApiHarness, BOB, openApiHarness } from './api-harness.ts';

const NO_HTTP_RATE_LIMIT = {
  perIp: { max: 10_000, windowMs: 60_000 },
};

describe('web-login limits per user ID and per address', () => {
  let h: ApiHarness;
  before(async () => {
    h = await openApiHarness({
      config: { lockThreshold: 3, lockDurationSec: 600, addressFailureLimit: 6, addressWindowSec: 900 },
      plugin: { loginRateLimit: NO_HTTP_RATE_LIMIT, trustProxy: ['127.0.0.1'] },
    });
  });
  after(() => h.close());

  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  test('one user ID locked by its failures does not lock a colleague behind the same address', async () => {
    const office = '203.0.113.10';
    for (let i = 0; i < 3; i++) {
      const res = await h
        .client()
        .request('POST', '/api/login', { userId: ALICE.userId, password: 'typo-1234' }, from(office));
      assert.equal(res.status, i < 2 ? 401 : 423);
    }
    const colleague = await h
      .client()
      .request('POST', '/api/login', { userId: BOB.userId, password: BOB.password }, from(office));
    assert.equal(colleague.status, 200);
    const locked = await h
      .client()
      .request('POST', '/api/login', { userId: ALICE.userId, password: ALICE.password }, from(office));
    assert.equal(locked.status, 423);
    assert.equal(locked.body.error.code, 'E_LOCKED');
  });

  test('many failures from one address rate-limit that address only, until its window passes', async () => {
    const scanner = '198.51.100.66';
    for (const [i, userId] of ['3001', '3002', '3003', '3004', '3005', '3006'].entries()) {
      const res = await h
        .client()
        .request('POST', '/api/login', { userId, password: 'guess-1234' }, from(scanner));
      // The sixth failure reaches the address's limit, and says so.
      assert.equal(res.status, i < 5 ? 401 : 429);
    }
    const limited = await h
      .client()
      .request('POST', '/api/login', { userId: ADMIN.userId, password: ADMIN.password }, from(scanner));
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'E_RATE_LIMIT');
    assert.ok(limited.body.error.retryAfterSec > 0 && limited.body.error.retryAfterSec <= 900);
    // The admin's account is not locked: from elsewhere the same login works.
    const elsewhere = await h
      .client()
      .request('POST', '/api/login', { userId: ADMIN.userId, password: ADMIN.password }, from('192.0.2.1'));
    assert.equal(elsewhere.status, 200);

    const audit = await h.services.audit.list({ source: 'web', result: 'rate_limited' });
    assert.equal(audit[0]?.remoteIp, scanner);
    assert.equal(audit[0]?.enteredId, ADMIN.userId);
    const userLocks = await h.services.audit.list({ source: 'web', result: 'locked' });
    assert.equal(userLocks[0]?.remoteIp, '203.0.113.10');

    h.clock.advance(901_000);
    const later = await h
      .client()
      .request('POST', '/api/login', { userId: ADMIN.userId, password: ADMIN.password }, from(scanner));
    assert.equal(later.status, 200);
  });

  test("a success does not clear the address's count, so one valid account cannot launder guesses", async () => {
    const address = '198.51.100.77';
    const attempt = (userId: string, password: string) =>
      h.client().request('POST', '/api/login', { userId, password }, from(address));
    for (let round = 0; round < 3; round++) {
      assert.equal((await attempt(`40${round}1`, 'guess-1234')).status, 401);
      // The sixth failure reaches the limit: from then on even a right password waits.
      assert.equal((await attempt(`40${round}2`, 'guess-1234')).status, round < 2 ? 401 : 429);
      assert.equal((await attempt(BOB.userId, BOB.password)).status, round < 2 ? 200 : 429);
    }
  });

  test('X-Forwarded-For from an untrusted peer is ignored', async () => {
    const plain = await openApiHarness({ plugin: { loginRateLimit: NO_HTTP_RATE_LIMIT } });
    try {
      await plain
        .client()
        .request('POST', '/api/login', { userId: '5001', password: 'guess-1234' }, from('203.0.113.99'));
      const [event] = await plain.services.audit.list({ source: 'web' });
      assert.equal(event?.remoteIp, '127.0.0.1');
    } finally {
      await plain.close();
    }
  });
});
