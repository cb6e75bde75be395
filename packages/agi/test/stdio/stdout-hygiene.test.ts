import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { guardStdout } from '../../src/stdio/stdout-hygiene.ts';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

test('console output and direct stdout writes go to stderr; only agiOutput reaches stdout', async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const target = new Console({ stdout, stderr });
  const guard = guardStdout(
    stdout as unknown as NodeJS.WriteStream,
    stderr as unknown as NodeJS.WriteStream,
    target,
  );

  target.log('log line');
  target.info('info line');
  target.debug('debug line');
  target.warn('warn line');
  target.dir({ dir: 1 });
  target.table([{ a: 1 }]);
  target.count('counted');
  target.group('grouped');
  target.groupEnd();
  stdout.write('direct write\n');
  await new Promise<void>((resolve, reject) =>
    guard.agiOutput.write('ANSWER\n', (e) => (e ? reject(e) : resolve())),
  );

  assert.equal(out(), 'ANSWER\n');
  for (const expected of [
    'log line',
    'info line',
    'debug line',
    'warn line',
    'dir: 1',
    'counted: 1',
    'grouped',
    'direct write',
  ]) {
    assert.ok(err().includes(expected), `stderr lacks ${expected}`);
  }

  guard.restore();
  target.log('after restore');
  stdout.write('direct again\n');
  assert.equal(out(), 'ANSWER\nafter restore\ndirect again\n');
});
