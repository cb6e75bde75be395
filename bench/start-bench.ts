// `callgate serve` as production starts it (the compiled bin, plain node, SQLite): time from spawn
// to the first 200 from /healthz, resident memory once idle, and that it runs no other process
// (no transpiler service). A bare node:http server is measured the same way, as the floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  childrenOf,
  cpuMicrosOf,
  freePort,
  median,
  pidOf,
  plainEnv,
  rssOf,
  sleep,
  start,
  stop,
} from './bench-process.ts';

const BIN = fileURLToPath(new URL('../packages/server/bin/callgate.mjs', import.meta.url));
const BARE_HTTP =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')";

export interface StartOptions {
  starts: number;
  idleSeconds: number;
}

interface Start {
  healthyMs: number;
  /** CPU time the server used until then: steadier than the wall time on a busy machine. */
  cpuMs: number;
  idleRss: number;
  children: number[];
}

async function firstHealthy(
  port: number,
  path: string,
  started: number,
  exited: () => boolean,
): Promise<number> {
  while (Date.now() - started < 60_000) {
    if (exited()) throw new Error('the server exited before answering');
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.text();
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`no 200 from ${path} within 60 s`);
}

/** What `npm start` and the systemd unit add to the environment (see deploy/systemd/callgate.service). */
const PRODUCTION_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

async function measure(
  command: string,
  args: string[],
  port: number,
  path: string,
  idleSeconds: number,
  env: NodeJS.ProcessEnv = {},
) {
  const started = Date.now();
  const child = start(command, args, { ...plainEnv(), ...env });
  try {
    const healthyMs = await firstHealthy(port, path, started, () => child.exitCode !== null);
    const pid = pidOf(child);
    const cpuMs = Math.round(cpuMicrosOf(pid) / 1000);
    await sleep(idleSeconds * 1000);
    return { healthyMs, cpuMs, idleRss: rssOf(pid), children: childrenOf(pid) };
  } finally {
    await stop(child);
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function runStartBench(options: StartOptions): Promise<boolean> {
  const tmp = mkdtempSync(join(tmpdir(), 'callgate-start-bench-'));
  try {
    console.log(
      `callgate serve start: the compiled bin on SQLite, with the environment npm start sets, ${options.starts} starts each; idle RSS ${options.idleSeconds} s after /healthz answered`,
    );
    const serve = async (db: string): Promise<Start> => {
      const port = await freePort();
      return measure(
        process.execPath,
        [
          BIN,
          'serve',
          '--db',
          `sqlite:${db}`,
          '--http-port',
          String(port),
          '--agi-port',
          '0',
          '--log-level',
          'warn',
        ],
        port,
        '/healthz',
        options.idleSeconds,
        PRODUCTION_ENV,
      );
    };
    const fresh: Start[] = [];
    const again: Start[] = [];
    for (let i = 0; i < options.starts; i++) {
      const db = join(tmp, `start-${i}.sqlite`);
      fresh.push(await serve(db)); // an empty database: migrations and demo data
      again.push(await serve(db)); // the same database, as every later start
    }
    const barePort = await freePort();
    const bare = await measure(
      process.execPath,
      ['-e', BARE_HTTP, String(barePort)],
      barePort,
      '/',
      options.idleSeconds,
    );

    const report = (label: string, starts: Start[]) =>
      console.log(
        `  ${label.padEnd(34)}/healthz after ${median(starts.map((s) => s.healthyMs))} ms ` +
          `(${starts.map((s) => s.healthyMs).join(', ')}), CPU ${median(starts.map((s) => s.cpuMs))} ms, ` +
          `idle RSS ${mb(median(starts.map((s) => s.idleRss)))}, ` +
          `child processes: ${Math.max(...starts.map((s) => s.children.length))}`,
      );
    // The first start also migrates and seeds the demo data, which hashes five passwords and PINs
    // with scrypt (16 MiB and tens of ms each): slower; the environment npm start and the unit set
    // (PRODUCTION_ENV) keeps glibc from holding on to that memory.
    report('first start (migrate, seed)', fresh);
    report('start on an existing database', again);
    console.log(
      `  ${'bare node:http server'.padEnd(34)}answers after ${bare.healthyMs} ms, CPU ${bare.cpuMs} ms, idle RSS ${mb(bare.idleRss)}`,
    );

    const verdicts: [string, boolean][] = [];
    for (const [label, starts] of [
      ['existing database', again],
      ['first start', fresh],
    ] as const) {
      const healthy = median(starts.map((s) => s.healthyMs));
      const rss = Math.max(...starts.map((s) => s.idleRss));
      verdicts.push(
        [`${label}: /healthz within 1 s of start (median ${healthy} ms)`, healthy <= 1000],
        [`${label}: idle RSS under 100 MB (largest ${mb(rss)})`, rss < 100 * 1024 * 1024],
      );
    }
    verdicts.push(['no child process', [...fresh, ...again].every((s) => s.children.length === 0)]);
    for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
    return verdicts.every(([, ok]) => ok);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
