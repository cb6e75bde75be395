/**
 * Web logins in the store: only the token's hash is kept, seeing a login writes at most once per
 * throttle interval, idle and absolute expiry, revoking (one, all of an agent's, on a password
 * change or disable) announces the ids, and expired rows are purged.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DomainEvent } from '../../src/domain/event-bus.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

const MINUTE = 60_000;

for (const backend of await testBackends()) {
  describe(`web sessions [${backend}]`, () => {
    let t: TestServices;
    let agentId: number;
    const revoked: Array<{ agentId: number; ids: string[] }> = [];

    before(async () => {
      t = await openTestServices(backend, {
        config: { webSessionIdleSec: 30 * 60, webSessionAbsoluteSec: 120 * 60, webSessionTouchSec: 60 },
      });
      t.services.events.subscribe((event: DomainEvent) => {
        if (event.type === 'web_sessions.revoked') revoked.push({ agentId: event.agentId, ids: event.ids });
      });
      const agent = await t.services.agents.create({
        userId: '1001',
        name: 'Alice',
        password: 'alice-pass-1',
      });
      agentId = agent.id;
    });
    after(() => t.close());

    test('stores the token only as its SHA-256 hash', async () => {
      const { token, session } = await t.services.webSessions.create(agentId);
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(session.id, createHash('sha256').update(token).digest('hex'));
      const rows = await t.store.db.selectFrom('web_sessions').selectAll().execute();
      assert.doesNotMatch(JSON.stringify(rows), new RegExp(token));
      assert.equal((await t.services.webSessions.touch(token))?.agentId, agentId);
      // The hash itself is not a token: presenting it signs no one in.
      assert.equal(await t.services.webSessions.touch(session.id), undefined);
      assert.equal(await t.services.webSessions.touch('x'.repeat(43)), undefined);
    });

    test('a request within the throttle interval does not write; a later one does', async () => {
      const { token, session } = await t.services.webSessions.create(agentId);
      t.clock.advance(30_000);
      const early = await t.services.webSessions.touch(token);
      assert.equal(early?.lastSeenAt.getTime(), session.lastSeenAt.getTime());
      t.clock.advance(31_000);
      const later = await t.services.webSessions.touch(token);
      assert.equal(later?.lastSeenAt.getTime(), t.clock.now().getTime());
      const stored = await t.store.webSessions.findById(session.id);
      assert.equal(stored?.lastSeenAt.getTime(), t.clock.now().getTime());
      assert.equal(stored?.expiresAt.getTime(), t.clock.now().getTime() + 30 * MINUTE);
    });

    test('expires after the idle time, and after the absolute time even when in use', async () => {
      const idle = await t.services.webSessions.create(agentId);
      t.clock.advance(30 * MINUTE);
      assert.equal(await t.services.webSessions.touch(idle.token), undefined);
      assert.equal(await t.store.webSessions.findById(idle.session.id), undefined);

      const busy = await t.services.webSessions.create(agentId);
      for (let i = 0; i < 11; i++) {
        t.clock.advance(10 * MINUTE);
        assert.ok(await t.services.webSessions.touch(busy.token), `alive after ${(i + 1) * 10} min`);
      }
      t.clock.advance(10 * MINUTE);
      assert.equal(await t.services.webSessions.touch(busy.token), undefined);
    });

    test('revoke signs one login out and announces its id', async () => {
      const { token, session } = await t.services.webSessions.create(agentId);
      revoked.length = 0;
      assert.equal((await t.services.webSessions.revoke(token))?.id, session.id);
      assert.equal(await t.services.webSessions.touch(token), undefined);
      assert.deepEqual(revoked, [{ agentId, ids: [session.id] }]);
      assert.equal(await t.services.webSessions.revoke(token), undefined);
    });

    test('a password change signs the agent out everywhere but the login that asked', async () => {
      await t.store.db.deleteFrom('web_sessions').execute();
      const a = await t.services.webSessions.create(agentId);
      const b = await t.services.webSessions.create(agentId);
      const c = await t.services.webSessions.create(agentId);
      revoked.length = 0;
      await t.services.agents.update(agentId, { password: 'alice-pass-2' }, { keepWebSession: c.session.id });
      assert.equal(await t.services.webSessions.touch(a.token), undefined);
      assert.equal(await t.services.webSessions.touch(b.token), undefined);
      assert.ok(await t.services.webSessions.touch(c.token));
      assert.deepEqual(revoked[0]?.ids.sort(), [a.session.id, b.session.id].sort());
    });

    test('disabling the agent signs every login out; other changes do not', async () => {
      const a = await t.services.webSessions.create(agentId);
      await t.services.agents.update(agentId, { name: 'Alice M.' });
      assert.ok(await t.services.webSessions.touch(a.token));
      await t.services.agents.disable(agentId);
      assert.equal(await t.services.webSessions.touch(a.token), undefined);
      await t.services.agents.update(agentId, { enabled: true });
    });

    test('purgeExpired deletes only expired rows', async () => {
      await t.store.db.deleteFrom('web_sessions').execute();
      await t.services.webSessions.create(agentId);
      t.clock.advance(20 * MINUTE);
      const fresh = await t.services.webSessions.create(agentId);
      t.clock.advance(15 * MINUTE);
      assert.equal(await t.services.webSessions.purgeExpired(), 1);
      const left = await t.store.db.selectFrom('web_sessions').select('id').execute();
      assert.deepEqual(
        left.map((r) => r.id),
        [fresh.session.id],
      );
    });
  });
}
