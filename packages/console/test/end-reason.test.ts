import assert from 'node:assert/strict';
import { test } from 'node:test';

// Clock times are local; pin the zone so the expected text is exact.
process.env.TZ = 'UTC';
const { describeEndedSession } = await import('../src/lib/end-reason.ts');
const sameDay = new Date('2026-01-01T12:00:00Z');

test('a lagged session explains that the console was closed', () => {
  assert.equal(
    describeEndedSession({ endedAt: '2026-01-01T10:42:09.000Z', endReason: 'lagged' }, sameDay),
    'Your session ended at 10:42 because the console was closed (lagged).',
  );
});

test('admin and logout endings have their own words', () => {
  assert.match(
    describeEndedSession({ endedAt: '2026-01-01T08:05:00Z', endReason: 'admin' }, sameDay),
    /at 08:05 because an administrator ended it\.$/,
  );
  assert.match(
    describeEndedSession({ endedAt: '2026-01-01T08:05:00Z', endReason: 'logout' }, sameDay),
    /because you logged out\.$/,
  );
});

test('an end reason the console does not know is still shown', () => {
  assert.match(
    describeEndedSession({ endedAt: '2026-01-01T08:05:00Z', endReason: 'server_restart' }, sameDay),
    /because of server restart\.$/,
  );
});

test('an ending on an earlier day carries its date', () => {
  assert.equal(
    describeEndedSession({ endedAt: '2025-12-31T17:02:00Z', endReason: 'lagged' }, sameDay),
    'Your session ended on 2025-12-31 at 17:02 because the console was closed (lagged).',
  );
});
