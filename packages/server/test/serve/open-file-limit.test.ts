import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../src/logging/index.ts';
import {
  checkOpenFileLimit,
  descriptorBudget,
  parseOpenFileLimit,
  reportOpenFileLimit,
} from '../../src/runtime/open-file-limit.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('open-file limit against the caps', () => {
  test('parses the soft limit of /proc/self/limits; unlimited is Infinity; a missing line is unknown', () => {
    assert.equal(parseOpenFileLimit(LIMITS), 1024);
    assert.equal(parseOpenFileLimit(LIMITS.replace('1024   ', 'unlimited')), Number.POSITIVE_INFINITY);
    assert.equal(parseOpenFileLimit('Max cpu time unlimited unlimited seconds\n'), undefined);
  });

  test('the budget adds sessions, connections still identifying, HTTP, the database and a reserve', () => {
    const budget = descriptorBudget({ maxAgiSessions: 1000, httpMaxConnections: 1000, backend: 'postgres' });
    assert.deepEqual(budget, {
      agiSessions: 1000,
      agiPending: 2048,
      http: 1000,
      database: 12,
      reserve: 64,
      total: 1000 + 2048 + 1000 + 12 + 64,
    });
    assert.equal(
      descriptorBudget({ maxAgiSessions: 10, httpMaxConnections: 10, backend: 'sqlite' }).database,
      3,
    );
  });

  test('too low warns with the numbers; enough and unknown say nothing above debug', () => {
    const caps = { maxAgiSessions: 1000, httpMaxConnections: 1000, backend: 'sqlite' as const };
    const low = checkOpenFileLimit(caps, () => LIMITS);
    assert.equal(low.verdict, 'too-low');
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (s: string) => lines.push(s) } });
    reportOpenFileLimit(low, logger);
    assert.equal(lines.length, 1);
    const record = JSON.parse(lines[0] ?? '{}');
    assert.equal(record.level, 40);
    assert.match(record.msg, /open-file limit 1024 is below the 4115 the caps may need/);
    assert.match(record.msg, /--http-max-connections/);

    lines.length = 0;
    reportOpenFileLimit(
      checkOpenFileLimit(caps, () => LIMITS.replace('1024   ', '65536  ')),
      logger,
    );
    reportOpenFileLimit(
      checkOpenFileLimit(caps, () => {
        throw new Error('ENOENT');
      }),
      logger,
    );
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).level),
      [20, 20],
    );
  });

  test('callgate serve under `ulimit -n 1024` warns at start', async (t) => {
    if (!existsSync('/proc/self/limits')) {
      t.skip('no /proc/self/limits on this system: the limit cannot be read, so nothing is warned');
      return;
    }
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        'ulimit -n 1024 && exec "$0" "$@"',
        process.execPath,
        '--import',
        'tsx',
        MAIN,
        'serve',
        '--db',
        'sqlite::memory:',
        '--agi-port',
        '0',
        '--http-port',
        '0',
        '--no-seed',
      ],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', CALLGATE_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!/callgate started/.test(stderr) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(stderr, /open-file limit 1024 is below the \d+ the caps may need/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
