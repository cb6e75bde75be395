export { type AppOptionValues, type AppSettings, appSettingsFrom } from './app-settings.ts';
export { ConfigError, type ConfigErrorCode, isConfigError } from './config-error.ts';
export {
  DIAL_IN_PROMPT_KEYS,
  DialInPromptsFileError,
  parseDialInPromptsFile,
} from './dial-in-prompts-file.ts';
export {
  LOG_LEVELS,
  type LogLevel,
  parseServeConfig,
  type ServeConfig,
  type ServeConfigIo,
  type ServeOptionValues,
  wantsServeHelp,
} from './serve-config.ts';
export { formatServeHelp } from './serve-help.ts';
export { SERVE_OPTIONS, type ServeOption, type ServeOptionKey } from './serve-options.ts';
