import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatElapsed, fromDateTimeLocal } from '../src/lib/format-time.ts';

const at = Date.parse('2026-01-01T10:00:00.000Z');

test('elapsed time is m:ss under an hour and h:mm:ss from an hour on', () => {
  assert.equal(formatElapsed('2026-01-01T10:00:00.000Z', at), '0:00');
  assert.equal(formatElapsed('2026-01-01T09:59:55.000Z', at), '0:05');
  assert.equal(formatElapsed('2026-01-01T09:47:30.000Z', at), '12:30');
  assert.equal(formatElapsed('2026-01-01T08:58:59.000Z', at), '1:01:01');
});

test('elapsed time never goes negative when the browser clock is behind the server', () => {
  assert.equal(formatElapsed('2026-01-01T10:00:07.000Z', at), '0:00');
});

test('an unparsable time shows zero instead of NaN', () => {
  assert.equal(formatElapsed('not a time', at), '0:00');
});

test('an empty datetime-local filter is no filter', () => {
  assert.equal(fromDateTimeLocal(''), undefined);
  assert.equal(fromDateTimeLocal('garbage'), undefined);
  assert.match(fromDateTimeLocal('2026-01-01T10:00') ?? '', /^2026-01-01T\d\d:00:00\.000Z$/);
});

test('limits read as people say them', () => {
  assert.equal(formatDuration(90), '90 s');
  assert.equal(formatDuration(900), '15 min');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(5400), '1 h 30 min');
});
