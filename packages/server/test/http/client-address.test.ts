/** Which address is the client's, by the `trustProxy` setting: spoofed hops are never believed. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClientAddress } from '../../src/http/client-address.ts';

const SOCKET = '10.0.0.5';

describe('client address behind proxies', () => {
  test('not trusting proxies: the socket address, whatever X-Forwarded-For says', () => {
    for (const trust of [undefined, false, 0] as const) {
      assert.equal(createClientAddress(trust)(SOCKET, '203.0.113.9'), SOCKET);
    }
  });

  test('trusting every hop: the left-most forwarded address', () => {
    const addressOf = createClientAddress(true);
    assert.equal(addressOf(SOCKET, '203.0.113.9, 192.168.1.1'), '203.0.113.9');
    assert.equal(addressOf(SOCKET, undefined), SOCKET);
    // A garbage entry ends the chain: the last address before it (from our side) is the client.
    assert.equal(addressOf(SOCKET, 'evil, 198.51.100.7'), '198.51.100.7');
  });

  test('a hop count: addresses further out than that are the client’s own claim', () => {
    const addressOf = createClientAddress(1);
    // The one proxy appended the real client; whatever the client wrote before it is ignored.
    assert.equal(addressOf(SOCKET, '1.2.3.4, 203.0.113.9'), '203.0.113.9');
    assert.equal(addressOf(SOCKET, undefined), SOCKET);
    assert.equal(createClientAddress(2)(SOCKET, '1.2.3.4, 203.0.113.9, 10.0.0.4'), '203.0.113.9');
  });

  test('a list of proxies: hops from them are trusted, the first other one is the client', () => {
    const addressOf = createClientAddress(['10.0.0.0/8', '::1']);
    assert.equal(addressOf(SOCKET, '1.2.3.4, 203.0.113.9, 10.0.0.4'), '203.0.113.9');
    // A peer that is not a trusted proxy is the client itself, whatever it claims.
    assert.equal(addressOf('198.51.100.1', '203.0.113.9'), '198.51.100.1');
    assert.equal(addressOf('::1', ['203.0.113.9', '10.1.1.1']), '203.0.113.9');
  });
});
