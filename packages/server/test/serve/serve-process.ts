// A `callgate serve` child process for tests: output captured, exit awaited with a safety kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./fixtures/serve-entry.ts', import.meta.url));
/** What `npm start` runs: the real CLI entry, `callgate serve`. */
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * How long a start or an exit may take by default. Not what these tests measure: generous, since
 * a server started through tsx on a 2-CPU machine at load average 30 took more than 15 s.
 */
const SLOW_MACHINE_MS = 120_000;

export interface ServeProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) ; kills the child after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | string>;
  /** Resolves with the first stdout match of `pattern`. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/**
 * Starts `callgate serve` with `args`. By default through the test entry (which adds the
 * `serve-test/slow` route and prints the bound ports); `{ viaMain: true }` runs the real CLI.
 */
export function startServeProcess(
  args: string[],
  env: Record<string, string> = {},
  options: { viaMain?: boolean } = {},
): ServeProcess {
  // Only what the child needs: a developer's own CALLGATE_* variables must not leak into tests.
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('CALLGATE_') && v !== undefined) baseEnv[k] = v;
  const entry = options.viaMain ? [MAIN, 'serve'] : [ENTRY];
  const child = spawn(process.execPath, ['--import', 'tsx', ...entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...baseEnv, CALLGATE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const exit = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async exited(timeoutMs = SLOW_MACHINE_MS) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
    waitForStdout(pattern, timeoutMs = SLOW_MACHINE_MS) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = out.match(pattern);
          if (!m) return false;
          cleanup();
          resolve(m);
          return true;
        };
        const onExit = () => {
          if (!check()) {
            cleanup();
            reject(new Error(`serve exited before printing ${pattern}; stderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; stderr:\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.off('exit', onExit);
        };
        if (check()) return;
        child.stdout?.on('data', check);
        child.on('exit', onExit);
      });
    },
  };
}
