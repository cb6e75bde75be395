/**
 * Login locks in the API: admins see every lock with what it holds and until when, lift one (by
 * its key, or all of a user ID's), and each unlock is in the audit log with who did it;
 * supervisors look but do not touch; an agent sees their own locks only.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADMIN, ALICE, type ApiHarness, BOB, openApiHarness, SUPERVISOR } from './api-harness.ts';

describe('login locks', () => {
  let h: ApiHarness;
  before(async () => {
    h = await openApiHarness({ config: { lockThreshold: 3, lockDurationSec: 600 } });
  });
  after(() => h.close());
  beforeEach(() => h.clock.advance(25 * 3_600_000));

  /** Three wrong PINs for Alice from strangers, and three wrong passwords for Bob. */
  async function lockAliceDialInAndBobWeb() {
    for (let i = 0; i < 3; i++) {
      await h.services.dialIn.verifyDialIn({ userId: ALICE.userId, pin: '0000', callerId: `0207000000${i}` });
      await h.client().login(BOB.userId, `wrong-${i}`);
    }
  }

  test('admins see every lock: phone or web, whose, since and until when', async () => {
    await lockAliceDialInAndBobWeb();
    const admin = await h.loginAs(ADMIN);
    const res = await admin.get('/api/admin/locks');
    assert.equal(res.status, 200);
    const byKey = new Map(res.body.locks.map((l: { key: string }) => [l.key, l]));
    const alice = byKey.get('pin:1001') as Record<string, unknown>;
    assert.equal(alice.source, 'phone');
    assert.equal(alice.kind, 'phone');
    assert.equal(alice.userId, '1001');
    assert.equal(alice.agentName, 'Alice Moreau');
    assert.equal(alice.lastOrigin, '02070000002');
    assert.equal(alice.attempts, 3);
    assert.equal(alice.description, 'dial-in of user 1001 from unknown numbers');
    assert.equal(
      new Date(alice.lockedUntil as string).getTime() - new Date(alice.lockedAt as string).getTime(),
      600_000,
    );
    const bob = byKey.get('pw:1002') as Record<string, unknown>;
    assert.equal(bob.source, 'web');
    assert.equal(bob.lastOrigin, '127.0.0.1');
    // Each caller ID tried once: none of them is locked.
    assert.equal([...byKey.keys()].filter((k) => String(k).startsWith('cid:')).length, 0);
  });

  test('an admin lifts one lock by its key; it is audited with who did it', async () => {
    await lockAliceDialInAndBobWeb();
    const admin = await h.loginAs(ADMIN);
    const res = await admin.post('/api/admin/locks/unlock', { key: 'pin:1001' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { cleared: 1 });
    const after = await h.services.dialIn.verifyDialIn({
      userId: ALICE.userId,
      pin: ALICE.pin,
      callerId: '0207999',
    });
    assert.equal(after.result, 'no_session');
    const again = await admin.post('/api/admin/locks/unlock', { key: 'pin:1001' });
    assert.equal(again.status, 404);
    const audit = await admin.get('/api/admin/audit?result=unlocked');
    const entry = audit.body.entries[0];
    assert.equal(entry.source, 'admin');
    assert.equal(entry.agentUserId, '1001');
    assert.match(entry.detail, /dial-in of user 1001 from unknown numbers/);
    assert.match(entry.detail, /by 9000/);
  });

  test('an admin lifts every lock of a user ID at once', async () => {
    await lockAliceDialInAndBobWeb();
    await h.client().login(ALICE.userId, 'wrong-a');
    const admin = await h.loginAs(ADMIN);
    for (let i = 0; i < 2; i++) await h.client().login(ALICE.userId, `wrong-${i}`);
    const res = await admin.post('/api/admin/locks/unlock', { userId: ALICE.userId });
    assert.equal(res.status, 200);
    assert.equal(res.body.cleared, 4, 'phone and web, each with its daily twin');
    assert.equal((await h.client().login(ALICE.userId, ALICE.password)).status, 200);
  });

  test('bad unlock requests: not a key, no body, both fields', async () => {
    const admin = await h.loginAs(ADMIN);
    for (const body of [{ key: 'nonsense' }, {}, { key: 'pin:1001', userId: '1001' }, { userId: 'abc' }]) {
      const res = await admin.post('/api/admin/locks/unlock', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'E_VALIDATION');
    }
  });

  test('supervisors see locks but cannot lift them; agents see neither', async () => {
    await lockAliceDialInAndBobWeb();
    const supervisor = await h.loginAs(SUPERVISOR);
    assert.equal((await supervisor.get('/api/admin/locks')).status, 200);
    assert.equal((await supervisor.post('/api/admin/locks/unlock', { key: 'pin:1001' })).status, 403);
    const agent = await h.loginAs(ALICE);
    assert.equal((await agent.get('/api/admin/locks')).status, 403);
    assert.equal((await agent.post('/api/admin/locks/unlock', { key: 'pin:1001' })).status, 403);
    const admin = await h.loginAs(ADMIN);
    const noCsrf = await admin.post('/api/admin/locks/unlock', { key: 'pin:1001' }, { csrf: false });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.error.code, 'E_CSRF');
  });

  test('an agent sees that their dial-in is locked, and until when; not other agents’ locks', async () => {
    await lockAliceDialInAndBobWeb();
    const alice = await h.loginAs(ALICE);
    const res = await alice.get('/api/agent/locks');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.locks.map((l: { key: string; source: string }) => [l.key, l.source]),
      [['pin:1001', 'phone']],
    );
    assert.ok(Date.parse(res.body.locks[0].lockedUntil) > h.clock.now().getTime());
    const bobView = await (await h.loginAs({ userId: ADMIN.userId, password: ADMIN.password })).get(
      '/api/agent/locks',
    );
    assert.deepEqual(bobView.body.locks, []);
  });

  test('a locked web sign-in says until when and what still works; the browser used before still signs in', async () => {
    const browser = h.client();
    assert.equal((await browser.login(ALICE.userId, ALICE.password)).status, 200);
    for (let i = 0; i < 3; i++) await h.client().login(ALICE.userId, `wrong-${i}`);
    const stranger = await h.client().login(ALICE.userId, ALICE.password);
    assert.equal(stranger.status, 423);
    assert.equal(stranger.body.error.lockScope, 'user');
    assert.ok(Date.parse(stranger.body.error.lockedUntil) > h.clock.now().getTime());
    assert.match(stranger.body.error.message, /browser you signed in from before/);
    assert.equal((await browser.login(ALICE.userId, ALICE.password)).status, 200);
  });
});
