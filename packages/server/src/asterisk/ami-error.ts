/** Stable codes for everything that can go wrong talking to the Asterisk Manager Interface. */
export const AMI_ERROR_CODES = [
  /** AMI is not connected and the action's policy is to fail fast rather than queue. */
  'E_AMI_DOWN',
  /** No response (or no completing event) within the action's timeout. */
  'E_AMI_TIMEOUT',
  /** The connection dropped while the action was in flight and its policy was not to retry. */
  'E_AMI_DISCONNECTED',
  /** Asterisk refused our username/secret. */
  'E_AMI_LOGIN',
  /** Asterisk answered `Response: Error` (or `Failure`) to the action. */
  'E_AMI_ACTION',
  /** The peer sent something that is not AMI (no banner, oversized message). */
  'E_AMI_PROTOCOL',
  /** TLS failed: Asterisk's certificate is not trusted or not for this host, or no TLS there. */
  'E_AMI_TLS',
  /** The caller passed a value we will not put on the wire (CR/LF, bad dial string, ...). */
  'E_AMI_USAGE',
  /** The client was closed; no further actions are accepted. */
  'E_AMI_CLOSED',
  /** Too many actions already queued while AMI is down. */
  'E_AMI_QUEUE_FULL',
] as const;
export type AmiErrorCode = (typeof AMI_ERROR_CODES)[number];

export class AmiError extends Error {
  override readonly name = 'AmiError';
  readonly code: AmiErrorCode;
  /** The action name, when the error belongs to one action. */
  readonly action: string | undefined;
  /** Asterisk's `Message:` for E_AMI_ACTION / E_AMI_LOGIN. */
  readonly amiMessage: string | undefined;

  constructor(
    code: AmiErrorCode,
    message: string,
    details: { action?: string; amiMessage?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.action = details.action;
    this.amiMessage = details.amiMessage;
  }
}

export function isAmiError(err: unknown, code?: AmiErrorCode): err is AmiError {
  return err instanceof AmiError && (code === undefined || err.code === code);
}
