/**
 * The lockout under concurrency, as an attacker runs it: hundreds of attempts at once, spread over
 * two nodes (two stores on one database), then the right secret a moment later. However they
 * interleave, no lane checks more secrets per window than its threshold, and the right secret
 * behind the flood is refused. And the locks strangers cause never keep the agent out where the
 * agent is known: their own phone number, their own browser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock } from '../../src/domain/clock.ts';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import type { DomainObserver, SecretKind } from '../../src/domain/domain-observer.ts';
import { openTestStore, TEST_HASH_COST, type TestStore, testBackends } from '../support/test-stores.ts';

const THRESHOLD = 5;

class CountingObserver implements DomainObserver {
  readonly checks: Record<SecretKind, number> = { pin: 0, password: 0 };
  readonly refused: string[] = [];
  secretChecked(kind: SecretKind) {
    this.checks[kind]++;
  }
  attemptRefused(_kind: SecretKind, lane: string) {
    this.refused.push(lane);
  }
  auditDeferred() {}
}

for (const backend of await testBackends()) {
  describe(`logins under concurrency, two nodes [${backend}]`, () => {
    let t: TestStore;
    const clock = new ManualClock();
    const seen = new CountingObserver();
    let nodes: [Services, Services];

    before(async () => {
      t = await openTestStore(backend);
      // SQLite serves one process (several workers need PostgreSQL), whose one connection
      // interleaves the attempts at every await; PostgreSQL gets two pools, as two nodes have.
      const other = backend === 'postgres' ? await t.openAnother() : t.store;
      const config = { lockThreshold: THRESHOLD, anyFailureLimit: 40, delayBaseMs: 0, delayMaxMs: 0 };
      const make = (store: typeof t.store) =>
        createServices({ store, clock, config, hashCost: TEST_HASH_COST, observer: seen });
      nodes = [make(t.store), make(other)];
      const [a] = nodes;
      await a.agents.create({
        userId: '1001',
        name: 'Alice',
        pin: '4321',
        password: 'alice-pass-1001',
        mobileNumber: '+447700900123',
      });
      await a.agents.create({ userId: '1002', name: 'Bob', pin: '8765', password: 'bob-pass-1002' });
      await a.agents.create({ userId: '1003', name: 'Carol', pin: '2468', password: 'carol-pass-1003' });
    });
    after(() => t.close());

    /** Attempt i goes to node A or B, alternately. */
    const node = (i: number): Services => nodes[i % 2 === 0 ? 0 : 1];

    const fresh = () => {
      clock.advance(25 * 3_600_000); // past every window and lock, and the memory of locks in a row
      seen.checks.pin = 0;
      seen.checks.password = 0;
      seen.refused.length = 0;
    };

    test('200 wrong PINs at once from 200 caller IDs, the right one 50 ms later: at most 5 checked, the right one refused', async () => {
      fresh();
      const flood = Array.from({ length: 200 }, (_, i) =>
        node(i).dialIn.verifyDialIn({
          userId: '1002',
          pin: String(1000 + i),
          callerId: `0201000${String(i).padStart(4, '0')}`,
          channel: `PJSIP/trunk-${i}`,
          uniqueid: `race.${i}`,
        }),
      );
      await sleep(50);
      const right = await nodes[1].dialIn.verifyDialIn({
        userId: '1002',
        pin: '8765',
        callerId: '02019999999',
        channel: 'PJSIP/trunk-right',
        uniqueid: 'race.right',
      });
      const results = await Promise.all(flood);
      assert.ok(seen.checks.pin <= THRESHOLD, `${seen.checks.pin} PINs were checked`);
      assert.equal(results.filter((r) => r.result === 'bad_credentials').length, seen.checks.pin);
      assert.equal(results.filter((r) => r.result === 'locked').length, 200 - seen.checks.pin);
      assert.equal(right.result, 'locked');
      assert.ok(right.lockedUntil);
      // Every attempt is in the audit log, refused ones included.
      const audited = await nodes[0].audit.list({
        agentId: (await nodes[0].agents.findByUserId('1002'))!.id,
        limit: 1000,
      });
      assert.equal(audited.filter((e) => e.source === 'dialin').length, 201);
    });

    test('a right PIN among the flood gives its slot back: one success does not open more checks', async () => {
      fresh();
      const attempts = Array.from({ length: 100 }, (_, i) =>
        node(i).dialIn.verifyDialIn({
          userId: '1003',
          pin: i === 0 ? '2468' : String(5000 + i),
          callerId: `0202000${String(i).padStart(4, '0')}`,
        }),
      );
      const results = await Promise.all(attempts);
      const ok = results.filter((r) => r.result === 'no_session').length;
      const wrong = results.filter((r) => r.result === 'bad_credentials').length;
      // The success gave back its own slot only: at most THRESHOLD wrong PINs were checked.
      assert.ok(wrong <= THRESHOLD, `${wrong} wrong PINs were checked`);
      assert.ok(seen.checks.pin <= THRESHOLD + ok);
    });

    test('100 wrong passwords at once from 100 addresses, the right one 50 ms later: at most 5 checked, the right one refused', async () => {
      fresh();
      const flood = Array.from({ length: 100 }, (_, i) =>
        node(i).webLogin.verifyLogin({
          userId: '1002',
          password: `guess-${i}`,
          remoteIp: `198.51.100.${i}`,
        }),
      );
      await sleep(50);
      const right = await nodes[0].webLogin.verifyLogin({
        userId: '1002',
        password: 'bob-pass-1002',
        remoteIp: '192.0.2.200',
      });
      const results = await Promise.all(flood);
      assert.ok(seen.checks.password <= THRESHOLD, `${seen.checks.password} passwords were checked`);
      assert.equal(results.filter((r) => r.result === 'bad_credentials').length, seen.checks.password);
      assert.equal(right.result, 'locked');
      assert.equal(right.lockScope, 'user');
    });

    test('guessing the PIN never locks the web password, nor the other way round', async () => {
      fresh();
      for (let i = 0; i < THRESHOLD; i++)
        await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '0000', callerId: `0203000000${i}` });
      assert.equal(
        (await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '4321', callerId: '02030000099' })).result,
        'locked',
      );
      const web = await nodes[1].webLogin.verifyLogin({
        userId: '1001',
        password: 'alice-pass-1001',
        remoteIp: '192.0.2.1',
      });
      assert.equal(web.result, 'ok');

      fresh();
      for (let i = 0; i < THRESHOLD; i++)
        await nodes[0].webLogin.verifyLogin({ userId: '1001', password: 'wrong', remoteIp: `192.0.2.${i}` });
      assert.equal(
        (
          await nodes[0].webLogin.verifyLogin({
            userId: '1001',
            password: 'alice-pass-1001',
            remoteIp: '192.0.2.9',
          })
        ).result,
        'locked',
      );
      const phone = await nodes[1].dialIn.verifyDialIn({
        userId: '1001',
        pin: '4321',
        callerId: '02030000100',
      });
      assert.equal(phone.result, 'no_session');
    });

    test("strangers who lock a user ID's dial-in do not lock the agent out of their own phone", async () => {
      fresh();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          node(i).dialIn.verifyDialIn({
            userId: '1001',
            pin: String(9000 + i),
            callerId: `0204000${i}`,
          }),
        ),
      );
      assert.equal(
        (await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '4321', callerId: '02040009999' })).result,
        'locked',
      );
      // Her mobile number, in national form: her own lane.
      const own = await nodes[1].dialIn.verifyDialIn({
        userId: '1001',
        pin: '4321',
        callerId: '07700900123',
      });
      assert.equal(own.result, 'no_session');
      // A number she dialled in from before is hers too, for 90 days...
      const hotel = await nodes[0].dialIn.verifyDialIn({
        userId: '1001',
        pin: '4321',
        callerId: '02079460000',
      });
      assert.equal(hotel.result, 'locked', 'a new number is a stranger while the lock holds');
      await nodes[0].locks.unlock('pin:1001', { agentId: null, source: 'cli' });
      assert.equal(
        (await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '4321', callerId: '02079460000' })).result,
        'no_session',
      );
      for (let i = 0; i < THRESHOLD; i++)
        await nodes[1].dialIn.verifyDialIn({ userId: '1001', pin: '1111', callerId: `0204100${i}` });
      assert.equal(
        (await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '4321', callerId: '02079460000' })).result,
        'no_session',
        'the number she used before still gets her in',
      );
      // ...and guesses from her own number are bounded on her own lane.
      for (let i = 0; i < THRESHOLD; i++)
        await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '1111', callerId: '07700900123' });
      assert.equal(
        (await nodes[0].dialIn.verifyDialIn({ userId: '1001', pin: '4321', callerId: '07700900123' })).result,
        'locked',
      );
      const locks = await nodes[0].locks.lockedForUser('1001');
      assert.deepEqual(locks.map((l) => [l.kind, l.origin]).sort(), [
        ['phone', null],
        ['phone-known', '07700900123'],
      ]);
    });

    test("strangers who lock a user ID's web sign-in do not lock the agent out of their own browser", async () => {
      fresh();
      const first = await nodes[0].webLogin.verifyLogin({
        userId: '1001',
        password: 'alice-pass-1001',
        remoteIp: '192.0.2.50',
      });
      assert.ok(first.newDeviceToken);
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          node(i).webLogin.verifyLogin({
            userId: '1001',
            password: `guess-${i}`,
            remoteIp: `203.0.113.${i}`,
          }),
        ),
      );
      const stranger = await nodes[1].webLogin.verifyLogin({
        userId: '1001',
        password: 'alice-pass-1001',
        remoteIp: '192.0.2.51',
      });
      assert.equal(stranger.result, 'locked');
      const own = await nodes[1].webLogin.verifyLogin({
        userId: '1001',
        password: 'alice-pass-1001',
        remoteIp: '192.0.2.51',
        deviceToken: first.newDeviceToken,
      });
      assert.equal(own.result, 'ok');
      assert.equal(own.newDeviceToken, null, 'a known browser keeps its cookie');
      // Another agent's cookie is no key to Alice's lane.
      const bob = await nodes[0].webLogin.verifyLogin({
        userId: '1002',
        password: 'bob-pass-1002',
        remoteIp: '192.0.2.52',
      });
      const borrowed = await nodes[0].webLogin.verifyLogin({
        userId: '1001',
        password: 'alice-pass-1001',
        remoteIp: '192.0.2.52',
        deviceToken: bob.newDeviceToken,
      });
      assert.equal(borrowed.result, 'locked');
    });

    test('guessing over many user IDs at once is bounded by the strangers’ lane of the whole server', async () => {
      fresh();
      const results = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          node(i).dialIn.verifyDialIn({
            userId: String(3000 + i),
            pin: '0000',
            callerId: `0205000${String(i).padStart(4, '0')}`,
          }),
        ),
      );
      assert.ok(seen.checks.pin <= 40, `${seen.checks.pin} PINs were checked over all user IDs`);
      assert.ok(results.filter((r) => r.result === 'locked').length >= 110);
      assert.ok(seen.refused.includes('pin:*'));
      // Agents on their own numbers are not strangers.
      const own = await nodes[0].dialIn.verifyDialIn({
        userId: '1001',
        pin: '4321',
        callerId: '+447700900123',
      });
      assert.equal(own.result, 'no_session');
    });
  });
}
