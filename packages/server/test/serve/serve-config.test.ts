import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, test } from 'node:test';
import { formatServeHelp, parseServeConfig, SERVE_OPTIONS, wantsServeHelp } from '../../src/config/index.ts';
import { configError } from '../support/config-error.ts';

describe('parseServeConfig', () => {
  test('defaults match the documented ones', () => {
    const config = parseServeConfig([], {});
    assert.equal(config.db, 'sqlite:./data/callgate.sqlite');
    assert.equal(config.agiPort, 4573);
    assert.equal(config.httpPort, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.deepEqual(config.agiAllow, ['127.0.0.1/32', '::1/128']);
    assert.equal(config.agiSecret, undefined);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.publicUrl, undefined);
    assert.equal(config.dialinNumber, '2345');
    assert.equal(config.seed, true);
    assert.deepEqual(config.conferenceRange, { first: 8600051, last: 8600999 });
    assert.equal(config.lagTimeoutSec, 60);
    assert.equal(config.endAfterSec, 600);
    assert.equal(config.shutdownDeadlineMs, 10000);
  });

  test('env vars set values and flags win over env', () => {
    const env = { CALLGATE_AGI_PORT: '5000', CALLGATE_HTTP_PORT: '9000', CALLGATE_DB: 'postgres://pg/test' };
    const config = parseServeConfig(['--agi-port', '6000', '--db=sqlite::memory:'], env);
    assert.equal(config.agiPort, 6000);
    assert.equal(config.httpPort, 9000);
    assert.equal(config.db, 'sqlite::memory:');
  });

  test('an empty env var counts as unset', () => {
    assert.equal(parseServeConfig([], { CALLGATE_AGI_SECRET: '', CALLGATE_HTTP_PORT: '' }).httpPort, 8080);
  });

  test('--no-seed and CALLGATE_SEED=false turn seeding off', () => {
    assert.equal(parseServeConfig(['--no-seed'], {}).seed, false);
    assert.equal(parseServeConfig([], { CALLGATE_SEED: 'false' }).seed, false);
    assert.equal(parseServeConfig([], { CALLGATE_SEED: 'yes' }).seed, true);
  });

  test('allowlist: bare addresses get a host prefix, IPv6 accepted', () => {
    const config = parseServeConfig(['--agi-allow', '10.0.0.0/8, 192.168.1.5,fd00::/8'], {});
    assert.deepEqual(config.agiAllow, ['10.0.0.0/8', '192.168.1.5/32', 'fd00::/8']);
  });

  test('public URL is normalised', () => {
    assert.equal(
      parseServeConfig([], { CALLGATE_PUBLIC_URL: 'https://cg.example.com' }).publicUrl,
      'https://cg.example.com/',
    );
  });

  test('a bad port names the flag and what is expected', () => {
    const err = configError(() => parseServeConfig(['--agi-port', 'abc'], {}));
    assert.equal(err.code, 'E_CONFIG_VALUE');
    assert.match(err.message, /--agi-port "abc"/);
    assert.match(err.message, /expected a TCP port number from 0 to 65535/);
    assert.ok(!err.message.includes('\n'), 'one line');
  });

  test('a bad env value names the env var', () => {
    const err = configError(() => parseServeConfig([], { CALLGATE_HTTP_PORT: '70000' }));
    assert.match(err.message, /CALLGATE_HTTP_PORT "70000"/);
  });

  test('bad database URL, CIDR, level, range and dial-in number are refused', () => {
    assert.match(
      configError(() => parseServeConfig(['--db', 'mysql://x'], {})).message,
      /--db "mysql:\/\/x"/,
    );
    assert.match(configError(() => parseServeConfig(['--db', 'sqlite:'], {})).message, /--db/);
    assert.match(
      configError(() => parseServeConfig(['--agi-allow', '10.0.0.0/33'], {})).message,
      /"10.0.0.0\/33" is not a CIDR block/,
    );
    assert.match(
      configError(() => parseServeConfig([], { CALLGATE_LOG_LEVEL: 'loud' })).message,
      /LOG_LEVEL/,
    );
    assert.match(
      configError(() => parseServeConfig([], { CALLGATE_CONFERENCE_RANGE: '9-1' })).message,
      /CONFERENCE_RANGE/,
    );
    assert.match(
      configError(() => parseServeConfig(['--dialin-number', '23a'], {})).message,
      /dialin-number/,
    );
    assert.match(configError(() => parseServeConfig(['--public-url', 'ftp://x'], {})).message, /public-url/);
  });

  test('end-after must be longer than the lag timeout', () => {
    assert.match(
      configError(() => parseServeConfig(['--lag-timeout-sec', '100', '--end-after-sec', '50'], {})).message,
      /more than the lag timeout/,
    );
  });

  test('a bad secret is refused without echoing it', () => {
    const err = configError(() => parseServeConfig(['--agi-secret', 'short'], {}));
    assert.match(err.message, /--agi-secret/);
    assert.ok(!err.message.includes('short'));
  });

  test('usage mistakes: unknown flag, missing value, stray argument', () => {
    const unknown = configError(() => parseServeConfig(['--agi-prot', '1'], {}));
    assert.equal(unknown.code, 'E_CONFIG_USAGE');
    assert.match(unknown.message, /unknown option --agi-prot/);
    assert.match(configError(() => parseServeConfig(['--agi-port'], {})).message, /--agi-port needs a value/);
    assert.match(configError(() => parseServeConfig(['extra'], {})).message, /unexpected argument "extra"/);
  });

  test('help is detected and lists every flag and env var with defaults', () => {
    assert.ok(wantsServeHelp(['--db', 'x', '--help']));
    assert.ok(!wantsServeHelp(['--db', 'x']));
    const help = formatServeHelp();
    for (const option of SERVE_OPTIONS) {
      assert.ok(help.includes(option.env), option.env);
      if (option.flag) assert.ok(help.includes(`--${option.flag}`), option.flag);
      if (option.defaultValue && option.kind === 'value') assert.ok(help.includes(option.defaultValue));
    }
  });

  test('the README configuration table documents every option', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
    for (const option of SERVE_OPTIONS) {
      assert.ok(section.includes(`\`${option.env}\``), `README lacks ${option.env}`);
      if (option.flag) assert.ok(section.includes(`\`--${option.flag}\``), `README lacks --${option.flag}`);
    }
  });
});

describe('--workers', () => {
  const pg = ['--db', 'postgres://callgate@db.example/callgate'];
  test('1 by default; a number or auto (one per CPU) on PostgreSQL', () => {
    assert.equal(parseServeConfig([], {}).workers, 1);
    assert.equal(parseServeConfig([...pg, '--workers', '4'], {}).workers, 4);
    assert.equal(parseServeConfig(pg, { CALLGATE_WORKERS: 'auto' }).workers, availableParallelism());
  });

  test('out of range, not a number, or several on SQLite: one line naming the flag', () => {
    assert.match(configError(() => parseServeConfig([...pg, '--workers', '0'], {})).message, /--workers/);
    assert.match(configError(() => parseServeConfig([...pg, '--workers', '65'], {})).message, /1 to 64/);
    assert.match(
      configError(() => parseServeConfig(pg, { CALLGATE_WORKERS: 'many' })).message,
      /CALLGATE_WORKERS/,
    );
    assert.match(
      configError(() => parseServeConfig(['--workers', '2'], {})).message,
      /invalid --workers 2: expected 1 with SQLite/,
    );
  });
});
