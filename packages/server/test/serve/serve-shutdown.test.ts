import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { simulateCall, startCall } from '@callgate/agi/testing';
import { startServeProcess } from './serve-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'callgate-serve-stop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function serveArgs(name: string, deadlineMs: number): string[] {
  return [
    '--db',
    `sqlite:${join(tmp, `${name}.sqlite`)}`,
    '--agi-port',
    '0',
    '--http-port',
    '0',
    '--shutdown-deadline-ms',
    String(deadlineMs),
  ];
}

describe('callgate serve: graceful shutdown on SIGTERM (child process)', () => {
  test('a call in progress finishes, new calls are refused, then exit 0', async () => {
    const serve = startServeProcess(serveArgs('finish', 10000), { SLOW_CALL_MS: '1000' });
    try {
      const [, agiPort] = await serve.waitForStdout(/TEST-PORTS agi=(\d+) http=(\d+)/);
      const call = startCall({ url: `agi://127.0.0.1:${agiPort}/serve-test/slow` });
      await call.waitFor((e) => e.type === 'command' && e.line.startsWith('ANSWER'));
      serve.child.kill('SIGTERM');
      // Stopping is logged before the listener closes; once we read it, new calls must be refused.
      for (let i = 0; i < 300 && !/stopping with 1 active calls/.test(serve.stderr()); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.match(serve.stderr(), /stopping with 1 active calls/);
      const refused = await simulateCall({
        url: `agi://127.0.0.1:${agiPort}/serve-test/slow`,
        connectTimeoutMs: 500,
      });
      assert.equal(refused.agiStatus, 'FAILURE');

      const recording = await call.done;
      assert.equal(recording.agiStatus, 'SUCCESS');
      assert.ok(
        recording.transcript.some((l) => l.from === 'app' && /^VERBOSE "?done/.test(l.line)),
        'the call ran to its end',
      );
      assert.equal(await serve.exited(), 0);
      assert.match(serve.stderr(), /"msg":"stopped"/);
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  test('a call that outlives the deadline is cut and the process still exits 0', async () => {
    const serve = startServeProcess(serveArgs('cut', 200), { SLOW_CALL_MS: '60000' });
    try {
      const [, agiPort] = await serve.waitForStdout(/TEST-PORTS agi=(\d+) http=(\d+)/);
      const call = startCall({ url: `agi://127.0.0.1:${agiPort}/serve-test/slow` });
      await call.waitFor((e) => e.type === 'command' && e.line.startsWith('ANSWER'));
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited(5000), 0);
      const recording = await call.done;
      assert.ok(
        !recording.transcript.some((l) => l.from === 'app' && /^VERBOSE "?done/.test(l.line)),
        'the call was cut before its end',
      );
    } finally {
      serve.child.kill('SIGKILL');
    }
  });
});

describe('callgate serve through the CLI entry (what npm start runs)', () => {
  test('honours CALLGATE_* variables, serves /healthz, stops on SIGINT with exit 0', async () => {
    const serve = startServeProcess(
      [],
      {
        CALLGATE_DB: `sqlite:${join(tmp, 'main.sqlite')}`,
        CALLGATE_AGI_PORT: '0',
        CALLGATE_HTTP_PORT: '0',
        CALLGATE_SEED: 'false',
        CALLGATE_DIALIN_NUMBER: '7777',
      },
      { viaMain: true },
    );
    try {
      const [, httpPort] = await serve.waitForStdout(/Web console {3}http:\/\/127\.0\.0\.1:(\d+)\//);
      assert.match(serve.stdout(), /exten => 7777,1,Answer\(\)/);
      assert.doesNotMatch(serve.stdout(), /Demo logins/);
      const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      assert.equal(res.status, 200);
      await res.text();
      serve.child.kill('SIGINT');
      assert.equal(await serve.exited(), 0);
      assert.match(serve.stderr(), /stopping with 0 active calls/);
    } finally {
      serve.child.kill('SIGKILL');
    }
  });
});
