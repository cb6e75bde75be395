import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startServeProcess } from './serve-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'callgate-serve-errors-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The output of a failed start: one line naming the problem, no stack trace. */
function assertOneCleanLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
}

describe('callgate serve: refusing to start', () => {
  test('--help lists every option and exits 0', async () => {
    const serve = startServeProcess(['--help']);
    assert.equal(await serve.exited(), 0);
    assert.match(serve.stdout(), /Usage: callgate serve/);
    assert.match(serve.stdout(), /--agi-port <value>\s+CALLGATE_AGI_PORT/);
    assert.match(serve.stdout(), /CALLGATE_SHUTDOWN_DEADLINE_MS/);
  });

  test('a bad port exits 2 naming the flag', async () => {
    const serve = startServeProcess(['--http-port', '99999']);
    assert.equal(await serve.exited(), 2);
    assertOneCleanLine(serve.stderr(), /^callgate serve: invalid --http-port "99999".*0 to 65535/);
  });

  test('a bad env value exits 2 naming the variable', async () => {
    const serve = startServeProcess([], { CALLGATE_AGI_PORT: 'four' });
    assert.equal(await serve.exited(), 2);
    assertOneCleanLine(serve.stderr(), /CALLGATE_AGI_PORT "four"/);
  });

  test('an unsupported database URL exits 2', async () => {
    const serve = startServeProcess(['--db', 'mysql://localhost/cg']);
    assert.equal(await serve.exited(), 2);
    assertOneCleanLine(serve.stderr(), /--db "mysql:\/\/localhost\/cg".*expected sqlite:/);
  });

  test('an SQLite file that cannot be created exits 1 with the reason', async () => {
    const notADirectory = join(tmp, 'plain-file');
    writeFileSync(notADirectory, 'x');
    const serve = startServeProcess([
      '--db',
      `sqlite:${notADirectory}/callgate.sqlite`,
      '--log-level',
      'silent',
    ]);
    assert.equal(await serve.exited(), 1);
    assertOneCleanLine(serve.stderr(), /^callgate serve: Cannot open database sqlite:.*plain-file/);
  });

  test('a PostgreSQL URL that does not answer exits 1 with the reason', async () => {
    const serve = startServeProcess([
      '--db',
      'postgres://cg:hunter2@127.0.0.1:1/cg',
      '--log-level',
      'silent',
    ]);
    assert.equal(await serve.exited(), 1);
    assertOneCleanLine(serve.stderr(), /^callgate serve: Cannot open database postgres:.*127\.0\.0\.1:1/);
    assert.doesNotMatch(serve.stderr(), /hunter2/, 'the password is not printed');
  });
});
