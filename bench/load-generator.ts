import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { environmentBlock, replyFor } from './agi-workload.ts';

/**
 * Plays Asterisk over loopback: each virtual call connects, sends the environment, answers every
 * command at once with Asterisk's reply, and ends when the server closes. The latency of a command
 * is the server's turnaround: from the moment our previous bytes (environment or reply) were
 * written to the moment the command arrived.
 */
export interface LoadResult {
  readonly sessions: number;
  readonly failed: number;
  readonly commands: number;
  readonly elapsedMs: number;
  /** Per-command turnaround in milliseconds, unsorted. */
  readonly latenciesMs: Float64Array;
}

export function runLoad(options: {
  port: number;
  sessions: number;
  concurrency: number;
  script?: string;
}): Promise<LoadResult> {
  const { port, sessions, concurrency, script = 'bench' } = options;
  const latencies = new Float64Array(sessions * 8);
  let commands = 0;
  let started = 0;
  let finished = 0;
  let failed = 0;
  const t0 = performance.now();

  return new Promise((resolve) => {
    const startOne = (): void => {
      const n = started++;
      const socket = connect({ port, host: '127.0.0.1', noDelay: true });
      let buffered = '';
      let lastWrite = 0;
      let sawCommand = false;
      socket.setEncoding('latin1');
      socket.on('connect', () => {
        socket.write(environmentBlock(n, script));
        lastWrite = performance.now();
      });
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl !== -1) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const now = performance.now();
          if (commands < latencies.length) latencies[commands] = now - lastWrite;
          commands++;
          sawCommand = true;
          socket.write(replyFor(line));
          lastWrite = performance.now();
          nl = buffered.indexOf('\n');
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        if (!sawCommand) failed++;
        finished++;
        if (started < sessions) startOne();
        else if (finished === sessions) {
          resolve({
            sessions,
            failed,
            commands,
            elapsedMs: performance.now() - t0,
            latenciesMs: latencies.subarray(0, Math.min(commands, latencies.length)),
          });
        }
      });
    };
    for (let i = 0; i < Math.min(concurrency, sessions); i++) startOne();
  });
}

/** Held calls: connected, environment sent, sitting in a command Asterisk has not answered. */
export interface HeldCalls {
  readonly held: number;
  close(): Promise<void>;
}

/**
 * Opens `count` calls in batches and resolves once each has received its first command (so the
 * server holds a live session for each), or has been closed by the server.
 */
export async function holdCalls(options: { port: number; count: number; batch: number }): Promise<HeldCalls> {
  const sockets: Socket[] = [];
  let held = 0;
  for (let first = 0; first < options.count; first += options.batch) {
    const size = Math.min(options.batch, options.count - first);
    const batch: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      batch.push(
        new Promise<void>((resolve) => {
          const socket = connect({ port: options.port, host: '127.0.0.1' });
          sockets.push(socket);
          socket.on('connect', () => socket.write(environmentBlock(first + i)));
          socket.once('data', () => {
            held++;
            resolve();
          });
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
        }),
      );
    }
    await Promise.all(batch);
  }
  return {
    held,
    async close() {
      await Promise.all(
        sockets.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.destroyed) return resolve();
              s.once('close', () => resolve());
              s.destroy();
            }),
        ),
      );
    },
  };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}
