import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger } from '../../src/logging/index.ts';
import { startSessionSweeper } from '../../src/runtime/session-sweeper.ts';
import { openTestServices } from '../support/test-stores.ts';

test('the sweeper pauses a lagged session on its timer and stops cleanly', async () => {
  const t = await openTestServices('sqlite', { config: { lagTimeoutSec: 60, endAfterSec: 600 } });
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
  try {
    const agent = await t.services.agents.create({
      userId: '1001',
      name: 'A',
      role: 'agent',
      password: 'password-1',
    });
    const session = await t.services.sessions.start(agent.id, { interface: 'dialin' });
    await t.services.sessions.ready(session.id);
    t.clock.advance(61_000);
    const sweeper = startSessionSweeper(t.services.sessions, 10, logger);
    for (let i = 0; i < 200 && (await t.services.sessions.get(session.id))?.state !== 'paused'; i++)
      await delay(10);
    await sweeper.stop();
    const swept = await t.services.sessions.get(session.id);
    assert.equal(swept?.state, 'paused');
    assert.equal(swept?.pauseCode, 'LAGGED');
    assert.ok(lines.some((l) => l.includes('stale agent sessions swept')));
  } finally {
    await t.close();
  }
});

test('a failing sweep is logged and the timer keeps going', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
  let calls = 0;
  const sweeper = startSessionSweeper(
    {
      async sweepStaleSessions() {
        calls++;
        throw new Error('database down');
      },
    },
    5,
    logger,
  );
  for (let i = 0; i < 200 && calls < 3; i++) await delay(5);
  await sweeper.stop();
  assert.ok(calls >= 3);
  assert.ok(lines.some((l) => l.includes('stale session sweep failed')));
});
