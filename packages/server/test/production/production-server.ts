// The compiled server as production runs it (the bin, `npm start`, the systemd unit's ExecStart),
// started the way an operator's tool starts it: plain node, no tsx, no test entry. Needs
// `npm run build` first (the test command builds before any test runs).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SimulatedCall, startCall } from '@callgate/agi/testing';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/callgate.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/bundle/callgate.mjs', import.meta.url));

/**
 * The environment of a user's shell: no `@callgate/source` condition or tsx from the test runner's
 * NODE_OPTIONS, no npm_* settings of the `npm test` around us, no developer's CALLGATE_* settings.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || name.startsWith('CALLGATE_') || name.toLowerCase().startsWith('npm_'))
      continue;
    env[name] = value;
  }
  return { ...env, CALLGATE_LOG_LEVEL: 'info', ...extra };
}

export function assertBuilt(): void {
  assert.ok(
    existsSync(BUNDLE),
    'the server bundle is missing: run "npm run build" (npm test builds it first)',
  );
}

export interface ProductionServer {
  readonly child: ChildProcess;
  readonly agiPort: number;
  readonly httpPort: number;
  /** The server's own process id, from its log lines (the child may be npm in front of it). */
  readonly serverPid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the child's exit code (or signal name); kills it after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | string>;
  /** Resolves once stderr matches `pattern`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts `command args` and waits for the banner's ports and the first log line with a pid. */
export async function startProductionServer(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProductionServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of changed) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    notify();
  });
  const exit = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      notify();
    });
  });

  const until = (what: string, done: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) {
          finish();
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          finish();
          reject(new Error(`exited before ${what}; stdout:\n${out}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out waiting for ${what}; stdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        changed.delete(check);
      };
      changed.add(check);
      check();
    });

  const bannerPattern =
    /Web console {3}http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*FastAGI {7}agi:\/\/127\.0\.0\.1:(\d+)/;
  const pidPattern = /"pid":(\d+)/;
  // A slow start on a loaded machine is not what these tests are about.
  await until('the startup banner', () => bannerPattern.test(out) && pidPattern.test(err), 60_000);
  const [, httpPort, agiPort] = out.match(bannerPattern)!;
  const [, serverPid] = err.match(pidPattern)!;

  return {
    child,
    agiPort: Number(agiPort),
    httpPort: Number(httpPort),
    serverPid: Number(serverPid),
    stdout: () => out,
    stderr: () => err,
    async exited(timeoutMs = 30_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
    waitForStderr: (pattern, timeoutMs = 30_000) =>
      until(`stderr to match ${pattern}`, () => pattern.test(err), timeoutMs),
  };
}

/** Whether a process with this id is still alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The ids of the process's direct children (Linux). */
export function childPids(pid: number): number[] {
  const path = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number);
}

/**
 * A call in progress, as at shift time: demo agent 1001 opens a dial-in session in the console,
 * dials in, and sits in the session's conference (ConfBridge runs until the call hangs up).
 */
export async function agentInConference(server: ProductionServer): Promise<SimulatedCall> {
  const base = `http://127.0.0.1:${server.httpPort}`;
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: '1001', password: 'alice-1001' }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  // The session cookie (the browser's device cookie comes with it).
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('callgate_sid=')) ?? '').split(
    ';',
  )[0]!;
  const started = await fetch(`${base}/api/agent/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ interface: 'dialin' }),
  });
  assert.equal(started.status, 201, await started.text());
  const call = startCall({
    url: `agi://127.0.0.1:${server.agiPort}/agent-dial-in`,
    callerId: '5551234',
    caller: [{ keys: '1001#4321#' }],
  });
  await call.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
  return call;
}

/** Whether anything still answers on the HTTP port. */
export async function httpAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    await res.text();
    return true;
  } catch {
    return false;
  }
}
