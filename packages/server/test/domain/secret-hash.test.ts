import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashSecret, verifySecret } from '../../src/domain/secret-hash.ts';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

test('hashes carry their scheme and cost, and differ by salt', async () => {
  const a = await hashSecret('4321', cheap);
  const b = await hashSecret('4321', cheap);
  assert.match(a, /^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
  assert.notEqual(a, b);
  assert.doesNotMatch(a, /4321/);
});

test('the default cost is N = 2^14', async () => {
  assert.match(await hashSecret('x'), /^scrypt\$16384\$8\$1\$/);
});

test('verifies the right secret only', async () => {
  const h = await hashSecret('4321', cheap);
  assert.equal(await verifySecret('4321', h), true);
  assert.equal(await verifySecret('4322', h), false);
  assert.equal(await verifySecret('', h), false);
});

test('a missing or malformed hash verifies false (after a dummy check)', async () => {
  assert.equal(await verifySecret('4321', null), false);
  assert.equal(await verifySecret('4321', undefined), false);
  assert.equal(await verifySecret('4321', 'plain-4321'), false);
  assert.equal(await verifySecret('4321', 'scrypt$x$8$1$AAAA$BBBB'), false);
});
