import { isConfigError } from '../config/config-error.ts';
import { parseServeConfig, wantsServeHelp } from '../config/serve-config.ts';
import { formatServeHelp } from '../config/serve-help.ts';
import { createLogger } from '../logging/create-logger.ts';
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

  const logger = createLogger({ level: config.logLevel });
  // Listen before starting so a SIGTERM during startup still stops cleanly once started.
  const signals = listenForShutdownSignals();
  try {
    let running: RunningCallgate;
    try {
      // Loaded only now: `--help` and configuration mistakes answer without loading the server.
      const { startCallgate } = await import('../runtime/start-callgate.ts');
      running = await startCallgate({ config, logger, print: (text) => process.stdout.write(text) });
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
    const signal = await signals.first;
    signals.onRepeat(() => {
      // A second Ctrl+C means "now": calls still up are cut by the exit itself.
      logger.warn('second signal: exiting without waiting for calls');
      process.exit(SERVE_EXIT.forced);
    });
    await running.stop(`received ${signal}`);
    return SERVE_EXIT.ok;
  } finally {
    signals.dispose();
  }
}
