import type { AgiDeadlines } from '../channel/command-deadlines.ts';
import type { AgiLogger } from './agi-logger.ts';

export interface AgiServerOptions {
  /**
   * Most sessions at once: connections whose environment has arrived. A connection beyond it is
   * closed at once and counted as refused (`capacity`). Connections still sending their
   * environment do not count here (see maxPendingConnections): a peer that opens sockets and says
   * nothing cannot take the places of calls. Default 10000.
   */
  maxSessions?: number;
  /**
   * Connections still sending their environment (not yet known to be calls), from all peers. A new
   * one beyond it closes the oldest such connection if that one has been silent for
   * `pendingGraceMs` (refusal `pending_capacity`): a real Asterisk sends its environment as it
   * connects, so a connection silent that long is idle. A burst of younger ones is let in up to
   * twice this (PENDING_BURST_FACTOR); beyond that, new connections are refused at once. Default 1024.
   */
  maxPendingConnections?: number;
  /**
   * The same, per peer (an IPv4 address, or an IPv6 /64; refusal `peer_capacity`), so one address
   * flooding the port never touches the calls of another. Default 256.
   */
  maxPendingPerPeer?: number;
  /** How long a pending connection is left alone before it may be closed to make room. Default 1000. */
  pendingGraceMs?: number;
  /**
   * TCP keepalive on every accepted socket: the first probe after this long without traffic,
   * then (libuv's setting) ten probes one second apart. A half-open connection (the Asterisk host
   * died or dropped off the network) is closed within it plus about 10 s, even during a command
   * with no deadline (EXEC ConfBridge). Default 30000; 0 turns keepalive off.
   */
  keepAliveDelayMs?: number;
  /**
   * The default deadline of every typed command (see CommandDeadlines): quick commands 5 s,
   * playback 2 min plus the command's own timeouts plus 5 s, bridging EXECs none. The quick one
   * also bounds the resync after an abandoned command. Per call, `timeoutMs` wins.
   */
  deadlines?: AgiDeadlines;
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
  /**
   * One deadline for every command, in place of the fitted defaults of `deadlines` (0: none).
   * Default: unset, so each command gets its own.
   */
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
export const DEFAULT_MAX_PENDING_CONNECTIONS = 1024;
export const DEFAULT_MAX_PENDING_PER_PEER = 256;
export const DEFAULT_PENDING_GRACE_MS = 1000;
/** How far above a pending cap a burst of connections younger than the grace period may go. */
export const PENDING_BURST_FACTOR = 2;
export const DEFAULT_KEEPALIVE_DELAY_MS = 30_000;
export const DEFAULT_ENVIRONMENT_TIMEOUT_MS = 10000;
export const DEFAULT_CLOSE_DEADLINE_MS = 30000;
export const DEFAULT_STATUS_VARIABLE = 'CALLGATE_STATUS';
