import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifySecret } from '../../src/domain/secret-hash.ts';
import { MIGRATION_NAMES } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import { type CliRun, runCli } from '../support/cli-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'callgate-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = `sqlite:${join(dir, 'data', 'callgate.sqlite')}`;

function run(...argv: string[]): Promise<CliRun> {
  return runWithEnv({}, ...argv);
}

function runWithEnv(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  return runCli(db, env, argv);
}

describe('callgate admin commands', () => {
  test('migrate applies once, then reports up to date', async () => {
    const first = await run('migrate');
    assert.equal(first.code, 0);
    // Every known migration is applied on a new database, in order.
    assert.match(first.out, new RegExp(`Applied ${MIGRATION_NAMES.length} migration\\(s\\)`));
    assert.ok(first.out.includes(MIGRATION_NAMES.join(', ')), first.out);
    const second = await run('migrate');
    assert.equal(second.code, 0);
    assert.match(second.out, /up to date/);
  });

  test('agent add stores hashes and never prints the PIN or password', async () => {
    const r = await run(
      'agent',
      'add',
      '1001',
      '--name',
      'Alice',
      '--pin',
      '4321',
      '--password',
      'pass-word-1',
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Added agent 1001 \(Alice, agent; login: web, dial-in\)/);
    assert.doesNotMatch(r.out + r.err, /4321|pass-word-1/);
    const store = await openStore(db);
    try {
      const record = await store.agents.findByUserId('1001');
      assert.equal(await verifySecret('4321', record?.pinHash), true);
      assert.equal(await verifySecret('pass-word-1', record?.passwordHash), true);
    } finally {
      await store.close();
    }
  });

  test('agent add takes the PIN and password from the environment when not given as flags', async () => {
    const r = await runWithEnv(
      { CALLGATE_AGENT_PIN: '24680', CALLGATE_AGENT_PASSWORD: 'from-the-env' },
      'agent',
      'add',
      '1009',
      '--name',
      'Env',
    );
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /24680|from-the-env/);
    const store = await openStore(db);
    try {
      const record = await store.agents.findByUserId('1009');
      assert.equal(await verifySecret('24680', record?.pinHash), true);
      assert.equal(await verifySecret('from-the-env', record?.passwordHash), true);
    } finally {
      await store.close();
    }
  });

  test('agent add refuses bad input with clear errors and non-zero exits', async () => {
    const badPin = await run('agent', 'add', '1002', '--name', 'Bob', '--pin', '12ab');
    assert.deepEqual([badPin.code, badPin.err.trim()], [1, 'callgate agent: PIN must be 4 to 12 digits']);
    assert.doesNotMatch(badPin.err, /12ab/);
    const dup = await run('agent', 'add', '1001', '--name', 'Again');
    assert.deepEqual([dup.code, dup.err.trim()], [1, 'callgate agent: User ID 1001 is already taken']);
    const noName = await run('agent', 'add', '1003');
    assert.equal(noName.code, 2);
    assert.match(noName.err, /--name is required/);
    const unknown = await run('agent', 'add', '1003', '--name', 'X', '--colour', 'red');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Unknown option '--colour'/);
    const badRole = await run('agent', 'add', '1003', '--name', 'X', '--role', 'root');
    assert.equal(badRole.code, 2);
    const badId = await run('agent', 'add', 'abc', '--name', 'X');
    assert.deepEqual([badId.code, badId.err.trim()], [1, 'callgate agent: User ID must be 1 to 20 digits']);
  });

  test('agent set, disable and list', async () => {
    assert.equal(
      (await run('agent', 'add', '1002', '--name', 'Bob', '--hot-desk', '--mobile', '+4915112345')).code,
      0,
    );
    const set = await run('agent', 'set', '1002', '--role', 'supervisor', '--pin', '8765', '--no-hot-desk');
    assert.equal(set.code, 0, set.err);
    assert.match(set.out, /supervisor; login: dial-in/);
    assert.equal((await run('agent', 'set', '1002')).code, 2);
    assert.equal((await run('agent', 'set', '9999', '--name', 'Nobody')).code, 1);
    assert.equal((await run('agent', 'disable', '1001')).code, 0);
    const list = await run('agent', 'list', '--json');
    const agents = JSON.parse(list.out) as Array<{
      userId: string;
      enabled: boolean;
      hotDesk: boolean;
      role: string;
    }>;
    assert.deepEqual(
      agents.map((a) => [a.userId, a.enabled, a.hotDesk, a.role]),
      [
        ['1001', false, false, 'agent'],
        ['1002', true, false, 'supervisor'],
        ['1009', true, false, 'agent'],
      ],
    );
    assert.doesNotMatch(list.out, /scrypt|Hash/);
    const table = await run('agent', 'list');
    assert.match(table.out, /^USER ID\s+NAME/);
    assert.match(table.out, /1002\s+Bob\s+supervisor/);
    assert.match((await run('agent', 'unlock', '1002')).out, /Agent 1002 was not locked/);
    assert.equal((await run('agent', 'unlock', '4040')).code, 1);
    const clear = await run('agent', 'set', '1002', '--clear-pin');
    assert.match(clear.out, /login: none/);
  });

  test('device, contact and pause-code add and list', async () => {
    assert.equal(
      (await run('device', 'add', 'Desk 1', '--endpoint', 'PJSIP/2001', '--location', 'Floor 1')).code,
      0,
    );
    assert.equal((await run('device', 'add', 'Desk 1b', '--endpoint', 'PJSIP/2001')).code, 1);
    assert.equal((await run('device', 'add', 'Desk 2', '--endpoint', 'nonsense')).code, 1);
    assert.equal((await run('device', 'add', 'Desk 2')).code, 2);
    assert.equal((await run('device', 'add', 'Desk 2', '--endpoint', 'PJSIP/2002', '--kind', 'fax')).code, 2);
    assert.match((await run('device', 'list')).out, /Desk 1\s+PJSIP\/2001\s+desk\s+Floor 1/);

    assert.equal((await run('contact', 'add', '5001', '--name', 'Front desk')).code, 0);
    assert.equal((await run('contact', 'add', '50x1', '--name', 'Bad')).code, 1);
    assert.match((await run('contact', 'list')).out, /5001\s+Front desk/);

    assert.equal(
      (await run('pause-code', 'add', 'BREAK', '--name', 'Break', '--max-seconds', '900')).code,
      0,
    );
    assert.equal(
      (await run('pause-code', 'add', 'LUNCH', '--name', 'Lunch', '--max-seconds', 'soon')).code,
      2,
    );
    const codes = JSON.parse((await run('pause-code', 'list', '--json')).out) as Array<{ code: string }>;
    assert.deepEqual(
      codes.map((c) => c.code),
      ['BREAK', 'LAGGED'],
    );
  });

  test('help for each command exits 0; no command or unknown ones exit 2', async () => {
    for (const cmd of ['agent', 'device', 'contact', 'pause-code', 'migrate']) {
      const r = await run(cmd, '--help');
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`Usage: callgate ${cmd}`));
    }
    assert.equal((await run('agent', 'add', '--help')).code, 0);
    assert.equal((await run()).code, 2);
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('agent', 'frobnicate')).code, 2);
  });

  test('a database that does not answer is one clear line, exit 1', async () => {
    const r = await run('agent', 'list', '--db', 'postgres://admin:s3cret@127.0.0.1:1/test');
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /^callgate agent: Cannot open database postgres:\/\/admin:\*\*\*@127\.0\.0\.1:1\/test/,
    );
    assert.doesNotMatch(r.err, /s3cret|\n\s+at /);
    const sqlite = await run(
      'migrate',
      '--db',
      `sqlite:${join(dir, 'data', 'callgate.sqlite', 'nested.sqlite')}`,
    );
    assert.equal(sqlite.code, 1);
    assert.match(sqlite.err, /Cannot open database sqlite:/);
  });
});

test('bin/callgate.mjs runs the CLI with exit codes', async () => {
  const bin = fileURLToPath(new URL('../../bin/callgate.mjs', import.meta.url));
  const exec = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CALLGATE_DB: db } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d;
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d;
      });
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, out, err }));
    });
  const [list, bad] = await Promise.all([
    exec('contact', 'list'),
    exec('agent', 'add', '7', '--name', 'X', '--pin', '1'),
  ]);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /OFFICE\s+NAME/);
  assert.equal(bad.code, 1);
  assert.equal(bad.err.trim(), 'callgate agent: PIN must be 4 to 12 digits');
});
