/**
 * The stale-session sweep also deletes what only grows otherwise: failure counters whose windows
 * (the daily one included) and lock have passed, and expired web logins. Live locks and counters
 * that still count are kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

const MINUTE = 60_000;

for (const backend of await testBackends()) {
  describe(`purging expired records [${backend}]`, () => {
    let t: TestServices;
    before(async () => {
      t = await openTestServices(backend, {
        config: {
          lockThreshold: 2,
          lockWindowSec: 10 * 60,
          lockDurationSec: 30 * 60,
          lockMaxDurationSec: 60 * 60,
          addressWindowSec: 15 * 60,
          anyFailureLimit: 100,
          anyWindowSec: 15 * 60,
          delayBaseMs: 0,
          delayMaxMs: 0,
          webSessionIdleSec: 20 * 60,
        },
      });
      await t.services.agents.create({ userId: '1001', name: 'Alice', password: 'alice-pass-1' });
    });
    after(() => t.close());

    const keys = async () =>
      (await t.store.db.selectFrom('lockouts').select('key').orderBy('key').execute()).map((r) => r.key);

    test('keeps counters that still count and locks that hold; deletes them once passed', async () => {
      const login = (userId: string, remoteIp: string) =>
        t.services.webLogin.verifyLogin({ userId, password: 'wrong-pass', remoteIp });
      await login('2001', '192.0.2.1'); // one failure: a counter, no lock
      t.clock.advance(5 * MINUTE);
      await login('2002', '192.0.2.2');
      await login('2002', '192.0.2.2'); // pw:2002 locked for 30 min
      assert.deepEqual(await keys(), [
        'ip:192.0.2.1',
        'ip:192.0.2.2',
        'pw:*',
        'pw:*~day',
        'pw:2001',
        'pw:2001~day',
        'pw:2002',
        'pw:2002~day',
      ]);

      // 16 min: the short windows have passed, but the daily twins still count: nothing goes.
      t.clock.advance(11 * MINUTE);
      let report = await t.services.sessions.sweepStaleSessions();
      assert.equal(report.purged.lockouts, 0);

      t.clock.advance(20 * MINUTE); // 36 min: pw:2002's lock (until 35 min) has ended, and is remembered
      report = await t.services.sessions.sweepStaleSessions();
      assert.equal(report.purged.lockouts, 0);

      t.clock.advance(24 * 60 * MINUTE); // a day on: every window has passed, no lock is remembered
      report = await t.services.sessions.sweepStaleSessions();
      assert.deepEqual(await keys(), []);
      assert.equal(report.purged.lockouts, 8);
    });

    test('deletes expired web logins only', async () => {
      const agent = await t.services.agents.findByUserId('1001');
      const old = await t.services.webSessions.create(agent!.id);
      t.clock.advance(15 * MINUTE);
      const fresh = await t.services.webSessions.create(agent!.id);
      t.clock.advance(6 * MINUTE);
      const report = await t.services.sessions.sweepStaleSessions();
      assert.equal(report.purged.webSessions, 1);
      assert.equal(await t.store.webSessions.findById(old.session.id), undefined);
      assert.ok(await t.store.webSessions.findById(fresh.session.id));
    });
  });
}
