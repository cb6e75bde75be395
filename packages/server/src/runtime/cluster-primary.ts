/**
 * `callgate serve --workers N`: the primary process of a node:cluster. It serves nothing itself:
 * N workers, each a whole Callgate on the shared FastAGI and HTTP ports (the cluster hands each new
 * connection to one of them), share their state through PostgreSQL as separate nodes do.
 *
 * Worker 1 starts alone and first: it migrates the database, seeds an empty one and prints the
 * banner. The others start after it without seeding or a banner. A worker that dies after it
 * started is started again; one that dies while starting stops the whole server, with its exit
 * code, since the next would fail the same way (a port in use, a database down).
 */
import cluster, { type Worker } from 'node:cluster';
import type { CallgateLogger } from '../logging/create-logger.ts';
import type { ShutdownSignals } from './shutdown-signals.ts';

/** The worker's number (1 to N), in its environment. */
export const WORKER_NUMBER_ENV = 'CALLGATE_WORKER';

/** Worker → primary: started and listening. */
export interface WorkerReady {
  readonly type: 'callgate-ready';
}
/** Primary → worker: drain and exit. */
export interface WorkerStop {
  readonly type: 'callgate-stop';
}

/** Restarts allowed within RESTART_WINDOW_MS before the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1000;

export interface ClusterPrimaryOptions {
  readonly workers: number;
  readonly logger: CallgateLogger;
  readonly signals: ShutdownSignals;
  readonly print: (text: string) => void;
}

export const CLUSTER_EXIT = { ok: 0, failed: 1, forced: 130 } as const;

export function isWorkerReady(message: unknown): message is WorkerReady {
  return (message as WorkerReady | undefined)?.type === 'callgate-ready';
}

export function isWorkerStop(message: unknown): message is WorkerStop {
  return (message as WorkerStop | undefined)?.type === 'callgate-stop';
}

/** Runs the workers until a signal stops them, or one fails to start; resolves with the exit code. */
export function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  const { workers: count, logger, signals, print } = options;
  const log = logger.child({ component: 'cluster' });
  const live = new Map<Worker, { number: number; ready: boolean }>();
  const restarts: number[] = [];
  let stopping = false;
  /** Set when the cluster stops for a failure rather than a signal. */
  let exitCode: number | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const start = (number: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopping) {
        resolve();
        return;
      }
      // Only worker 1's first start may seed and print the banner.
      const quiet = number > 1 || restarts.length > 0;
      const worker = cluster.fork({
        [WORKER_NUMBER_ENV]: String(number),
        ...(quiet ? { CALLGATE_SEED: 'false' } : {}),
      });
      live.set(worker, { number, ready: false });
      worker.on('message', (message: unknown) => {
        if (!isWorkerReady(message)) return;
        const state = live.get(worker);
        if (state) state.ready = true;
        resolve();
      });
    });

  const stopAll = (): void => {
    if (stopping) return;
    stopping = true;
    for (const worker of live.keys()) worker.send({ type: 'callgate-stop' } satisfies WorkerStop);
    if (live.size === 0) finish(exitCode ?? CLUSTER_EXIT.ok);
  };

  cluster.on('exit', (worker, code, signal) => {
    const state = live.get(worker);
    live.delete(worker);
    if (!state) return;
    if (stopping) {
      if (live.size === 0) finish(exitCode ?? CLUSTER_EXIT.ok);
      return;
    }
    if (!state.ready) {
      // It could not start: the others would fail the same way.
      log.error({ worker: state.number, code, signal }, 'worker failed to start: stopping');
      exitCode = code || CLUSTER_EXIT.failed;
      stopAll();
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && (restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log.error({ worker: state.number, restarts: restarts.length }, 'workers keep dying: stopping');
      exitCode = CLUSTER_EXIT.failed;
      stopAll();
      return;
    }
    log.warn(
      { worker: state.number, pid: worker.process.pid, code, signal },
      'worker died: starting another',
    );
    setTimeout(() => {
      if (!stopping) void start(state.number);
    }, RESTART_DELAY_MS).unref();
  });

  void signals.first.then((signal) => {
    log.info({ signal }, 'stopping the workers');
    signals.onRepeat(() => {
      // A second signal means "now".
      for (const worker of live.keys()) worker.process.kill('SIGKILL');
      finish(CLUSTER_EXIT.forced);
    });
    stopAll();
  });

  void (async () => {
    await start(1);
    if (stopping) return;
    await Promise.all(Array.from({ length: count - 1 }, (_, i) => start(i + 2)));
    if (stopping) return;
    const pids = [...live.keys()].map((w) => w.process.pid).join(', ');
    print(`  Workers      ${count} processes share the ports (pids ${pids})\n`);
    log.info({ workers: count }, 'workers started');
  })();

  return done;
}
