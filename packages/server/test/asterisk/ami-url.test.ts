import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AmiUrlError, maskAmiEndpoint, parseAmiUrl } from '../../src/asterisk/ami-url.ts';

describe('parseAmiUrl', () => {
  test('reads user, secret, host and port; 5038 by default; IPv6 hosts unbracketed', () => {
    assert.deepEqual(parseAmiUrl('ami://callgate:pw@127.0.0.1:5038'), {
      host: '127.0.0.1',
      port: 5038,
      username: 'callgate',
      secret: 'pw',
      auth: 'md5',
      tls: false,
    });
    assert.equal(parseAmiUrl('ami://u:p@h:5038?auth=plain').auth, 'plain');
    assert.equal(parseAmiUrl('ami://u:p@h/?auth=md5').auth, 'md5');
    assert.equal(parseAmiUrl('ami://u:p@pbx.example/').port, 5038);
    assert.equal(parseAmiUrl('ami://u:p@[::1]:6000').host, '::1');
    assert.equal(parseAmiUrl('ami://u%3Ax:p%2F%40@h').secret, 'p/@');
  });

  for (const [text, why] of [
    ['not a url', /not a URL/],
    ['tcp://u:p@h:5038', /ami:\/\/ \(or amis:\/\/ for TLS\)/],
    ['ami://u@h', /no user or no secret/],
    ['ami://u:p@h/x', /nothing may follow/],
    ['ami://u:p@h?auth=sha1', /auth=md5 or \?auth=plain/],
    ['ami://u:p@h?auth=plain&x=1', /auth=md5 or \?auth=plain/],
    ['ami://u:p@h?timeout=5', /auth=md5 or \?auth=plain/],
    ['ami://u:p%0D%0AAction:%20Originate@h', /line breaks/],
  ] as const) {
    test(`refuses ${JSON.stringify(text)} without showing the secret`, () => {
      assert.throws(
        () => parseAmiUrl(text),
        (err: unknown) => err instanceof AmiUrlError && why.test(err.message) && !err.message.includes('p@'),
      );
    });
  }

  test('amis:// is AMI over TLS, on port 5039 unless given (manager.conf tlsbindaddr)', () => {
    const tls = parseAmiUrl('amis://callgate:pw@pbx.example');
    assert.equal(tls.tls, true);
    assert.equal(tls.port, 5039);
    assert.equal(parseAmiUrl('amis://u:p@h:6039').port, 6039);
    assert.equal(
      maskAmiEndpoint(parseAmiUrl('amis://callgate:TopSecret@pbx:5039')),
      'amis://callgate:***@pbx:5039',
    );
  });

  test('maskAmiEndpoint hides the secret', () => {
    const masked = maskAmiEndpoint(parseAmiUrl('ami://callgate:TopSecret@[::1]:5038'));
    assert.equal(masked, 'ami://callgate:***@[::1]:5038');
    assert.equal(
      maskAmiEndpoint(parseAmiUrl('ami://callgate:TopSecret@pbx:5038?auth=plain')),
      'ami://callgate:***@pbx:5038?auth=plain',
    );
  });
});
