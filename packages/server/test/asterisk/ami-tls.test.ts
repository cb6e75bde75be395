/**
 * AMI over TLS (`amis://`, Asterisk's `tlsenable`): the fake AMI server serves TLS with a
 * certificate made for this run by a private CA, and the client verifies it — against the CA
 * given, or not at all only when explicitly allowed.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { AmiClient } from '../../src/asterisk/ami-client.ts';
import type { AmiTlsOptions } from '../../src/asterisk/ami-client-options.ts';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { parseServeConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { startCallgate } from '../../src/runtime/start-callgate.ts';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates.ts';
import { clientFor, recordStatuses, waitForStatus } from './ami-test-support.ts';

describe('AMI over TLS against the fake AMI server', () => {
  let certs: TestCertificates;
  let fake: FakeAmiServer;
  let client: AmiClient | undefined;

  before(async () => {
    certs = makeTestCertificates();
    fake = await FakeAmiServer.start({ tls: { key: certs.serverKey, cert: certs.serverCert } });
  });
  after(async () => {
    await fake.close();
    certs.remove();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  function tlsClient(tls: AmiTlsOptions, host = '127.0.0.1'): AmiClient {
    client = clientFor(fake, { host, tls });
    return client;
  }

  /** The first time the client gives up a connection attempt: its error. */
  function firstFailure(c: AmiClient) {
    return new Promise<{ code: string; message: string }>((resolve) => {
      c.on('status', (change) => {
        if (change.status === 'down' && change.error) resolve(change.error);
      });
    });
  }

  it('with the private CA given, the certificate is verified and the MD5 login and actions work', async () => {
    const c = tlsClient({ ca: certs.caCert });
    c.start();
    await waitForStatus(c, 'connected');
    const pong = await c.action({ Action: 'Ping' });
    assert.equal(pong.get('Ping'), 'Pong');
    assert.equal(c.amiVersion, '11.0.0');
  });

  it('the name checked is the host: localhost matches the certificate too', async () => {
    const c = tlsClient({ ca: certs.caCert }, 'localhost');
    c.start();
    await waitForStatus(c, 'connected');
  });

  it('without the CA (system CAs only) the connection is refused with E_AMI_TLS, before any secret is sent', async () => {
    const before = fake.actions.length;
    const c = tlsClient({});
    const failed = firstFailure(c);
    c.start();
    const error = await failed;
    assert.equal(error.code, 'E_AMI_TLS');
    assert.match(error.message, /AMI TLS to 127\.0\.0\.1:\d+ failed: .*--ami-ca-file/);
    assert.notEqual(c.status, 'connected');
    assert.equal(fake.actions.length, before, 'no Challenge or Login reached the server');
  });

  it('a certificate for another name is refused (E_AMI_TLS), even from the right CA', async () => {
    const c = tlsClient({ ca: certs.caCert, servername: 'pbx.example' });
    const failed = firstFailure(c);
    c.start();
    assert.equal((await failed).code, 'E_AMI_TLS');
  });

  it('only the clearly named allowUnverified accepts a certificate no CA vouches for', async () => {
    const selfSigned = await FakeAmiServer.start({
      tls: { key: certs.selfSignedKey, cert: certs.selfSignedCert },
    });
    try {
      const refused = clientFor(selfSigned, { tls: { ca: certs.caCert } });
      const failed = firstFailure(refused);
      refused.start();
      assert.equal((await failed).code, 'E_AMI_TLS');
      await refused.close();

      const allowed = clientFor(selfSigned, { tls: { allowUnverified: true } });
      const statuses = recordStatuses(allowed);
      allowed.start();
      await waitForStatus(allowed, 'connected');
      assert.ok(statuses.every((s) => s.error === undefined));
      await allowed.close();
    } finally {
      await selfSigned.close();
    }
  });

  it('callgate serve with amis:// and --ami-ca-file connects and shows amis:// without the secret', async () => {
    const config = parseServeConfig(
      [
        '--db',
        'sqlite::memory:',
        '--agi-port',
        '0',
        '--http-port',
        '0',
        '--ami-url',
        `amis://${fake.username}:${fake.secret}@127.0.0.1:${fake.port}`,
        '--ami-ca-file',
        certs.caCertFile,
      ],
      {},
    );
    assert.equal(config.amiUrl?.tls, true);
    let banner = '';
    const running = await startCallgate({
      config,
      logger: createLogger({ level: 'silent' }),
      print: (t) => (banner += t),
    });
    try {
      const calls = running.asterisk.calls;
      assert.ok(calls);
      if (running.asterisk.status() !== 'connected') {
        await new Promise<void>((resolve) =>
          running.asterisk.onStatus((c) => {
            if (c.status === 'connected') resolve();
          }),
        );
      }
      assert.match(banner, new RegExp(`amis://${fake.username}:\\*\\*\\*@127\\.0\\.0\\.1:${fake.port}`));
      assert.ok(!banner.includes(fake.secret));
    } finally {
      await running.stop('test over');
    }
  });
});
