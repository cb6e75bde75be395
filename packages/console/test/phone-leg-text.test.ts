import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LegAttempt } from '../src/api/types.ts';
import { formatClockSeconds } from '../src/lib/format-time.ts';
import { legFailureText, phoneLeg } from '../src/lib/phone-leg-text.ts';

const attempt = (status: LegAttempt['status'], reason: string | null = null): LegAttempt => ({
  status,
  reason,
  message: null,
  startedAt: '2026-11-23T07:00:00.000Z',
  endedAt: status === 'calling' ? null : '2026-11-23T07:00:20.000Z',
});
const idle = { phoneLeg: 'none' as const, phoneConnectedAt: null, lastLegAttempt: null };

test('each failure reason reads as the agent would say it', () => {
  assert.equal(legFailureText('busy'), 'Failed (busy)');
  assert.equal(legFailureText('noanswer'), 'Failed (no answer)');
  assert.equal(legFailureText('unavailable'), 'Failed (unavailable)');
  assert.equal(legFailureText('ami_down'), 'Failed (Asterisk unreachable)');
  assert.equal(legFailureText('error'), 'Failed');
  assert.equal(legFailureText(null), 'Failed');
});

test('a connected leg wins over the attempt that led to it', () => {
  const at = '2026-11-23T07:00:05.000Z';
  assert.deepEqual(
    phoneLeg({ phoneLeg: 'connected', phoneConnectedAt: at, lastLegAttempt: attempt('connected') }),
    { text: `Connected since ${formatClockSeconds(at)}`, tone: 'connected' },
  );
});

test('calling shows whether the leg or only the attempt says so', () => {
  assert.equal(
    phoneLeg({ phoneLeg: 'calling', phoneConnectedAt: null, lastLegAttempt: null }).text,
    'Calling…',
  );
  assert.equal(phoneLeg({ ...idle, lastLegAttempt: attempt('calling') }).tone, 'calling');
});

test('an idle leg says why: failed, hung up, or nothing yet', () => {
  assert.deepEqual(phoneLeg({ ...idle, lastLegAttempt: attempt('failed', 'noanswer') }), {
    text: 'Failed (no answer)',
    tone: 'failed',
  });
  assert.equal(phoneLeg({ ...idle, lastLegAttempt: attempt('connected') }).text, 'Disconnected');
  assert.equal(phoneLeg({ ...idle, lastLegAttempt: null }).text, 'Waiting for your phone…');
  assert.equal(phoneLeg(idle, 'board').text, 'No phone leg');
  assert.equal(
    phoneLeg({ ...idle, lastLegAttempt: attempt('failed', 'busy') }, 'board').text,
    'Failed (busy)',
  );
});
