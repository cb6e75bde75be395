/**
 * Phone legs no live call holds: a node restarted after a crash releases the legs its calls held;
 * a leg whose release failed (the database was down when the call ended) is released at the next
 * sweep; the legs of a node that stopped saying it is alive are released by the others. Legs
 * Asterisk holds on its own (originated over AMI) are never touched.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Agent } from '../../src/domain/agent.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import { openTestStore, TEST_HASH_COST, type TestStore, testBackends } from '../support/test-stores.ts';

for (const backend of await testBackends()) {
  describe(`phone legs no live call holds [${backend}]`, () => {
    let t: TestStore;
    const clock = new ManualClock();
    let nodeA: Services;
    let nodeB: Services;
    let agents: Agent[];
    let n = 0;

    const node = (id: string, store = t.store) =>
      createServices({ store, clock, hashCost: TEST_HASH_COST, node: { id, staleAfterSec: 45 } });

    before(async () => {
      t = await openTestStore(backend);
      nodeA = node('host-a:4573');
      nodeB = node('host-b:4573', backend === 'postgres' ? await t.openAnother() : t.store);
      agents = [];
      for (let i = 1; i <= 4; i++)
        agents.push(await nodeA.agents.create({ userId: `300${i}`, name: `Agent ${i}`, pin: '4321' }));
    });
    after(() => t.close());
    beforeEach(async () => {
      for (const s of await nodeA.sessions.listOpen()) await nodeA.sessions.end(s.id, 'admin');
      clock.advance(60_000);
    });

    /** A dial-in session whose leg a call on `holder` holds (or Asterisk, with holder null). */
    async function heldLeg(agent: Agent, holder: string | null) {
      const session = await nodeA.sessions.start(agent.id, { interface: 'dialin' });
      n++;
      const claim = await nodeA.sessions.claimPhoneLeg(session.id, {
        channel: `PJSIP/trunk-${n}`,
        uniqueid: `1765000100.${n}`,
        holder,
      });
      assert.ok(claim.ok);
      return claim.session;
    }

    const legOf = async (id: number) => (await nodeA.sessions.get(id)).phoneLeg;

    test('a node that starts releases the legs it held before; not others, not Asterisk’s', async () => {
      const mine = await heldLeg(agents[0]!, 'host-a:4573');
      const theirs = await heldLeg(agents[1]!, 'host-b:4573');
      const asterisks = await heldLeg(agents[2]!, null);
      const report = await nodeA.legHolders.start();
      assert.deepEqual(
        report.released.map((r) => [r.session.id, r.reason]),
        [[mine.id, 'restarted']],
      );
      assert.equal(await legOf(mine.id), 'none');
      assert.equal(await legOf(theirs.id), 'connected');
      assert.equal(await legOf(asterisks.id), 'connected');
      const events = await nodeA.audit.listSessionEvents({ limit: 5 });
      assert.equal(events[0]?.event, 'leg_released');
      assert.equal(events[0]?.source, 'system');
    });

    test('a live call keeps its leg; once the call is gone (its release failed) the sweep releases it', async () => {
      const leg = await heldLeg(agents[0]!, 'host-a:4573');
      nodeA.legHolders.liveCalls.add(leg.phoneUniqueid!);
      assert.deepEqual((await nodeA.legHolders.sweep()).released, []);
      assert.equal(await legOf(leg.id), 'connected');
      nodeA.legHolders.liveCalls.delete(leg.phoneUniqueid!);
      const report = await nodeA.legHolders.sweep();
      assert.deepEqual(
        report.released.map((r) => r.reason),
        ['call_gone'],
      );
      assert.equal(await legOf(leg.id), 'none');
    });

    test("another node's legs are released once it has been silent for longer than staleAfterSec", async () => {
      await nodeB.legHolders.sweep(); // node B says it is alive
      const leg = await heldLeg(agents[1]!, 'host-b:4573');
      clock.advance(30_000);
      assert.deepEqual((await nodeA.legHolders.sweep()).released, []);
      clock.advance(20_000); // B silent for 50 s > 45 s
      const report = await nodeA.legHolders.sweep();
      assert.deepEqual(
        report.released.map((r) => [r.holder, r.reason]),
        [['host-b:4573', 'node_gone']],
      );
      assert.equal(await legOf(leg.id), 'none');
    });

    test('a leg taken over by a new call after the sweep looked is not released', async () => {
      const leg = await heldLeg(agents[3]!, 'host-a:4573');
      // The new call claims it (replace) before the release lands: the release is guarded by uniqueid.
      const replaced = await nodeA.sessions.claimPhoneLeg(
        leg.id,
        { channel: 'PJSIP/trunk-new', uniqueid: '1765000999.1', holder: 'host-a:4573' },
        { replace: true },
      );
      assert.ok(replaced.ok);
      nodeA.legHolders.liveCalls.add('1765000999.1');
      assert.equal(await nodeA.sessions.releasePhoneLeg(leg.id, leg.phoneUniqueid!), false);
      assert.deepEqual((await nodeA.legHolders.sweep()).released, []);
      assert.equal((await nodeA.sessions.get(leg.id)).phoneUniqueid, '1765000999.1');
      nodeA.legHolders.liveCalls.delete('1765000999.1');
    });
  });
}
