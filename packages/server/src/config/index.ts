export { ConfigError, type ConfigErrorCode, isConfigError } from './config-error.ts';
export {
  LOG_LEVELS,
  type LogLevel,
  parseServeConfig,
  type ServeConfig,
  wantsServeHelp,
} from './serve-config.ts';
export { formatServeHelp } from './serve-help.ts';
export { SERVE_OPTIONS, type ServeOption, type ServeOptionKey } from './serve-options.ts';
