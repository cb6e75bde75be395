import cluster from 'node:cluster';
import { isConfigError } from '../config/config-error.ts';
import { parseServeConfig, wantsServeHelp } from '../config/serve-config.ts';
import { formatServeHelp } from '../config/serve-help.ts';
import { createLogger } from '../logging/create-logger.ts';
import { isWorkerStop, WORKER_NUMBER_ENV } from '../runtime/cluster-primary.ts';
import { listenForShutdownSignals } from '../runtime/shutdown-signals.ts';
import type { RunningCallgate } from '../runtime/start-callgate.ts';
import { isStartupError } from '../runtime/startup-error.ts';

/** Exit codes: 0 clean stop, 1 could not start (database, port), 2 bad flag or env value. */
export const SERVE_EXIT = { ok: 0, startFailed: 1, badConfig: 2, forced: 130 } as const;

export interface ServeCommandHooks {
  /** Called once both servers listen (tests add routes or read ports here). */
  onStarted?(running: RunningCallgate): void | Promise<void>;
}

/**
 * `callgate serve`: parse the configuration, start everything, wait for SIGTERM or SIGINT, stop
 * gracefully. Resolves with the exit code; mistakes are one line on stderr, never a stack.
 */
export async function runServeCommand(argv: string[], hooks: ServeCommandHooks = {}): Promise<number> {
  if (wantsServeHelp(argv)) {
    process.stdout.write(formatServeHelp());
    return SERVE_EXIT.ok;
  }
  let config: ReturnType<typeof parseServeConfig>;
  try {
    config = parseServeConfig(argv, process.env);
  } catch (err) {
    if (!isConfigError(err)) throw err;
    process.stderr.write(`callgate serve: ${err.message}\n`);
    return SERVE_EXIT.badConfig;
  }

  const worker = cluster.isWorker ? Number(process.env[WORKER_NUMBER_ENV] ?? '0') : undefined;
  const rootLogger = createLogger({ level: config.logLevel });
  // Each worker's lines say which worker wrote them.
  const logger = worker === undefined ? rootLogger : rootLogger.child({ worker });
  // Listen before starting so a SIGTERM (or the primary's stop) during startup still stops cleanly
  // once started.
  const signals = listenForShutdownSignals();
  const primaryStop = worker === undefined ? undefined : listenForPrimaryStop();
  try {
    if (config.workers > 1 && cluster.isPrimary) {
      const { runClusterPrimary } = await import('../runtime/cluster-primary.ts');
      return await runClusterPrimary({
        workers: config.workers,
        logger,
        signals,
        print: (text) => process.stdout.write(text),
      });
    }
    let running: RunningCallgate;
    try {
      // Loaded only now: `--help` and configuration mistakes answer without loading the server.
      const { startCallgate } = await import('../runtime/start-callgate.ts');
      // In a cluster only worker 1 prints the banner (the primary adds the workers line).
      const print =
        worker === undefined || worker === 1 ? (text: string) => process.stdout.write(text) : () => {};
      running = await startCallgate({ config, logger, print, ...(worker === undefined ? {} : { worker }) });
    } catch (err) {
      const message = isStartupError(err) ? err.message : err instanceof Error ? err.message : String(err);
      if (!isStartupError(err)) logger.error({ err }, 'unexpected error while starting');
      process.stderr.write(`callgate serve: ${message}\n`);
      return SERVE_EXIT.startFailed;
    }
    try {
      await hooks.onStarted?.(running);
    } catch (err) {
      await running.stop('onStarted hook failed');
      throw err;
    }
    // A worker tells the primary it is up, so the primary starts the next.
    if (primaryStop) process.send?.({ type: 'callgate-ready' });
    const signal = await (primaryStop ? Promise.race([signals.first, primaryStop]) : signals.first);
    signals.onRepeat(() => {
      // A second Ctrl+C means "now": calls still up are cut by the exit itself.
      logger.warn('second signal: exiting without waiting for calls');
      process.exit(SERVE_EXIT.forced);
    });
    await running.stop(`received ${signal}`);
    return SERVE_EXIT.ok;
  } finally {
    signals.dispose();
    // A worker's channel to the primary would keep it alive: close it, so the worker exits.
    if (worker !== undefined && process.connected) process.disconnect();
  }
}

/**
 * A cluster worker stops on a signal of its own, on the primary's word, or when the primary is
 * gone (its IPC channel closed): it never outlives the primary.
 */
function listenForPrimaryStop(): Promise<string> {
  return new Promise<string>((resolve) => {
    process.on('message', (message: unknown) => {
      if (isWorkerStop(message)) resolve('a stop from the primary');
    });
    process.once('disconnect', () => resolve('the primary is gone'));
  });
}
