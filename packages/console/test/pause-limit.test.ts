import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pauseLimitSec } from '../src/lib/pause-limit.ts';

const codes = [
  { code: 'BREAK', maxSeconds: 900 },
  { code: 'TRAIN', maxSeconds: null },
];

test('a pause is limited by its reason', () => {
  assert.equal(pauseLimitSec({ state: 'paused', pauseCode: 'BREAK' }, codes), 900);
  assert.equal(pauseLimitSec({ state: 'paused', pauseCode: 'TRAIN' }, codes), null);
});

test('no limit when ready, in a call, or paused for a reason the console does not list', () => {
  assert.equal(pauseLimitSec({ state: 'ready', pauseCode: 'BREAK' }, codes), null);
  assert.equal(pauseLimitSec({ state: 'in_call', pauseCode: null }, codes), null);
  assert.equal(pauseLimitSec({ state: 'paused', pauseCode: 'LAGGED' }, codes), null);
  assert.equal(pauseLimitSec({ state: 'paused', pauseCode: null }, codes), null);
});
