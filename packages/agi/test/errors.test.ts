import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgiError, isAgiError } from '../src/index.ts';

test('AgiError carries a stable code, usage and command', () => {
  const err = new AgiError('AGI_ERR_USAGE', 'bad syntax', { usage: 'Usage: ANSWER', command: 'ANSWER x' });
  assert.equal(err.code, 'AGI_ERR_USAGE');
  assert.equal(err.usage, 'Usage: ANSWER');
  assert.equal(err.command, 'ANSWER x');
  assert.ok(isAgiError(err, 'AGI_ERR_USAGE'));
  assert.ok(!isAgiError(err, 'AGI_ERR_HANGUP'));
  assert.ok(!isAgiError(new Error('x')));
});
