// `npm start` and the `callgate` bin run the compiled server, and a signal sent to either reaches
// the server: SIGTERM drains (a call in progress finishes), then everything exits. Nothing is
// left running, and no other process (tsx's esbuild service) runs beside the server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  agentInConference,
  assertBuilt,
  BIN,
  childPids,
  httpAnswers,
  isAlive,
  REPO_ROOT,
  startProductionServer,
  userEnv,
} from './production-server.ts';

const tmp = mkdtempSync(join(tmpdir(), 'callgate-production-'));
before(assertBuilt);
after(() => rmSync(tmp, { recursive: true, force: true }));

function serveFlags(name: string): string[] {
  return [
    '--db',
    `sqlite:${join(tmp, `${name}.sqlite`)}`,
    '--agi-port',
    '0',
    '--http-port',
    '0',
    // Generous: the call must still be up when the test ends it, however loaded the machine.
    '--shutdown-deadline-ms',
    '60000',
  ];
}

describe('the callgate bin (compiled, plain node)', () => {
  test('serves /healthz, the console and the API document, runs no child process, and SIGTERM drains a call then exits 0', async () => {
    const server = await startProductionServer(process.execPath, [BIN, 'serve', ...serveFlags('bin')], {
      cwd: REPO_ROOT,
      env: userEnv(),
    });
    try {
      assert.equal(server.serverPid, server.child.pid, 'the bin is the server process itself');
      const health = await fetch(`http://127.0.0.1:${server.httpPort}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'ok');
      const page = await fetch(`http://127.0.0.1:${server.httpPort}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/, 'the built console, found from the bundle');
      assert.deepEqual(childPids(server.serverPid), [], 'no child process (no esbuild service)');
      const openapi = await fetch(`http://127.0.0.1:${server.httpPort}/api/openapi.json`);
      assert.equal(openapi.status, 200);
      assert.equal(((await openapi.json()) as { openapi: string }).openapi, '3.1.0');

      const call = await agentInConference(server);
      server.child.kill('SIGTERM');
      await server.waitForStderr(/stopping with 1 active calls/);
      assert.equal(server.child.exitCode, null, 'the server waits for the call in progress');
      call.hangup();
      const recording = await call.done;
      assert.deepEqual(
        recording.apps.map((a) => a.name),
        ['ConfBridge'],
      );
      assert.equal(await server.exited(), 0);
      assert.match(server.stderr(), /"msg":"stopped"/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

describe('npm start', () => {
  test('SIGTERM to the npm process reaches the server: the call finishes, the server and npm exit, nothing is left', async () => {
    const server = await startProductionServer('npm', ['start', '--', ...serveFlags('npm-start')], {
      cwd: REPO_ROOT,
      env: userEnv(),
    });
    try {
      assert.notEqual(server.serverPid, server.child.pid, 'npm runs in front of the server');
      assert.ok(isAlive(server.serverPid));
      const call = await agentInConference(server);

      server.child.kill('SIGTERM');
      await server.waitForStderr(/stopping with 1 active calls/);
      assert.ok(isAlive(server.serverPid), 'the server drains rather than dies');
      call.hangup();
      const recording = await call.done;
      assert.equal(recording.hungUpBy, 'caller');
      await server.exited();
      assert.match(server.stderr(), /"msg":"stopped"/, 'the server stopped cleanly');
      // npm waited for the server, so by now it is gone too: nothing orphaned, nothing answering.
      assert.equal(isAlive(server.serverPid), false, 'no orphaned server');
      assert.equal(await httpAnswers(server.httpPort), false);
    } finally {
      server.child.kill('SIGKILL');
      if (isAlive(server.serverPid)) process.kill(server.serverPid, 'SIGKILL');
    }
  });
});
