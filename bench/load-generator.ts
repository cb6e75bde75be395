// The load generator: agiload (bench/agiload.c, C, epoll, one thread), built with this machine's
// gcc into bench/.build/, so it never becomes the bottleneck. Without gcc, node-agiload.ts plays
// the same protocol and prints the same JSON line, slower: the run says so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { output, pinned } from './bench-process.ts';

const SOURCE = fileURLToPath(new URL('./agiload.c', import.meta.url));
const BUILD_DIR = fileURLToPath(new URL('./.build/', import.meta.url));
const BINARY = `${BUILD_DIR}agiload`;
const NODE_FALLBACK = fileURLToPath(new URL('./node-agiload.ts', import.meta.url));

export interface LoadResult {
  mode: 'load';
  sessions: number;
  sessions_per_s: number;
  commands_per_s: number;
  cmd_us_p50: number;
  cmd_us_p99: number;
  session_us_p99: number;
  errors: number;
}

export interface HoldResult {
  mode: 'hold';
  opened: number;
  served_first_command: number;
  errors: number;
}

export interface LoadGenerator {
  /** How it was made, for the report. */
  readonly description: string;
  /** Closed loop: `conns` sessions at once for `seconds`, on the CPU given. */
  load(port: number, conns: number, seconds: number, cpu: number): Promise<LoadResult>;
  /** Opens `sessions` sessions and answers nothing for `seconds`. */
  hold(port: number, sessions: number, seconds: number, cpu: number): Promise<HoldResult>;
}

function buildAgiload(): string | undefined {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  if (spawnSync('gcc', ['--version']).status !== 0) return undefined;
  mkdirSync(BUILD_DIR, { recursive: true });
  const built = spawnSync('gcc', ['-O2', '-o', BINARY, SOURCE], { stdio: 'inherit' });
  return built.status === 0 ? BINARY : undefined;
}

export function loadGenerator(): LoadGenerator {
  const binary = buildAgiload();
  const [command, baseArgs, description] = binary
    ? [binary, [], 'agiload (bench/agiload.c, built with gcc -O2)']
    : [
        process.execPath,
        ['--import', 'tsx', NODE_FALLBACK],
        'node-agiload.ts: gcc was not found, so the C load generator could not be built. This one ' +
          'competes with the servers for CPU and squeezes the ratios towards 1: install gcc and run again',
      ];
  const run = async (cpu: number, args: string[]) => {
    const [cmd, argv] = pinned(cpu, command, [...baseArgs, ...args]);
    return JSON.parse((await output(cmd, argv)).trim().split('\n').at(-1)!);
  };
  return {
    description,
    load: (port, conns, seconds, cpu) =>
      run(cpu, ['-p', String(port), '-c', String(conns), '-d', String(seconds), '-s', '/bench']),
    hold: (port, sessions, seconds, cpu) =>
      run(cpu, ['-p', String(port), '-H', String(sessions), '-d', String(seconds), '-s', '/bench']),
  };
}
