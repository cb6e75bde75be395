import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDomainError } from '../../src/domain/domain-error.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

for (const backend of await testBackends()) {
  describe(`agents [${backend}]`, () => {
    let t: TestServices;
    before(async () => {
      t = await openTestServices(backend);
    });
    after(() => t.close());

    test('creates an agent and never returns its hashes', async () => {
      const agent = await t.services.agents.create({
        userId: '1001',
        name: ' Alice ',
        password: 'correct horse',
        pin: '4321',
        mobileNumber: '+4915112345678',
      });
      assert.equal(agent.name, 'Alice');
      assert.equal(agent.role, 'agent');
      assert.equal(agent.hasPin, true);
      assert.equal(agent.hasPassword, true);
      assert.equal(agent.voiceSettings.context, 'callgate-agents');
      const text = JSON.stringify([
        agent,
        await t.services.agents.list(),
        await t.services.agents.get(agent.id),
      ]);
      assert.doesNotMatch(text, /scrypt|Hash|4321|correct horse/);
    });

    test('stores PINs and passwords only as versioned scrypt hashes', async () => {
      const record = await t.store.agents.findByUserId('1001');
      assert.match(record?.pinHash ?? '', /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      assert.match(record?.passwordHash ?? '', /^scrypt\$/);
      assert.notEqual(record?.pinHash, record?.passwordHash);
    });

    test('refuses a duplicate user ID', async () => {
      await assert.rejects(t.services.agents.create({ userId: '1001', name: 'Again' }), (err: unknown) =>
        isDomainError(err, 'E_DUPLICATE_USER'),
      );
    });

    test('refuses non-digit, too short and too long PINs with a clear message', async () => {
      for (const pin of ['12a4', '123', '1234567890123', '', ' 1234']) {
        await assert.rejects(t.services.agents.create({ userId: '1010', name: 'P', pin }), (err: unknown) => {
          assert.ok(isDomainError(err, 'E_PIN_FORMAT'), `pin ${JSON.stringify(pin)}`);
          assert.equal(err.message, 'PIN must be 4 to 12 digits');
          return true;
        });
      }
      assert.equal(await t.services.agents.findByUserId('1010'), undefined);
    });

    test('refuses user IDs that are not digits, short passwords, unknown roles', async () => {
      await assert.rejects(t.services.agents.create({ userId: 'abc', name: 'X' }), (e: unknown) =>
        isDomainError(e, 'E_USER_ID_FORMAT'),
      );
      await assert.rejects(
        t.services.agents.create({ userId: '1011', name: 'X', password: 'short' }),
        (e: unknown) => isDomainError(e, 'E_PASSWORD_FORMAT'),
      );
      await assert.rejects(
        t.services.agents.create({ userId: '1011', name: 'X', role: 'root' as never }),
        (e: unknown) => isDomainError(e, 'E_VALIDATION'),
      );
    });

    test('updates PIN, removes password, merges voice settings, disables', async () => {
      const agent = (await t.services.agents.findByUserId('1001'))!;
      const before = await t.store.agents.findById(agent.id);
      const updated = await t.services.agents.update(agent.id, {
        pin: '999999',
        password: null,
        voiceSettings: { codecs: ['opus'] },
      });
      assert.equal(updated.hasPassword, false);
      assert.deepEqual(updated.voiceSettings.codecs, ['opus']);
      assert.equal(updated.voiceSettings.context, 'callgate-agents');
      const after = await t.store.agents.findById(agent.id);
      assert.notEqual(after?.pinHash, before?.pinHash);
      assert.equal((await t.services.agents.disable(agent.id)).enabled, false);
      await assert.rejects(t.services.agents.get(999999), (e: unknown) => isDomainError(e, 'E_NOT_FOUND'));
    });
  });
}
