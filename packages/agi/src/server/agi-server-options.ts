import type { AgiLogger } from './agi-logger.ts';

export interface AgiServerOptions {
  /**
   * Most sockets open at once, counting those still sending their environment. Connections beyond
   * it are closed at once and counted as refused (`capacity`). Default 10000.
   */
  maxSessions?: number;
  /** Close a session when no byte moved either way for this long. Default 0 (off): EXEC ConfBridge
   *  may hold a call silently for hours, so set it only above your longest silent command. */
  idleTimeoutMs?: number;
  /** Longest a session may last from its environment to its end. Default 0 (none). */
  sessionTimeoutMs?: number;
  /**
   * Longest the environment may take to arrive (slowloris guard). Default 10000. Checked by one
   * shared timer in steps of a quarter of it (at most 250 ms): it fires up to two steps late.
   */
  environmentTimeoutMs?: number;
  /** Default per-command deadline handed to the session. Default 0 (none). */
  commandTimeoutMs?: number;
  /** Longest line accepted from the peer. Default 65536. */
  maxLineBytes?: number;
  /** Largest environment block accepted. Default 16384. */
  maxEnvironmentBytes?: number;
  /** Longest command line Asterisk reads (8191; 2047 for Asterisk 18). */
  maxCommandBytes?: number;
  /**
   * Addresses allowed to connect, as CIDR blocks or bare addresses. Default: loopback only
   * (`127.0.0.0/8`, `::1/128`). Pass `['0.0.0.0/0', '::/0']` to allow everyone (not advised:
   * FastAGI has no authentication of its own).
   */
  allow?: readonly string[];
  /**
   * A shared secret Asterisk must send as the `secret` query parameter of the AGI URL
   * (`agi://host/route?secret=...`). Compared in constant time; removed from everything the
   * handler, hooks and logs see. Default: none required.
   */
  secret?: string;
  /** pino-compatible logger; silent by default. */
  logger?: AgiLogger;
  /** The channel variable set before closing an unrouted or failed session. Default CALLGATE_STATUS. */
  statusVariable?: string;
}

export interface AgiServerCloseOptions {
  /** How long calls in progress may continue before they are aborted. Default 30000. */
  deadlineMs?: number;
}

export interface AgiListenOptions {
  port?: number;
  host?: string;
  /** Listen backlog; a burst of calls beyond it waits in the kernel or is reset. */
  backlog?: number;
}

export const DEFAULT_ALLOW: readonly string[] = ['127.0.0.0/8', '::1/128'];
export const DEFAULT_MAX_SESSIONS = 10000;
export const DEFAULT_ENVIRONMENT_TIMEOUT_MS = 10000;
export const DEFAULT_CLOSE_DEADLINE_MS = 30000;
export const DEFAULT_STATUS_VARIABLE = 'CALLGATE_STATUS';
