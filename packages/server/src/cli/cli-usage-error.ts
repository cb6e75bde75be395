/** A mistake in how a command was called: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'E_USAGE';
}

export function isCliUsageError(err: unknown): err is CliUsageError {
  return err instanceof CliUsageError;
}
