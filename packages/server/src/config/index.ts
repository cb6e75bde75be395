export { type AppOptionValues, type AppPrompts, type AppSettings, appSettingsFrom } from './app-settings.ts';
export { ConfigError, type ConfigErrorCode, isConfigError } from './config-error.ts';
export {
  DIAL_IN_PROMPT_KEYS,
  LOOKUP_PROMPT_KEYS,
  type LookupPrompts,
  PromptsFileError,
  parsePromptsFile,
  ROUTER_PROMPT_KEYS,
} from './prompts-file.ts';
export {
  agentCallerIdOf,
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
