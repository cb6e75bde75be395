/**
 * Every error @callgate/agi throws is an AgiError with a stable `code`: match on the code, not
 * the message (as Fastify's FST_ERR_* codes).
 */
export type AgiErrorCode =
  /** The channel hung up (a `HANGUP` line, SIGHUP, or `200 result=-1` with hangup). */
  | 'AGI_ERR_HANGUP'
  /** Asterisk answered 511: the command is not permitted on a dead channel. */
  | 'AGI_ERR_DEAD_CHANNEL'
  /** Asterisk answered 510: invalid or unknown command. */
  | 'AGI_ERR_INVALID_COMMAND'
  /** Asterisk answered 520: wrong syntax; `usage` carries the usage text. */
  | 'AGI_ERR_USAGE'
  /** A command or session deadline passed. */
  | 'AGI_ERR_TIMEOUT'
  /** An AbortSignal aborted the command or session. */
  | 'AGI_ERR_ABORTED'
  /** The connection closed (before or while a command was pending). */
  | 'AGI_ERR_CLOSED'
  /** The environment block was malformed (garbage, missing blank line, too big). */
  | 'AGI_ERR_BAD_ENVIRONMENT'
  /** A line from the peer exceeded the configured size cap. */
  | 'AGI_ERR_LINE_TOO_LONG'
  /** An argument cannot be sent (contains CR or LF, or is not encodable). */
  | 'AGI_ERR_BAD_ARGUMENT'
  /** The encoded command line is longer than Asterisk reads in one line. */
  | 'AGI_ERR_COMMAND_TOO_LONG'
  /** A line that is not a valid reply, or a reply when no command was sent. */
  | 'AGI_ERR_PROTOCOL'
  /** A second command was sent while one is in flight (strict lockstep). */
  | 'AGI_ERR_BUSY'
  /** The command ran but failed in Asterisk (e.g. `result=-1` for a missing file). */
  | 'AGI_ERR_COMMAND_FAILED'
  /** The FastAGI server refused the connection or route. */
  | 'AGI_ERR_REFUSED';

export class AgiError extends Error {
  override readonly name = 'AgiError';
  readonly code: AgiErrorCode;
  /** For AGI_ERR_USAGE: the usage text Asterisk sent, lines joined with `\n`. */
  readonly usage: string | undefined;
  /** The command line that failed, if any. */
  readonly command: string | undefined;

  constructor(
    code: AgiErrorCode,
    message: string,
    options: { cause?: unknown; usage?: string; command?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.usage = options.usage;
    this.command = options.command;
  }
}

export function isAgiError(err: unknown, code?: AgiErrorCode): err is AgiError {
  return err instanceof AgiError && (code === undefined || err.code === code);
}
