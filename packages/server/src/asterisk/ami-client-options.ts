import type { BackoffOptions } from './ami-backoff.ts';
import type { AmiError } from './ami-error.ts';
import type { AmiMessage } from './ami-message.ts';

export type AmiStatus = 'connected' | 'connecting' | 'down';

/**
 * How the client logs in: `md5` asks Asterisk for a challenge and sends md5(challenge + secret),
 * so the secret never crosses the network; `plain` sends the secret in `Action: Login`.
 */
export type AmiAuth = 'md5' | 'plain';

export interface AmiStatusChange {
  status: AmiStatus;
  previous: AmiStatus;
  /** Why we left `connected` / why the last attempt failed (E_AMI_LOGIN, E_AMI_TIMEOUT, ...). */
  error?: AmiError;
  at: Date;
}

/** What to do with an action while AMI is not connected. */
export type WhenDownPolicy = 'reject' | 'queue';
/** What to do with an action already sent when the connection drops before it completes. */
export type OnDisconnectPolicy = 'reject' | 'retry';

/** The subset of pino's logger the client uses. */
export interface AmiLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * AMI over TLS (Asterisk's `tlsenable`, port 5039). The certificate is always verified against the
 * system CAs, or `ca` for a private CA; `allowUnverified` turns verification off (a test bench
 * with a throw-away certificate, never production).
 */
export interface AmiTlsOptions {
  /** PEM certificate(s) of the CA that signed Asterisk's certificate (instead of the system CAs). */
  ca?: string | Buffer;
  /** Accept any certificate, unverified. Default false. */
  allowUnverified?: boolean;
  /** Name the certificate must carry; default the host (when it is a name, not an address). */
  servername?: string;
}

export interface AmiClientOptions {
  host: string;
  port: number;
  /** Connect over TLS (`amis://`). */
  tls?: AmiTlsOptions;
  username: string;
  /** Never logged, never part of an error message; sent only with `auth: 'plain'`. */
  secret: string;
  /** Default `md5` (challenge and response). */
  auth?: AmiAuth;
  /** `Events:` at login: `on`, `off`, or a class mask such as `call,agent,system`. Default `on`. */
  events?: string;
  /** Default per-action deadline, counted from the call (queue time included). Default 10 s. */
  actionTimeoutMs?: number;
  /** Deadline for TCP connect + banner + login. Default 5 s. */
  connectTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
  /** Default for actions issued while not connected. Default `reject` (E_AMI_DOWN at once). */
  whenDown?: WhenDownPolicy;
  /** Upper bound on queued actions; beyond it actions reject with E_AMI_QUEUE_FULL. Default 1000. */
  maxQueued?: number;
  /** Default for in-flight actions when the connection drops. Default `reject`. */
  onDisconnect?: OnDisconnectPolicy;
  /**
   * Send `Action: Ping` this often and drop (then reconnect) a connection whose Ping goes unanswered
   * as long: a manager that hangs, or a half-open connection TCP has not noticed. 0 = off.
   * Default 20 s.
   */
  pingIntervalMs?: number;
  /** TCP keepalive on the socket: idle time before the first probe (ms). 0 = off. Default 30 s. */
  keepAliveMs?: number;
  logger?: AmiLogger;
  /** Every message in and out, secrets redacted; for debugging and tests. */
  transcript?: (direction: 'in' | 'out', message: AmiMessage) => void;
}

export interface AmiActionOptions {
  timeoutMs?: number;
  whenDown?: WhenDownPolicy;
  onDisconnect?: OnDisconnectPolicy;
}

/** A response plus the events Asterisk sent for the same ActionID. */
export interface AmiActionResult {
  response: AmiMessage;
  events: AmiMessage[];
}

export type AmiEventFilter = string | readonly string[] | ((event: AmiMessage) => boolean);
