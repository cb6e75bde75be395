// deploy/systemd/callgate.service: systemd accepts it, its settings are valid for `callgate serve`,
// it stops the server the way the README promises (SIGTERM to the server itself, time enough to
// drain), and its ExecStart, run as systemd runs it (no shell, the unit's environment and working
// directory), starts the compiled server, which drains a call on the KillSignal and exits 0.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseServeConfig } from '../../src/config/serve-config.ts';
import {
  agentInConference,
  assertBuilt,
  REPO_ROOT,
  startProductionServer,
  userEnv,
} from './production-server.ts';

const UNIT_PATH = fileURLToPath(new URL('../../../../deploy/systemd/callgate.service', import.meta.url));
const INSTALL_DIR = '/opt/callgate';
const STATE_DIR = '/var/lib/callgate';
/** What `HTTP_CLOSE_GRACE_MS` in start-callgate gives open HTTP requests after the calls. */
const HTTP_CLOSE_GRACE_MS = 2000;

/** The unit's `Key=value` lines by section; repeated keys (Environment=) keep every value. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = line.match(/^\[(.+)\]$/);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    assert.ok(current && eq > 0, `a key=value line inside a section: ${line}`);
    const key = line.slice(0, eq).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
}

const unitText = readFileSync(UNIT_PATH, 'utf8');
const unit = parseUnit(unitText);
const service = unit.get('Service')!;
const one = (key: string): string => {
  const values = service.get(key);
  assert.equal(values?.length, 1, `exactly one ${key}=`);
  return values[0]!;
};
/** Environment= lines as systemd reads them: space-separated NAME=value assignments. */
const unitEnvironment = (): Record<string, string> =>
  Object.fromEntries(
    (service.get('Environment') ?? [])
      .flatMap((line) => line.split(/\s+/))
      .map((assignment) => [
        assignment.slice(0, assignment.indexOf('=')),
        assignment.slice(assignment.indexOf('=') + 1),
      ]),
  );

describe('deploy/systemd/callgate.service', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'callgate-systemd-'));
  before(assertBuilt);
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('systemd-analyze verify accepts it (paths of this checkout)', async (t) => {
    const analyze = await promisify(execFile)('systemd-analyze', ['--version']).catch(() => undefined);
    if (!analyze) {
      t.skip('systemd-analyze is not installed on this machine');
      return;
    }
    const local = join(tmp, 'callgate.service');
    writeFileSync(
      local,
      unitText
        .replaceAll('/usr/bin/node', process.execPath)
        .replaceAll(INSTALL_DIR, REPO_ROOT.replace(/\/$/, '')),
    );
    const result = await promisify(execFile)('systemd-analyze', ['verify', local]).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    assert.deepEqual(result, { code: 0, stderr: '' });
  });

  test('runs the bin, not npm; stops it with SIGTERM to the server only, with time to drain', () => {
    const argv = one('ExecStart').split(/\s+/);
    assert.deepEqual(argv, ['/usr/bin/node', `${INSTALL_DIR}/packages/server/bin/callgate.mjs`, 'serve']);
    assert.equal(one('KillSignal'), 'SIGTERM');
    // mixed: the signal goes to the main process, which drains its --workers itself.
    assert.equal(one('KillMode'), 'mixed');
    const config = parseServeConfig([], unitEnvironment());
    assert.equal(config.db, `sqlite:${STATE_DIR}/callgate.sqlite`);
    const stopSec = Number(one('TimeoutStopSec'));
    assert.ok(
      stopSec * 1000 > config.shutdownDeadlineMs + HTTP_CLOSE_GRACE_MS,
      `TimeoutStopSec=${stopSec} leaves the ${config.shutdownDeadlineMs} ms drain and the HTTP grace room`,
    );
    assert.equal(one('WorkingDirectory'), STATE_DIR);
    assert.equal(one('StateDirectory'), 'callgate', 'systemd creates the database directory');
    assert.deepEqual(unit.get('Install')?.get('WantedBy'), ['multi-user.target']);
  });

  test('its ExecStart, started as systemd starts it, drains a call on the KillSignal and exits 0', async () => {
    const stateDir = join(tmp, 'state');
    mkdirSync(stateDir);
    const local = (value: string) =>
      value.replaceAll(INSTALL_DIR, REPO_ROOT.replace(/\/$/, '')).replaceAll(STATE_DIR, stateDir);
    const [node, ...args] = one('ExecStart').split(/\s+/).map(local);
    assert.equal(node, '/usr/bin/node');
    const server = await startProductionServer(process.execPath, args, {
      cwd: local(one('WorkingDirectory')),
      // The unit's environment, plus what /etc/callgate/callgate.env would add here: free ports.
      env: userEnv({
        ...Object.fromEntries(Object.entries(unitEnvironment()).map(([k, v]) => [k, local(v)])),
        CALLGATE_AGI_PORT: '0',
        CALLGATE_HTTP_PORT: '0',
        CALLGATE_SHUTDOWN_DEADLINE_MS: '60000',
      }),
    });
    try {
      assert.match(server.stdout(), new RegExp(`Database {6}sqlite:${stateDir}/callgate\\.sqlite`));
      const call = await agentInConference(server);
      server.child.kill(one('KillSignal') as NodeJS.Signals);
      await server.waitForStderr(/stopping with 1 active calls/);
      assert.equal(server.child.exitCode, null, 'still draining while the call is up');
      call.hangup();
      await call.done;
      assert.equal(
        await server.exited(),
        0,
        'a clean stop: systemd records success, Restart=on-failure stays quiet',
      );
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
