import assert from 'node:assert/strict';
import { test } from 'node:test';

test('server package loads', async () => {
  const mod = await import('../src/index.ts');
  assert.equal(typeof mod, 'object');
});
