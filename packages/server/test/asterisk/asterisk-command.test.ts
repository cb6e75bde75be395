import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AsteriskStore } from '../../src/asterisk/asterisk-store.ts';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { createServices } from '../../src/domain/create-services.ts';
import { seedDemoData } from '../../src/domain/seed-demo-data.ts';
import { openStore } from '../../src/store/open-store.ts';
import { type CliRun, runCli } from '../support/cli-run.ts';
import { makeTestCertificates } from '../support/test-certificates.ts';

const dir = mkdtempSync(join(tmpdir(), 'callgate-asterisk-cli-'));
const db = `sqlite:${join(dir, 'callgate.sqlite')}`;

function run(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  return runCli(db, env, argv);
}

/** The secrets stored for each account, read straight from the database. */
async function storedSecrets(): Promise<Map<string, string>> {
  const store = await openStore(db);
  try {
    const asterisk = new AsteriskStore(store.db);
    const out = new Map<string, string>();
    for (const account of ['9000', '1001', '1002', '2001', '2002', '2003']) {
      const secret = await asterisk.sipSecret(account);
      if (secret !== undefined) out.set(account, secret);
    }
    return out;
  } finally {
    await store.close();
  }
}

describe('callgate asterisk', () => {
  let fake: FakeAmiServer;

  before(async () => {
    const store = await openStore(db);
    await store.migrate();
    await seedDemoData(createServices({ store, hashCost: { N: 2 ** 10, r: 8, p: 1 } }));
    await store.close();
    fake = await FakeAmiServer.start({ username: 'callgate', secret: 'AmiSecret-42' });
  });
  after(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('pjsip renders the demo agents and phones to stdout with the secrets hidden', async () => {
    const r = await run({}, 'asterisk', 'pjsip');
    assert.equal(r.code, 0, r.err);
    for (const account of ['9000', '1001', '1002', '2001', '2002', '2003']) {
      assert.match(r.out, new RegExp(`^\\[${account}\\]\\ntype=endpoint`, 'm'), `endpoint ${account}`);
      assert.match(r.out, new RegExp(`^\\[${account}\\]\\ntype=auth`, 'm'), `auth ${account}`);
      assert.match(r.out, new RegExp(`^\\[${account}\\]\\ntype=aor`, 'm'), `aor ${account}`);
    }
    assert.match(r.out, /agent 1001 \(Alice Agent\)/);
    assert.match(r.out, /device 2003 \(Hot desk 2003\)/);
    const secrets = await storedSecrets();
    assert.equal(secrets.size, 6, 'a secret was generated and stored per account');
    for (const secret of secrets.values()) {
      assert.match(secret, /^[A-Za-z0-9_-]{24}$/);
      assert.ok(!r.out.includes(secret) && !r.err.includes(secret), 'no secret printed');
    }
    assert.equal((r.out.match(/^password=\*{8}$/gm) ?? []).length, 6);
    assert.match(r.err, /secrets hidden/);
  });

  test('--show-secrets prints the stored secrets; they stay the same from run to run', async () => {
    const r = await run({}, 'asterisk', 'pjsip', '--show-secrets');
    assert.equal(r.code, 0, r.err);
    const secrets = await storedSecrets();
    assert.match(r.out, new RegExp(`^password=${secrets.get('1001')}$`, 'm'));
    assert.equal((await run({}, 'asterisk', 'pjsip', '--show-secrets')).out, r.out);
  });

  test('--secret sets an account secret; --out writes the file atomically, 0640, and says when unchanged', async () => {
    const file = join(dir, 'callgate-pjsip.conf');
    const first = await run({}, 'asterisk', 'pjsip', '--out', file, '--secret', '1001=alice-sip-secret');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Wrote .*callgate-pjsip\.conf: 3 agent and 3 device accounts/);
    assert.ok(!first.out.includes('alice-sip-secret'));
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^password=alice-sip-secret$/m);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    const again = await run({}, 'asterisk', 'pjsip', '--out', file);
    assert.match(again.out, /^Unchanged /);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  test('--reload asks Asterisk to reload res_pjsip over AMI', async () => {
    const file = join(dir, 'reload.conf');
    const url = `ami://callgate:AmiSecret-42@127.0.0.1:${fake.port}`;
    const r = await run({ CALLGATE_AMI_URL: url }, 'asterisk', 'pjsip', '--out', file, '--reload');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Asterisk reloaded res_pjsip\.so \(Module reloaded\.\)/);
    assert.deepEqual(fake.reloads, ['module reload res_pjsip.so']);
    assert.ok(!r.out.includes('AmiSecret-42') && !r.err.includes('AmiSecret-42'));
  });

  test('--reload over amis:// (TLS): verified with CALLGATE_AMI_CA_FILE, refused without it', async () => {
    const certs = makeTestCertificates();
    const tls = await FakeAmiServer.start({
      username: 'callgate',
      secret: 'AmiSecret-42',
      tls: { key: certs.serverKey, cert: certs.serverCert },
    });
    try {
      const file = join(dir, 'tls.conf');
      const url = `amis://callgate:AmiSecret-42@127.0.0.1:${tls.port}`;
      const ok = await run(
        { CALLGATE_AMI_URL: url, CALLGATE_AMI_CA_FILE: certs.caCertFile },
        'asterisk',
        'pjsip',
        '--out',
        file,
        '--reload',
      );
      assert.equal(ok.code, 0, ok.err);
      assert.deepEqual(tls.reloads, ['module reload res_pjsip.so']);
      const untrusted = await run({ CALLGATE_AMI_URL: url }, 'asterisk', 'pjsip', '--out', file, '--reload');
      assert.equal(untrusted.code, 1);
      assert.match(
        untrusted.err,
        /callgate asterisk pjsip: AMI TLS to 127\.0\.0\.1:\d+ failed: .*--ami-ca-file/,
      );
      assert.equal(tls.reloads.length, 1, 'nothing reached the untrusted server');
      const plain = await run(
        {},
        'asterisk',
        'pjsip',
        '--out',
        file,
        '--reload',
        '--ami-url',
        `ami://callgate:AmiSecret-42@127.0.0.1:${fake.port}`,
        '--ami-ca-file',
        certs.caCertFile,
      );
      assert.equal(plain.code, 2);
      assert.match(plain.err, /need an amis:\/\/ AMI URL/);
      const noCa = await run(
        { CALLGATE_AMI_URL: url, CALLGATE_AMI_CA_FILE: join(dir, 'missing-ca.pem') },
        'asterisk',
        'pjsip',
        '--out',
        file,
        '--reload',
      );
      assert.equal(noCa.code, 2);
      assert.match(noCa.err, /--ami-ca-file ".*missing-ca\.pem": no such file/);
    } finally {
      await tls.close();
      certs.remove();
    }
  });

  test('clear errors and exit codes: usage 2, Asterisk refusing 1', async () => {
    const noOut = await run({}, 'asterisk', 'pjsip', '--reload');
    assert.equal(noOut.code, 2);
    assert.match(noOut.err, /--reload needs --out/);
    const noAmi = await run({}, 'asterisk', 'pjsip', '--out', join(dir, 'x.conf'), '--reload');
    assert.equal(noAmi.code, 2);
    assert.match(noAmi.err, /--ami-url/);
    const badUrl = await run(
      {},
      'asterisk',
      'pjsip',
      '--out',
      join(dir, 'x.conf'),
      '--reload',
      '--ami-url',
      'http://u:TopSecret@h',
    );
    assert.equal(badUrl.code, 2);
    assert.ok(!badUrl.err.includes('TopSecret'));
    const wrongSecret = await run(
      {},
      'asterisk',
      'pjsip',
      '--out',
      join(dir, 'y.conf'),
      '--reload',
      '--ami-url',
      `ami://callgate:WrongSecret@127.0.0.1:${fake.port}`,
    );
    assert.equal(wrongSecret.code, 1);
    assert.match(wrongSecret.err, /callgate asterisk pjsip: .*(login|authentication)/i);
    assert.ok(!wrongSecret.err.includes('WrongSecret'));
    const badSecret = await run({}, 'asterisk', 'pjsip', '--secret', '1001=short');
    assert.equal(badSecret.code, 1);
    assert.match(badSecret.err, /SIP secret of 1001 must be 8\+ printable characters/);
    assert.ok(!badSecret.err.includes('short'));
    const unknown = await run({}, 'asterisk', 'nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Unknown asterisk subcommand "nope"/);
    const help = await run({}, 'asterisk', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /callgate asterisk pjsip \[--out <file>\]/);
    const subHelp = await run({}, 'asterisk', 'queues', '--help');
    assert.equal(subHelp.code, 0);
    assert.match(subHelp.out, /callgate asterisk queues <userId>/);
  });

  test('queues shows, sets and clears the queues an agent joins', async () => {
    assert.match((await run({}, 'asterisk', 'queues', '1001')).out, /Agent 1001 joins no queues/);
    const set = await run({}, 'asterisk', 'queues', '1001', '--set', 'sales, support,sales');
    assert.equal(set.code, 0, set.err);
    assert.match(set.out, /Agent 1001 queues: sales, support/);
    assert.match((await run({}, 'asterisk', 'queues', '1001')).out, /queues: sales, support/);
    assert.equal((await run({}, 'asterisk', 'queues', '1001', '--set', 'bad queue')).code, 1);
    assert.equal((await run({}, 'asterisk', 'queues', '4242')).code, 1);
    assert.match((await run({}, 'asterisk', 'queues', '1001', '--clear')).out, /joins no queues/);
  });
});
