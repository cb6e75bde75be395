/**
 * The dial-in happy path on PostgreSQL (own schema, dropped at the end), when a server answers on
 * 127.0.0.1:5432 or DATABASE_URL. SQLite covers every other scenario in agent-dial-in.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPostgresReachable } from '../support/test-stores.ts';
import { AGENT_PIN, AGENT_USER_ID, openDialInHarness } from './dial-in-harness.ts';

const reachable = await isPostgresReachable();

test('postgres: ID and PIN join the conference; the leg is connected inside and none after', {
  skip: reachable ? false : 'PostgreSQL is not reachable',
}, async () => {
  const h = await openDialInHarness({ backend: 'postgres' });
  try {
    const session = await h.openSession();
    const call = h.start({
      caller: [{ keys: `${AGENT_USER_ID}#${AGENT_PIN}#` }],
      channel: { uniqueId: '4000.1' },
    });
    await call.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
    assert.equal((await h.services.sessions.get(session.id)).phoneLeg, 'connected');
    call.hangup();
    const rec = await call.done;
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
    assert.deepEqual(
      rec.apps.map((a) => `${a.name}(${a.args})`),
      [`ConfBridge(${session.conference},callgate_bridge,callgate_agent)`],
    );
    assert.equal((await h.services.sessions.get(session.id)).phoneLeg, 'none');
    const events = await h.services.audit.list({ source: 'dialin' });
    assert.deepEqual(
      events.map((e) => e.result),
      ['ok'],
    );
  } finally {
    await h.close();
  }
});
