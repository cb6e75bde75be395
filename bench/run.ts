// `npm run bench`: our FastAGI server against a plain net.Socket floor, same workload, same run.
// Loopback only, bounded duration (about a minute). Options: --sessions N (default 10000),
// --concurrency N (100), --held N (10000), --rounds N (5; medians are reported).
import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { holdCalls, percentile, runLoad } from './load-generator.ts';

type Kind = 'floor' | 'agi';
interface Heap {
  heapUsed: number;
  external: number;
  rss: number;
}
interface Measured {
  sessionsPerSec: number;
  commandsPerSec: number;
  p50: number;
  p99: number;
  failed: number;
  cpuPerSession: number;
  held: number;
  bytesPerHeld: number;
  rssPerHeld: number;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? Number.NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const SESSIONS = flag('sessions', 10_000);
const CONCURRENCY = flag('concurrency', 100);
const HELD = flag('held', 10_000);
const ROUNDS = flag('rounds', 5);
const TARGET = fileURLToPath(new URL('./target-process.ts', import.meta.url));

async function startTarget(kind: Kind, mode: 'run' | 'hold'): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(TARGET, [kind, mode], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { type: string; port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${kind} target exited with ${code}`)));
  });
  return { child, port };
}

function heapOf(child: ChildProcess): Promise<Heap> {
  return new Promise((resolve) => {
    child.once('message', (m: Heap) => resolve(m));
    child.send({ type: 'heap' });
  });
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { micros: number }) => resolve(m.micros));
    child.send({ type: 'cpu' });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'stop' });
  });
}

interface Throughput {
  sessionsPerSec: number;
  commandsPerSec: number;
  p50: number;
  p99: number;
  failed: number;
  cpuPerSession: number;
}

async function throughput(kind: Kind): Promise<Throughput> {
  const runner = await startTarget(kind, 'run');
  // Warm-up long enough for both targets to run optimized code before measuring.
  await runLoad({ port: runner.port, sessions: Math.min(4000, SESSIONS), concurrency: CONCURRENCY });
  const cpuBefore = await cpuOf(runner.child);
  const load = await runLoad({ port: runner.port, sessions: SESSIONS, concurrency: CONCURRENCY });
  const cpuMicros = (await cpuOf(runner.child)) - cpuBefore;
  await stop(runner.child);
  const sorted = load.latenciesMs.slice().sort();
  const seconds = load.elapsedMs / 1000;
  return {
    sessionsPerSec: (load.sessions - load.failed) / seconds,
    commandsPerSec: load.commands / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failed: load.failed,
    cpuPerSession: cpuMicros / load.sessions,
  };
}

async function memory(kind: Kind): Promise<Pick<Measured, 'held' | 'bytesPerHeld' | 'rssPerHeld'>> {
  const holder = await startTarget(kind, 'hold');
  // Warm the code paths first, so the baseline already holds compiled code and pools.
  const warm = await holdCalls({ port: holder.port, count: 200, batch: 200 });
  await warm.close();
  await new Promise((r) => setTimeout(r, 200));
  const before = await heapOf(holder.child);
  const held = await holdCalls({ port: holder.port, count: HELD, batch: 500 });
  const after = await heapOf(holder.child);
  await held.close();
  await stop(holder.child);
  return {
    held: held.held,
    bytesPerHeld:
      (after.heapUsed + after.external - before.heapUsed - before.external) / Math.max(1, held.held),
    rssPerHeld: (after.rss - before.rss) / Math.max(1, held.held),
  };
}

/**
 * Throughput rounds alternate floor and server back to back; each pair gives one ratio. The
 * machine may be busy with other work, so the median round of each target and the median paired
 * ratio are reported rather than a single run.
 */
async function measure(): Promise<{ floor: Measured; agi: Measured; pairedRatio: number }> {
  const rounds: Record<Kind, Throughput[]> = { floor: [], agi: [] };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const floor = await throughput('floor');
    const agi = await throughput('agi');
    rounds.floor.push(floor);
    rounds.agi.push(agi);
    ratios.push(agi.sessionsPerSec / floor.sessionsPerSec);
    console.log(
      `  round ${round + 1}: floor ${Math.round(floor.sessionsPerSec)}/s, ` +
        `@callgate/agi ${Math.round(agi.sessionsPerSec)}/s (${ratios.at(-1)?.toFixed(2)}×)`,
    );
  }
  const median = <T>(items: T[], key: (t: T) => number): T =>
    items.slice().sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)] as T;
  return {
    floor: { ...median(rounds.floor, (t) => t.sessionsPerSec), ...(await memory('floor')) },
    agi: { ...median(rounds.agi, (t) => t.sessionsPerSec), ...(await memory('agi')) },
    pairedRatio: median(ratios, (r) => r),
  };
}

function row(label: string, floor: string, agi: string, ratio: string): string {
  return `${label.padEnd(34)}${floor.padStart(14)}${agi.padStart(14)}${ratio.padStart(10)}`;
}

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits });

// Sampled before the run: the benchmark's own two processes raise the load average to about 2.
const [loadBefore = 0] = loadavg();
console.log(
  `FastAGI benchmark: ${ROUNDS} paired rounds of ${SESSIONS} sessions of 6 commands at concurrency ${CONCURRENCY}; ${HELD} held sessions (loopback)`,
);
const { floor, agi, pairedRatio } = await measure();
console.log(row('', 'plain socket', '@callgate/agi', 'ratio'));
console.log(
  row(
    'sessions/s',
    n(floor.sessionsPerSec),
    n(agi.sessionsPerSec),
    n(agi.sessionsPerSec / floor.sessionsPerSec, 2),
  ),
);
console.log(
  row(
    'commands/s',
    n(floor.commandsPerSec),
    n(agi.commandsPerSec),
    n(agi.commandsPerSec / floor.commandsPerSec, 2),
  ),
);
console.log(row('per-command latency p50 (ms)', n(floor.p50, 3), n(agi.p50, 3), n(agi.p50 / floor.p50, 2)));
console.log(row('per-command latency p99 (ms)', n(floor.p99, 3), n(agi.p99, 3), n(agi.p99 / floor.p99, 2)));
console.log(
  row(
    'server CPU per session (µs)',
    n(floor.cpuPerSession),
    n(agi.cpuPerSession),
    n(agi.cpuPerSession / floor.cpuPerSession, 2),
  ),
);
console.log(row('failed sessions', n(floor.failed), n(agi.failed), ''));
console.log(row('held sessions', n(floor.held), n(agi.held), ''));
console.log(
  row(
    'JS heap+external per held (bytes)',
    n(floor.bytesPerHeld),
    n(agi.bytesPerHeld),
    n(agi.bytesPerHeld / floor.bytesPerHeld, 2),
  ),
);
console.log(row('RSS per held (bytes)', n(floor.rssPerHeld), n(agi.rssPerHeld), ''));
console.log(row('sessions/s, median paired ratio', '', '', n(pairedRatio, 2)));
const verdicts = [
  [`sessions/s ≥ 0.9× floor (median paired ratio)`, pairedRatio >= 0.9],
  [`≤ 6 KB per held session`, agi.bytesPerHeld <= 6 * 1024],
  [`${HELD} held sessions served`, agi.held === HELD],
] as const;
for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
if (loadBefore > availableParallelism() / 2) {
  console.log(
    `NOTE  load average ${loadBefore.toFixed(1)} on ${availableParallelism()} CPUs before the run: other work ` +
      'may have competed for the CPU, so sessions/s and latency are noisy; server CPU per session is the ' +
      'steadier comparison. The load generator and both servers share this machine: run it more than once.',
  );
}
