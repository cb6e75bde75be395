// FastAGI speed and memory of @callgate/agi against Node's floor, a bare net.Socket server
// (bare-socket-server.mjs), under agiload. Each runs on one CPU and the load generator on the
// other; the two servers alternate round by round in one run, and the report compares medians,
// since absolute figures move with whatever else the machine runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  cpuMicrosOf,
  freePort,
  median,
  openFilesOf,
  PINNING,
  pidOf,
  pinned,
  rssOf,
  sleep,
  start,
  stop,
  waitForPort,
} from './bench-process.ts';
import { type LoadGenerator, type LoadResult, loadGenerator } from './load-generator.ts';

export interface FastAgiOptions {
  rounds: number;
  seconds: number;
  conns: number;
  held: number;
}

type Kind = 'floor' | 'agi';
const SERVERS: Record<Kind, { label: string; script: string }> = {
  floor: {
    label: 'bare socket',
    script: fileURLToPath(new URL('./bare-socket-server.mjs', import.meta.url)),
  },
  agi: { label: '@callgate/agi', script: fileURLToPath(new URL('./agi-server.mjs', import.meta.url)) },
};
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const WARM_UP_SECONDS = 2;

interface Round extends LoadResult {
  cpuMicrosPerSession: number;
}

async function startServer(kind: Kind): Promise<{ stop(): Promise<void>; pid: number; port: number }> {
  const port = await freePort();
  const [command, args] = pinned(SERVER_CPU, process.execPath, [SERVERS[kind].script, String(port)]);
  const child = start(command, args);
  await waitForPort(port, child);
  return { stop: () => stop(child), pid: pidOf(child), port };
}

async function throughput(kind: Kind, load: LoadGenerator, options: FastAgiOptions): Promise<Round> {
  const server = await startServer(kind);
  try {
    // Both servers run optimised code before the measured part starts.
    await load.load(server.port, options.conns, WARM_UP_SECONDS, LOAD_CPU);
    const cpuBefore = cpuMicrosOf(server.pid);
    const result = await load.load(server.port, options.conns, options.seconds, LOAD_CPU);
    const cpu = cpuMicrosOf(server.pid) - cpuBefore;
    return { ...result, cpuMicrosPerSession: cpu / Math.max(1, result.sessions) };
  } finally {
    await server.stop();
  }
}

/**
 * RSS growth per session held in its first command (ANSWER, never answered), from a fresh
 * server: the resident memory a call costs while Asterisk keeps it waiting in the AGI.
 */
async function memoryPerHeld(
  kind: Kind,
  load: LoadGenerator,
  options: FastAgiOptions,
): Promise<{ bytesPerSession: number; served: number }> {
  const server = await startServer(kind);
  try {
    await sleep(500);
    const before = rssOf(server.pid);
    const filesBefore = openFilesOf(server.pid);
    const holdSeconds = 6;
    const held = load.hold(server.port, options.held, holdSeconds, LOAD_CPU);
    // Every session accepted (one socket each), then a moment for each to get its first command.
    const deadline = Date.now() + (holdSeconds - 2) * 1000;
    while (openFilesOf(server.pid) < filesBefore + options.held && Date.now() < deadline) await sleep(50);
    await sleep(500);
    const during = rssOf(server.pid);
    const result = await held;
    return { bytesPerSession: (during - before) / options.held, served: result.served_first_command };
  } finally {
    await server.stop();
  }
}

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const row = (cells: string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(15))).join('');

export async function runFastAgiBench(options: FastAgiOptions): Promise<boolean> {
  if (!existsSync(fileURLToPath(new URL('../packages/agi/dist/index.js', import.meta.url)))) {
    throw new Error(
      'packages/agi/dist is missing: run "npm run build" first (the bench runs the compiled package)',
    );
  }
  const load = loadGenerator();
  console.log(
    `FastAGI: ${options.rounds} alternating rounds of ${options.seconds} s, ${options.conns} connections`,
  );
  console.log(`  load generator: ${load.description}`);
  console.log(
    PINNING
      ? `  taskset: each server on CPU ${SERVER_CPU}, the load generator on CPU ${LOAD_CPU}`
      : '  taskset is not available (or one CPU): server and load generator share the CPUs',
  );
  const rounds: Record<Kind, Round[]> = { floor: [], agi: [] };
  for (let round = 1; round <= options.rounds; round++) {
    for (const kind of ['floor', 'agi'] as const) rounds[kind].push(await throughput(kind, load, options));
    const [floor, agi] = [rounds.floor.at(-1)!, rounds.agi.at(-1)!];
    console.log(
      `  round ${round}: bare socket ${n(floor.sessions_per_s)}/s, @callgate/agi ${n(agi.sessions_per_s)}/s ` +
        `(${n(agi.sessions_per_s / floor.sessions_per_s, 2)}×); p99 ${n(floor.cmd_us_p99)} / ${n(agi.cmd_us_p99)} µs`,
    );
  }
  const memory = {
    floor: await memoryPerHeld('floor', load, options),
    agi: await memoryPerHeld('agi', load, options),
  };

  const med = (kind: Kind, pick: (r: Round) => number) => median(rounds[kind].map(pick));
  const figures = [
    ['sessions/s (median)', (r: Round) => r.sessions_per_s, 0],
    ['commands/s (median)', (r: Round) => r.commands_per_s, 0],
    ['p50 per command (µs)', (r: Round) => r.cmd_us_p50, 0],
    ['p99 per command (µs)', (r: Round) => r.cmd_us_p99, 0],
    ['server CPU per session (µs)', (r: Round) => r.cpuMicrosPerSession, 0],
    ['failed sessions (median)', (r: Round) => r.errors, 0],
  ] as const;
  console.log(row(['', 'bare socket', '@callgate/agi', 'ratio']));
  for (const [label, pick, digits] of figures) {
    const [floor, agi] = [med('floor', pick), med('agi', pick)];
    console.log(row([label, n(floor, digits), n(agi, digits), floor > 0 ? `${n(agi / floor, 2)}×` : '']));
  }
  console.log(
    row([
      `RSS per held session (bytes)`,
      n(memory.floor.bytesPerSession),
      n(memory.agi.bytesPerSession),
      `${n(memory.agi.bytesPerSession / memory.floor.bytesPerSession, 2)}×`,
    ]),
  );
  console.log(row(['held sessions served', n(memory.floor.served), n(memory.agi.served), '']));

  const speed = med('agi', (r) => r.sessions_per_s) / med('floor', (r) => r.sessions_per_s);
  const p99 = med('agi', (r) => r.cmd_us_p99) / med('floor', (r) => r.cmd_us_p99);
  const verdicts: [string, boolean][] = [
    [`sessions/s ≥ 0.9× the bare socket's (ratio of medians: ${n(speed, 2)}×)`, speed >= 0.9],
    [`p99 per command ≤ 1.2× the bare socket's (${n(p99, 2)}×)`, p99 <= 1.2],
    [
      `RSS per held session ≤ 6 KB (${n(memory.agi.bytesPerSession / 1024, 1)} KB)`,
      memory.agi.bytesPerSession <= 6 * 1024,
    ],
    [`all ${n(options.held)} held sessions served`, memory.agi.served === options.held],
  ];
  for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
  return verdicts.every(([, ok]) => ok);
}
