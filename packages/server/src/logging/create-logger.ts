import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/serve-config.ts';
import { REDACT_PATHS } from './redact-paths.ts';

export interface CreateLoggerOptions {
  readonly level: LogLevel;
  /** Where JSON lines go; stderr by default so the startup banner on stdout stays readable. */
  readonly destination?: DestinationStream;
}

export type CallgateLogger = Logger;

/** The server's one root logger: pino JSON with credentials redacted. Children carry context. */
export function createLogger(options: CreateLoggerOptions): CallgateLogger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  return pino(
    {
      name: 'callgate',
      level: options.level,
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    },
    destination,
  );
}
