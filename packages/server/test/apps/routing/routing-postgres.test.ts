/**
 * The routing apps on PostgreSQL (own schema, dropped at the end), when a server answers on
 * 127.0.0.1:5432 or DATABASE_URL. SQLite covers every other scenario in the other routing tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPostgresReachable } from '../../support/test-stores.ts';
import { openRoutingHarness } from './routing-harness.ts';

const reachable = await isPostgresReachable();
const skip = reachable ? false : 'PostgreSQL is not reachable';

test('postgres: an agent entry rings the session phone, then voicemail; a VIP caller is found', {
  skip,
}, async () => {
  const h = await openRoutingHarness({ backend: 'postgres', callerLookup: { vipContext: 'callgate-vip' } });
  try {
    const { agents, devices, sessions, directory, contacts, callers } = h.services;
    const agent = await agents.create({ userId: '1001', name: 'Ada' });
    const device = await devices.create({ name: 'Desk 1', endpoint: 'PJSIP/2101' });
    await directory.add({ extension: '301', name: 'Ada', agentId: agent.id, ringSeconds: 10 });
    await sessions.start(agent.id, { interface: 'phone', deviceId: device.id });
    const routed = await h.call('extension-router', { args: ['301'], dial: { status: 'BUSY' } });
    assert.deepEqual(
      routed.apps.map((a) => `${a.name}(${a.args})`),
      ['Dial(PJSIP/2101,10)', 'VoiceMail(301@default,b)'],
    );
    assert.equal(routed.variables.CALLGATE_ROUTE, 'voicemail');

    await contacts.create({ officeNum: '5551234', name: 'Acme' });
    await callers.update('5551234', { vip: true, account: 'A-1' });
    const looked = await h.call('caller-lookup', {
      callerId: '"Acme" <555-1234>',
      location: { context: 'from-trunk', extension: '8000' },
    });
    assert.equal(looked.variables.CALLGATE_LOOKUP, 'FOUND');
    assert.equal(looked.variables.CALLGATE_CALLER_ACCOUNT, 'A-1');
    assert.equal(looked.continuesAt?.context, 'callgate-vip');
  } finally {
    await h.close();
  }
});
