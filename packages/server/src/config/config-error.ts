/** Why `callgate serve` could not start: a bad flag or env value (exit 2) or an unusable resource (exit 1). */
export type ConfigErrorCode =
  /** An unknown flag, a stray argument, or a flag without its value. */
  | 'E_CONFIG_USAGE'
  /** A flag or CALLGATE_* value that does not match what the option expects. */
  | 'E_CONFIG_VALUE';

/**
 * A configuration mistake. The message is one line meant for a person at a terminal: it names the
 * flag or env var and what it expects, so the CLI prints it as is, without a stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}
