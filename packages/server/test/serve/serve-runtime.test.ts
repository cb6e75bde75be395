import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simulateCall } from '@callgate/agi/testing';
import { parseServeConfig, type ServeConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { type RunningCallgate, startCallgate } from '../../src/runtime/start-callgate.ts';
import { adminQuery, isPostgresReachable, POSTGRES_URL } from '../support/test-stores.ts';

const tmp = mkdtempSync(join(tmpdir(), 'callgate-serve-'));
const dbFile = join(tmp, 'nested', 'callgate.sqlite');
const logger = createLogger({ level: 'silent' });
after(() => rmSync(tmp, { recursive: true, force: true }));

function configFor(db: string, extra: string[] = []): ServeConfig {
  return parseServeConfig(
    ['--db', db, '--agi-port', '0', '--http-port', '0', '--sweep-interval-sec', '3600', ...extra],
    {},
  );
}

async function get(running: RunningCallgate, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${running.httpPort}${path}`);
  return { status: res.status, text: await res.text() };
}

/** A tiny app for these tests: answers, says one VERBOSE and returns. */
function addEchoRoute(running: RunningCallgate): void {
  running.agiServer.route('serve-test/echo', async (channel) => {
    await channel.answer();
    await channel.verbose('serve test', 1);
  });
}

describe('callgate serve in-process, SQLite file', () => {
  let running: RunningCallgate;
  let banner = '';

  before(async () => {
    running = await startCallgate({
      config: configFor(`sqlite:${dbFile}`),
      logger,
      print: (t) => (banner += t),
    });
    addEchoRoute(running);
  });
  after(() => running.stop('test over'));

  test('first start seeds demo data and prints the logins, links and dialplan once', async () => {
    assert.ok(running.demoLogins.some((d) => d.userId === '9000' && d.role === 'admin'));
    assert.ok(running.demoLogins.some((d) => d.userId === '1001' && d.pin === '4321'));
    assert.match(banner, new RegExp(`Web console {3}http://127\\.0\\.0\\.1:${running.httpPort}/`));
    assert.match(banner, /1001 .*dial-in PIN 4321/);
    assert.match(banner, new RegExp(`AGI\\(agi://127\\.0\\.0\\.1:${running.agiPort}/agent-dial-in\\)`));
    assert.equal((await running.services.agents.list()).length, 3);
  });

  test('GET /healthz answers 200 with db ok and agi listening', async () => {
    const res = await get(running, '/healthz');
    assert.equal(res.status, 200);
    const body = JSON.parse(res.text);
    assert.equal(body.status, 'ok');
    assert.equal(body.db, 'ok');
    assert.equal(body.agi, 'listening');
    assert.equal(typeof body.uptimeSec, 'number');
  });

  test('GET /metrics counts a FastAGI session driven by the simulated Asterisk', async () => {
    const recording = await simulateCall({ url: `agi://127.0.0.1:${running.agiPort}/serve-test/echo` });
    assert.equal(recording.agiStatus, 'SUCCESS');
    const res = await get(running, '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.text, /callgate_agi_sessions_started_total\{route="serve-test\/echo"\} 1/);
    assert.match(
      res.text,
      /callgate_agi_sessions_ended_total\{route="serve-test\/echo",outcome="completed"\} 1/,
    );
    assert.match(res.text, /callgate_agi_commands_total\{route="serve-test\/echo",command="ANSWER"\} 1/);
    assert.match(res.text, /callgate_agi_commands_total\{route="serve-test\/echo",command="VERBOSE"\} 1/);
    assert.match(res.text, /callgate_agi_command_duration_seconds_count\{command="ANSWER"\} 1/);
    assert.match(res.text, /callgate_agi_sessions_active 0/);
    assert.match(res.text, /callgate_agent_sessions\{state="ready"\} 0/);
    assert.match(res.text, /callgate_http_requests_total\{route="\/healthz",method="GET",status="200"\} 1/);
  });

  test('an unknown route ends as noroute without minting a label from the path', async () => {
    const recording = await simulateCall({ url: `agi://127.0.0.1:${running.agiPort}/no/such/app-42` });
    assert.equal(recording.variables.CALLGATE_STATUS, 'NOROUTE');
    const res = await get(running, '/metrics');
    assert.match(res.text, /callgate_agi_sessions_ended_total\{route="\(none\)",outcome="noroute"\} 1/);
    assert.doesNotMatch(res.text, /app-42/);
  });

  test('GET /healthz answers 503 db down once the database is closed', async () => {
    await running.store.close();
    const res = await get(running, '/healthz');
    assert.equal(res.status, 503);
    assert.equal(JSON.parse(res.text).db, 'down');
  });
});

describe('callgate serve in-process, second start on the same file', () => {
  test('does not seed again and prints no credentials', async () => {
    let banner = '';
    const running = await startCallgate({
      config: configFor(`sqlite:${dbFile}`),
      logger,
      print: (t) => (banner += t),
    });
    try {
      assert.deepEqual(running.demoLogins, []);
      assert.equal((await running.services.agents.list()).length, 3);
      assert.doesNotMatch(banner, /password|PIN \d/);
    } finally {
      await running.stop();
    }
  });

  test('--no-seed leaves a new database empty', async () => {
    const running = await startCallgate({
      config: configFor(`sqlite:${join(tmp, 'empty.sqlite')}`, ['--no-seed']),
      logger,
    });
    try {
      assert.equal((await running.services.agents.list()).length, 0);
    } finally {
      await running.stop();
    }
  });

  test('a port in use is a clear StartupError and nothing stays open', async () => {
    const first = await startCallgate({ config: configFor('sqlite::memory:', ['--no-seed']), logger });
    try {
      await assert.rejects(
        startCallgate({
          config: configFor('sqlite::memory:', ['--no-seed', '--http-port', String(first.httpPort)]),
          logger,
        }),
        (err: Error & { code?: string }) =>
          err.code === 'E_START_LISTEN' && /HTTP port .* is already in use/.test(err.message),
      );
    } finally {
      await first.stop();
    }
  });
});

describe('callgate serve in-process: secret, errors and per-call logs', () => {
  test('secret enforced and never logged; handler errors counted by code; call logs carry the call', async () => {
    const lines: string[] = [];
    const captured = createLogger({
      level: 'info',
      destination: { write: (s: string) => void lines.push(s) },
    });
    const secret = 'serve-test-secret-42';
    const running = await startCallgate({
      config: configFor('sqlite::memory:', ['--no-seed', '--agi-secret', secret]),
      logger: captured,
    });
    try {
      addEchoRoute(running);
      running.agiServer.route('serve-test/fail', async (channel) => {
        await channel.answer();
        throw Object.assign(new Error('boom'), { code: 'E_SERVE_TEST' });
      });
      const base = `agi://127.0.0.1:${running.agiPort}`;
      const ok = await simulateCall({
        url: `${base}/serve-test/echo?secret=${secret}`,
        channel: { name: 'PJSIP/2001-0000002a', uniqueId: '1800000000.42' },
      });
      assert.equal(ok.agiStatus, 'SUCCESS');
      await simulateCall({ url: `${base}/serve-test/echo` });
      await simulateCall({ url: `${base}/serve-test/fail?secret=${secret}` });

      const metrics = (await get(running, '/metrics')).text;
      assert.match(metrics, /callgate_agi_refused_connections_total\{reason="secret"\} 1/);
      assert.match(metrics, /callgate_agi_errors_total\{code="E_SERVE_TEST"\} 1/);
      assert.match(
        metrics,
        /callgate_agi_sessions_ended_total\{route="serve-test\/fail",outcome="error"\} 1/,
      );

      const text = lines.join('');
      assert.ok(!text.includes(secret), 'the secret never reaches a log');
      const access = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((r) => r.uniqueid === '1800000000.42' && r.outcome === 'completed');
      assert.ok(access, 'an access-log record for the call');
      assert.equal(access.channel, 'PJSIP/2001-0000002a');
      assert.equal(access.route, 'serve-test/echo');
      assert.equal(access.component, 'agi');
    } finally {
      await running.stop();
    }
  });
});

describe('callgate serve in-process, PostgreSQL', async () => {
  const reachable = await isPostgresReachable();
  const dbName = `callgate_serve_${process.pid}_${Date.now()}`;

  test('smoke: migrate, seed, health and metrics on a fresh database', {
    skip: !reachable && 'PostgreSQL not reachable',
  }, async () => {
    await adminQuery(`create database ${dbName}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${dbName}`;
    try {
      const running = await startCallgate({ config: configFor(url.href), logger });
      try {
        assert.equal(running.store.backend, 'postgres');
        assert.ok(running.demoLogins.length > 0);
        assert.equal((await get(running, '/healthz')).status, 200);
        addEchoRoute(running);
        await simulateCall({ url: `agi://127.0.0.1:${running.agiPort}/serve-test/echo` });
        assert.match(
          (await get(running, '/metrics')).text,
          /callgate_agi_sessions_started_total\{route="serve-test\/echo"\} 1/,
        );
      } finally {
        await running.stop();
      }
    } finally {
      await adminQuery(`drop database if exists ${dbName} with (force)`);
    }
  });
});
