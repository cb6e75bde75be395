import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { redactSecret, secretsEqual } from '../../src/server/shared-secret.ts';

describe('secretsEqual', () => {
  test('equal strings only, whatever their lengths', () => {
    assert.equal(secretsEqual('s3cret', 's3cret'), true);
    assert.equal(secretsEqual('s3cret', 's3cre'), false);
    assert.equal(secretsEqual('', 's3cret'), false);
    assert.equal(secretsEqual('s3cret'.repeat(100), 's3cret'), false);
    assert.equal(secretsEqual('é', 'e\u0301'), false);
  });

  test('agrees with === on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => secretsEqual(a, b) === (a === b)));
  });
});

describe('redactSecret', () => {
  test('removes only the secret parameter', () => {
    assert.equal(redactSecret('hello?secret=abc'), 'hello');
    assert.equal(redactSecret('hello?a=1&secret=abc&b=2'), 'hello?a=1&b=2');
    assert.equal(redactSecret('agi://10.0.0.1:4573/hello?secret=abc&x'), 'agi://10.0.0.1:4573/hello?x');
    assert.equal(redactSecret('hello?%73ecret=abc'), 'hello');
    assert.equal(redactSecret('hello?secret'), 'hello');
    assert.equal(redactSecret('hello?secrets=1'), 'hello?secrets=1');
    assert.equal(redactSecret('hello'), 'hello');
  });

  test('never leaves the secret value in the output', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{8,20}$/),
        fc.array(fc.stringMatching(/^[a-z]{1,5}=[0-9]{0,3}$/)),
        (s, rest) => {
          const text = `route?${[...rest, `secret=${s}`, ...rest].join('&')}`;
          assert.equal(redactSecret(text).includes(s), false);
        },
      ),
    );
  });
});
