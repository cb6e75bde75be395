export { type CallgateLogger, type CreateLoggerOptions, createLogger } from './create-logger.ts';
export { REDACT_PATHS } from './redact-paths.ts';
