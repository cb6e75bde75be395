import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simulateCall } from '@callgate/agi/testing';

const SCRIPT = fileURLToPath(new URL('./fixtures/stdio-agi-script.ts', import.meta.url));

/** The environment Asterisk sends a standard AGI (no agi_network lines; agi_request is the path). */
function stdioEnvironment(args: readonly string[], enhanced = false): string {
  const lines = [
    'agi_request: /var/lib/asterisk/agi-bin/probe.ts',
    'agi_channel: PJSIP/2001-00000001',
    'agi_language: en',
    'agi_type: PJSIP',
    'agi_uniqueid: 1795342851.80',
    'agi_version: 22.10.1',
    'agi_callerid: 5551234',
    'agi_calleridname: Probe Caller',
    'agi_callingpres: 0',
    'agi_callingani2: 0',
    'agi_callington: 0',
    'agi_callingtns: 0',
    'agi_dnid: unknown',
    'agi_rdnis: unknown',
    'agi_context: default',
    'agi_extension: 2345',
    'agi_priority: 1',
    `agi_enhanced: ${enhanced ? '1.0' : '0.0'}`,
    'agi_accountcode: ',
    'agi_threadid: 139767221229248',
    ...args.map((a, i) => `agi_arg_${i + 1}: ${a}`),
  ];
  return `${lines.join('\n')}\n\n`;
}

const running = new Set<ChildProcess>();

// A failed assertion must not leave a child process (and this test file) hanging.
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** Plays Asterisk to a real child process over pipes, the way res_agi runs a local script. */
class StdioPeer {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #lines: string[] = [];
  #waiter: ((line: string | null) => void) | undefined;
  #closed = false;

  constructor(args: readonly string[], options: { fd3?: boolean } = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
      stdio: ['pipe', 'pipe', 'pipe', ...(options.fd3 ? (['pipe'] as const) : [])],
    });
    running.add(this.child);
    this.child.once('exit', () => running.delete(this.child));
    let partial = '';
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.stdout += chunk;
      partial += chunk;
      for (let nl = partial.indexOf('\n'); nl !== -1; nl = partial.indexOf('\n')) {
        this.#push(partial.slice(0, nl));
        partial = partial.slice(nl + 1);
      }
    });
    this.child.stdout!.on('close', () => {
      this.#closed = true;
      this.#waiter?.(null);
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.child.stdin!.on('error', () => {});
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  #push(line: string): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter(line);
    else this.#lines.push(line);
  }

  nextLine(): Promise<string | null> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  /** As Asterisk: when the script is done it closes the pipe. */
  end(): void {
    this.child.stdin!.end();
  }
}

describe('runStdioAgi in a real child process', () => {
  test('only AGI lines reach stdout; console output goes to stderr; exit code 0', async () => {
    const peer = new StdioPeer(['plain']);
    peer.write(stdioEnvironment(['plain']));
    assert.equal(await peer.nextLine(), 'VERBOSE "var/lib/asterisk/agi-bin/probe.ts plain" 1');
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), null);
    const { code, signal } = await peer.exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    assert.equal(peer.stdout, 'VERBOSE "var/lib/asterisk/agi-bin/probe.ts plain" 1\n');
    for (const noise of [
      'startup noise on console.log',
      'handler noise',
      'info noise',
      'direct stdout noise',
    ]) {
      assert.ok(peer.stderr.includes(noise), `stderr lacks ${noise}`);
    }
  });

  test('SIGHUP marks the call hung up instead of killing the process, even during cleanup', async () => {
    const peer = new StdioPeer(['sighup']);
    peer.write(stdioEnvironment(['sighup']));
    assert.match((await peer.nextLine()) ?? '', /^VERBOSE/);
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), 'STREAM FILE "long-prompt" ""');
    // SIGHUP and `200 result=-1` can arrive in either order; here the signal comes first.
    peer.child.kill('SIGHUP');
    peer.write('200 result=-1 endpos=1600\n');
    // More SIGHUPs during the 100 ms cleanup (not during process teardown, where no process can
    // keep a handler installed).
    const pounding = setInterval(() => peer.child.kill('SIGHUP'), 10);
    try {
      assert.equal(await peer.nextLine(), 'SET VARIABLE CLEANUP "done"');
    } finally {
      clearInterval(pounding);
    }
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), null);
    const { code, signal } = await peer.exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  });

  test('a handler that throws closes the session and exits 1 (AGISTATUS=FAILURE)', async () => {
    const peer = new StdioPeer(['throw']);
    peer.write(stdioEnvironment(['throw']));
    assert.match((await peer.nextLine()) ?? '', /^VERBOSE/);
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), null);
    assert.equal((await peer.exited).code, 1);
  });

  test('a bad environment exits 1 without writing a command', async () => {
    const peer = new StdioPeer(['plain']);
    peer.write('this is not an AGI environment\n\n');
    assert.equal(await peer.nextLine(), null);
    assert.equal((await peer.exited).code, 1);
    assert.equal(peer.stdout, '');
  });

  test('EAGI: the caller audio on fd 3 is a readable stream', async () => {
    const peer = new StdioPeer(['audio'], { fd3: true });
    peer.write(stdioEnvironment(['audio'], true));
    assert.match((await peer.nextLine()) ?? '', /^VERBOSE/);
    peer.write('200 result=1\n');
    const audio = peer.child.stdio[3] as NodeJS.WritableStream;
    audio.write(Buffer.alloc(1600, 1));
    audio.write(Buffer.alloc(1600, 2));
    assert.equal(await peer.nextLine(), 'SET VARIABLE AUDIO 3200');
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), null);
    assert.equal((await peer.exited).code, 0);
  });

  test('no audio stream when fd 3 is not passed, even for an enhanced call', async () => {
    const peer = new StdioPeer(['audio']);
    peer.write(stdioEnvironment(['audio'], true));
    assert.match((await peer.nextLine()) ?? '', /^VERBOSE/);
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), 'SET VARIABLE AUDIO "none"');
    peer.write('200 result=1\n');
    assert.equal(await peer.nextLine(), null);
    assert.equal((await peer.exited).code, 0);
  });

  test('against the simulated Asterisk: a hangup mid-prompt sends SIGHUP, cleanup still runs', async () => {
    const recording = await simulateCall({
      spawn: { command: process.execPath, args: ['--import', 'tsx', SCRIPT] },
      args: ['sighup'],
      sounds: { extra: ['long-prompt'] },
      caller: [{ hangup: true, at: { prompt: 'long-prompt', afterMs: 200 } }],
    });
    assert.equal(recording.hungUpBy, 'caller');
    assert.equal(recording.variables.CLEANUP, 'done');
    assert.equal(recording.endReason, 'process-exited');
    assert.equal(recording.agiStatus, 'HANGUP');
  });
});
