/**
 * `callgate directory` through the CLI entry point on a real SQLite file: add, list, set, disable,
 * caller, and the usage errors. (Kept with the directory tests: the command is the directory's.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type CliRun, runCli } from '../support/cli-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'callgate-directory-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = `sqlite:${join(dir, 'callgate.sqlite')}`;

function run(...argv: string[]): Promise<CliRun> {
  return runCli(db, {}, argv);
}

describe('callgate directory', () => {
  test('add endpoints and an agent, list, set, disable', async () => {
    assert.equal((await run('agent', 'add', '1001', '--name', 'Ada')).code, 0);
    const added = await run(
      'directory',
      'add',
      '101',
      '--name',
      'Sales',
      '--endpoint',
      'PJSIP/2001,PJSIP/2002',
      '--ring',
      '15',
    );
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /101 Sales: rings PJSIP\/2001&PJSIP\/2002 for 15 s, then voicemail 101@default/);
    const agent = await run(
      'directory',
      'add',
      '301',
      '--name',
      'Ada',
      '--agent',
      '1001',
      '--voicemail',
      'none',
    );
    assert.match(agent.out, /rings agent 1001 for 20 s, then no voicemail/);

    assert.equal((await run('device', 'add', 'Lobby', '--endpoint', 'PJSIP/2150')).code, 0);
    const device = await run('directory', 'add', '150', '--name', 'Lobby', '--device', 'PJSIP/2150');
    assert.match(device.out, /150 Lobby: rings device PJSIP\/2150 for 20 s/);

    const listed = await run('directory', 'list');
    assert.match(listed.out, /^EXTENSION\s+NAME\s+RINGS/);
    assert.match(listed.out, /101\s+Sales\s+PJSIP\/2001&PJSIP\/2002\s+15s\s+101@default\s+yes/);
    assert.match(listed.out, /301\s+Ada\s+agent 1001\s+20s\s+-\s+yes/);

    const set = await run(
      'directory',
      'set',
      '101',
      '--voicemail',
      '5101',
      '--voicemail-context',
      'sales',
      '--endpoint',
      'PJSIP/2003',
    );
    assert.equal(set.code, 0, set.err);
    assert.match(set.out, /rings PJSIP\/2003 for 15 s, then voicemail 5101@sales/);

    assert.equal((await run('directory', 'disable', '101')).code, 0);
    const json = JSON.parse((await run('directory', 'list', '--json')).out) as Array<{
      extension: string;
      enabled: boolean;
    }>;
    assert.deepEqual(
      json.map((e) => [e.extension, e.enabled]),
      [
        ['101', false],
        ['150', true],
        ['301', true],
      ],
    );
    assert.match((await run('directory', 'set', '101', '--enabled')).out, /101 Sales: .*5101@sales$/m);
  });

  test('caller: VIP and account on a contact', async () => {
    assert.equal((await run('contact', 'add', '2079460000', '--name', 'Acme')).code, 0);
    const vip = await run('directory', 'caller', '2079460000', '--vip', '--account', 'ACME-42');
    assert.equal(vip.code, 0, vip.err);
    assert.match(vip.out, /Contact 2079460000 Acme: VIP, account ACME-42/);
    const plain = await run('directory', 'caller', '2079460000', '--no-vip', '--account', 'none');
    assert.match(plain.out, /not VIP, account -/);
  });

  test('errors: usage (2) and rules (1)', async () => {
    assert.equal((await run('directory', 'add', '102', '--name', 'X')).code, 2);
    assert.equal(
      (await run('directory', 'add', '102', '--name', 'X', '--endpoint', 'PJSIP/1', '--agent', '1001')).code,
      2,
    );
    assert.equal((await run('directory', 'frobnicate')).code, 2);
    assert.equal((await run('directory', 'set', '301')).code, 2);
    const bad = await run('directory', 'add', '102', '--name', 'X', '--endpoint', 'nonsense');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /Endpoint "nonsense" must look like PJSIP\/2001/);
    assert.equal((await run('directory', 'disable', '999')).code, 1);
    assert.equal((await run('directory', 'add', '103', '--name', 'X', '--agent', '4242')).code, 1);
    assert.equal((await run('directory', 'add', '103', '--name', 'X', '--device', 'PJSIP/none')).code, 1);
    assert.equal(
      (await run('directory', 'add', '103', '--name', 'X', '--device', 'PJSIP/2150', '--agent', '1001')).code,
      2,
    );
    assert.equal((await run('directory', 'caller', '999', '--vip')).code, 1);
  });
});
