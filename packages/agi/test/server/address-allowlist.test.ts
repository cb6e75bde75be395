import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAgiError } from '../../src/errors.ts';
import { AddressAllowlist } from '../../src/server/address-allowlist.ts';
import { DEFAULT_ALLOW } from '../../src/server/agi-server-options.ts';

describe('AddressAllowlist', () => {
  test('IPv4 blocks and bare addresses', () => {
    const list = new AddressAllowlist(['127.0.0.1/32', '10.0.0.0/8', '192.168.1.7']);
    assert.equal(list.allows('127.0.0.1'), true);
    assert.equal(list.allows('127.0.0.2'), false);
    assert.equal(list.allows('10.255.3.4'), true);
    assert.equal(list.allows('11.0.0.1'), false);
    assert.equal(list.allows('192.168.1.7'), true);
    assert.equal(list.allows('192.168.1.8'), false);
  });

  test('IPv4 rules match IPv4-mapped IPv6 peers, in both notations', () => {
    const list = new AddressAllowlist(['127.0.0.1/32']);
    assert.equal(list.allows('::ffff:127.0.0.1'), true);
    assert.equal(list.allows('::ffff:7f00:1'), true);
    assert.equal(list.allows('::ffff:127.0.0.2'), false);
    assert.equal(list.allows('::1'), false);
  });

  test('IPv6 blocks, zone indexes and the /0 wildcard', () => {
    const list = new AddressAllowlist(['::1/128', 'fd00::/8']);
    assert.equal(list.allows('::1'), true);
    assert.equal(list.allows('fd12:3456::1'), true);
    assert.equal(list.allows('fe80::1%eth0'), false);
    assert.equal(list.allows('2001:db8::1'), false);
    assert.equal(new AddressAllowlist(['fe80::/10']).allows('fe80::1%eth0'), true);
    const all = new AddressAllowlist(['0.0.0.0/0', '::/0']);
    assert.equal(all.allows('8.8.8.8'), true);
    assert.equal(all.allows('2001:db8::1'), true);
  });

  test('repeated checks give the same verdicts (cached), also past the cache size', () => {
    const list = new AddressAllowlist(['10.0.0.0/8']);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 1500; i++) {
        assert.equal(list.allows(`10.0.${i >> 8}.${i & 255}`), true);
        assert.equal(list.allows(`11.0.${i >> 8}.${i & 255}`), false);
      }
    }
  });

  test('an empty list, an unknown or malformed peer address allow nothing', () => {
    assert.equal(new AddressAllowlist([]).allows('127.0.0.1'), false);
    const list = new AddressAllowlist(['0.0.0.0/0']);
    assert.equal(list.allows(undefined), false);
    assert.equal(list.allows(''), false);
    assert.equal(list.allows('localhost'), false);
  });

  test('the server default allows loopback only', () => {
    const list = new AddressAllowlist(DEFAULT_ALLOW);
    for (const ok of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      assert.equal(list.allows(ok), true, ok);
    for (const no of ['10.0.0.1', '192.168.1.1', '::ffff:10.0.0.1', '2001:db8::1'])
      assert.equal(list.allows(no), false, no);
  });

  test('refuses malformed rules with AGI_ERR_BAD_ARGUMENT', () => {
    for (const bad of ['', 'localhost', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8x', '300.1.1.1']) {
      assert.throws(
        () => new AddressAllowlist([bad]),
        (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
        bad,
      );
    }
  });
});
