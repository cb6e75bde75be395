/** Why the server could not start although its configuration was valid (the CLI exits 1). */
export type StartupErrorCode =
  /** The database could not be opened, reached or migrated. */
  | 'E_START_DATABASE'
  /** A port could not be bound (in use, or not permitted). */
  | 'E_START_LISTEN'
  /** An optional module (apps, HTTP API) exists but does not have the expected export. */
  | 'E_START_MODULE';

/** A one-line, human message: the CLI prints it without a stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly code: StartupErrorCode;

  constructor(code: StartupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isStartupError(err: unknown): err is StartupError {
  return err instanceof StartupError;
}
