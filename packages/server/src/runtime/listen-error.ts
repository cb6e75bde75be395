import { StartupError } from './startup-error.ts';

/** Turns a listen() failure into a message naming the setting to change. */
export function listenError(
  what: string,
  setting: string,
  host: string,
  port: number,
  err: unknown,
): StartupError {
  const code = (err as { code?: string } | null)?.code;
  const where = `${host}:${port}`;
  const message =
    code === 'EADDRINUSE'
      ? `${what} port ${where} is already in use: stop the other program or change ${setting}`
      : code === 'EACCES'
        ? `${what} is not permitted to listen on ${where}: use a port above 1023 or change ${setting}`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `${what} cannot listen on ${where}: no such local address (check --host / CALLGATE_HOST)`
          : `${what} cannot listen on ${where}: ${err instanceof Error ? err.message : String(err)}`;
  return new StartupError('E_START_LISTEN', message, { cause: err });
}
