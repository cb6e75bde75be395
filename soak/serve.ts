/**
 * `callgate serve` as the scenarios run it: the real CLI in its own process, on a fresh SQLite
 * file with the demo data, ports chosen by the system and read from the banner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServeProcess } from '../packages/server/test/serve/serve-process.ts';

export interface SoakServer {
  /** The store it runs on (pass it to another startSoakServer for a second node). */
  readonly db: string;
  readonly agiPort: number;
  readonly httpPort: number;
  /** `/metrics`, parsed: `name{labels}` → value. */
  metrics(): Promise<Map<string, number>>;
  /** The process's structured log so far (stderr). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts a server on a fresh SQLite file, or on `db` (a database another server of the scenario
 * already uses: several nodes on one store).
 */
export async function startSoakServer(args: readonly string[] = [], db?: string): Promise<SoakServer> {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-soak-'));
  const serve = startServeProcess(
    ['--db', db ?? `sqlite:${join(dir, 'soak.sqlite')}`, '--agi-port', '0', '--http-port', '0', ...args],
    { CALLGATE_LOG_LEVEL: 'warn' },
    { viaMain: true },
  );
  try {
    const [, http = ''] = await serve.waitForStdout(/Web console {3}http:\/\/[^:]+:(\d+)\//, 60_000);
    const [, agi = ''] = await serve.waitForStdout(/FastAGI {7}agi:\/\/[^\s]*:(\d+)/, 60_000);
    const httpPort = Number(http);
    return {
      db: db ?? `sqlite:${join(dir, 'soak.sqlite')}`,
      agiPort: Number(agi),
      httpPort,
      async metrics() {
        const res = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
        return parseMetrics(await res.text());
      },
      log: () => serve.stderr(),
      async stop() {
        serve.child.kill('SIGTERM');
        await serve.exited(30_000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    serve.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}
