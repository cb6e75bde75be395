import { createServer, type Server, type Socket } from 'node:net';
import { CommandDeadlines } from '../channel/command-deadlines.ts';
import { AgiError } from '../errors.ts';
import { AddressAllowlist } from './address-allowlist.ts';
import type { AgiHandler } from './agi-call.ts';
import type { AgiLogger } from './agi-logger.ts';
import { silentLogger } from './agi-logger.ts';
import {
  type AgiListenOptions,
  type AgiServerCloseOptions,
  type AgiServerOptions,
  DEFAULT_ALLOW,
  DEFAULT_CLOSE_DEADLINE_MS,
  DEFAULT_ENVIRONMENT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_DELAY_MS,
  DEFAULT_MAX_PENDING_CONNECTIONS,
  DEFAULT_MAX_PENDING_PER_PEER,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PENDING_GRACE_MS,
  DEFAULT_STATUS_VARIABLE,
  PENDING_BURST_FACTOR,
} from './agi-server-options.ts';
import { peerKey } from './peer-key.ts';
import { RefusalLog } from './refusal-log.ts';
import { RouteTable } from './route-table.ts';
import { type ConnectionContext, ServerConnection } from './server-connection.ts';
import { type AgiHookName, type AgiServerHooks, HookRegistry } from './server-hooks.ts';
import { type AgiRefusalReason, type AgiServerStats, ServerCounters } from './server-stats.ts';

/**
 * A FastAGI server: accepts Asterisk's connections, checks the peer and the shared secret, routes
 * the script path to a handler, runs it with a typed channel, and always closes the socket when
 * the handler ends (Asterisk keeps the call up until we do).
 *
 * Capacity: a connection is pending until its environment arrives, then a session. Sessions are
 * capped by `maxSessions`; pending connections apart, in all and per peer, and a new one beyond
 * either cap closes the oldest pending connection it competes with once that one has been silent
 * for the grace period, never a session: a peer that opens sockets and says nothing can neither
 * take the places of calls nor keep another peer's calls out.
 */

export class AgiServer {
  readonly #routes = new RouteTable<AgiHandler>();
  readonly #hooks = new HookRegistry();
  readonly #counters = new ServerCounters();
  readonly #connections = new Set<ServerConnection>();
  /** Connections still sending their environment, oldest first. */
  readonly #pending = new Set<ServerConnection>();
  /** The same, per peer key (see peerKey), oldest first. */
  readonly #pendingByPeer = new Map<string, Set<ServerConnection>>();
  /** Connections whose environment arrived and that were let in. */
  readonly #sessions = new Set<ServerConnection>();
  readonly #allow: AddressAllowlist;
  readonly #log: AgiLogger;
  readonly #refusals: RefusalLog;
  readonly #maxSessions: number;
  readonly #maxPending: number;
  readonly #maxPendingPerPeer: number;
  readonly #pendingGraceMs: number;
  readonly #context: ConnectionContext;
  readonly #server: Server;
  #closing: Promise<void> | undefined;

  constructor(options: AgiServerOptions = {}) {
    this.#allow = new AddressAllowlist(options.allow ?? DEFAULT_ALLOW);
    this.#log = options.logger ?? silentLogger;
    this.#refusals = new RefusalLog(this.#log);
    this.#maxSessions = positive(options.maxSessions ?? DEFAULT_MAX_SESSIONS, 'maxSessions');
    this.#maxPending = positive(
      options.maxPendingConnections ?? DEFAULT_MAX_PENDING_CONNECTIONS,
      'maxPendingConnections',
    );
    this.#maxPendingPerPeer = positive(
      options.maxPendingPerPeer ?? DEFAULT_MAX_PENDING_PER_PEER,
      'maxPendingPerPeer',
    );
    this.#pendingGraceMs = options.pendingGraceMs ?? DEFAULT_PENDING_GRACE_MS;
    const keepAliveDelayMs = options.keepAliveDelayMs ?? DEFAULT_KEEPALIVE_DELAY_MS;
    if (!Number.isInteger(keepAliveDelayMs) || keepAliveDelayMs < 0) {
      throw new AgiError(
        'AGI_ERR_BAD_ARGUMENT',
        `keepAliveDelayMs must be 0 or more, got ${keepAliveDelayMs}`,
      );
    }
    const deadlines = CommandDeadlines.of(options.deadlines);
    this.#context = {
      routes: this.#routes,
      hooks: this.#hooks,
      counters: this.#counters,
      log: this.#log,
      secret: options.secret,
      idleTimeoutMs: options.idleTimeoutMs ?? 0,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 0,
      statusVariable: options.statusVariable ?? DEFAULT_STATUS_VARIABLE,
      deadlines,
      sessionOptions: {
        environmentTimeoutMs: options.environmentTimeoutMs ?? DEFAULT_ENVIRONMENT_TIMEOUT_MS,
        resyncTimeoutMs: deadlines.quickMs,
        ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
        ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
        ...(options.maxEnvironmentBytes === undefined
          ? {}
          : { maxEnvironmentBytes: options.maxEnvironmentBytes }),
        ...(options.maxCommandBytes === undefined ? {} : { maxCommandBytes: options.maxCommandBytes }),
      },
      onIdentified: (connection) => this.#identified(connection),
      onClosed: (connection) => {
        this.#connections.delete(connection);
        this.#counters.connections--;
        if (!this.#leavePending(connection)) this.#sessions.delete(connection);
      },
    };
    this.#server = createServer(
      {
        noDelay: true,
        ...(keepAliveDelayMs > 0 ? { keepAlive: true, keepAliveInitialDelay: keepAliveDelayMs } : {}),
      },
      (socket) => this.#accept(socket),
    );
    this.#server.on('error', (err) => this.#log.error({ err }, 'FastAGI server error'));
  }

  /** Registers a handler for an exact path (`agent-dial-in`) or a pattern (`users/:id`). */
  route(pattern: string, handler: AgiHandler): this {
    this.#routes.add(pattern, handler);
    return this;
  }

  /** The handler for every path no route matches (otherwise such calls get NOROUTE). */
  fallback(handler: AgiHandler): this {
    this.#routes.setFallback(handler);
    return this;
  }

  addHook<K extends AgiHookName>(name: K, fn: AgiServerHooks[K]): this {
    this.#hooks.add(name, fn);
    return this;
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(options: AgiListenOptions = {}): Promise<{ host: string; port: number }> {
    const { port = 4573, host = '127.0.0.1', backlog = 511 } = options;
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen(port, host, backlog, () => {
        this.#server.off('error', onError);
        const address = this.address();
        this.#log.info(address, 'FastAGI server listening');
        resolve(address);
      });
    });
  }

  address(): { host: string; port: number } {
    const a = this.#server.address();
    if (a === null || typeof a === 'string')
      throw new AgiError('AGI_ERR_CLOSED', 'the FastAGI server is not listening');
    return { host: a.address, port: a.port };
  }

  get listening(): boolean {
    return this.#server.listening;
  }

  /** Counters since start: a fresh snapshot each call. */
  stats(): AgiServerStats {
    return this.#counters.snapshot();
  }

  /**
   * Drains: stops accepting at once, lets calls in progress finish, and after `deadlineMs` aborts
   * the rest (their `call.signal` aborts with AGI_ERR_ABORTED and their sockets close). Resolves
   * when every socket is closed. Idempotent.
   */
  close(options: AgiServerCloseOptions = {}): Promise<void> {
    this.#closing ??= this.#drain(options.deadlineMs ?? DEFAULT_CLOSE_DEADLINE_MS);
    return this.#closing;
  }

  async #drain(deadlineMs: number): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      if (this.#server.listening) this.#server.close(() => resolve());
      else resolve();
    });
    this.#log.info({ active: this.#connections.size, deadlineMs }, 'FastAGI server draining');
    const allClosed = (): Promise<unknown> => Promise.all([...this.#connections].map((c) => c.whenClosed()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const first = await Promise.race([allClosed(), deadline]);
    clearTimeout(timer);
    if (first === 'deadline' && this.#connections.size > 0) {
      this.#log.warn({ active: this.#connections.size }, 'FastAGI drain deadline passed: aborting calls');
      const reason = new AgiError('AGI_ERR_ABORTED', 'the server is closing');
      for (const c of this.#connections) c.abort(reason);
      await allClosed();
    }
    await stopped;
    this.#log.info({}, 'FastAGI server closed');
  }

  #accept(socket: Socket): void {
    const remoteAddress = socket.remoteAddress ?? '';
    if (!this.#allow.allows(remoteAddress)) {
      this.#refuse(socket, 'address', remoteAddress, 'address not in the allowlist');
      return;
    }
    if (this.#sessions.size >= this.#maxSessions) {
      this.#refuse(socket, 'capacity', remoteAddress, `${this.#maxSessions} sessions already open`);
      return;
    }
    const peer = peerKey(remoteAddress);
    const ofPeer = this.#pendingByPeer.get(peer);
    if (ofPeer !== undefined && !this.#makeRoom(ofPeer, this.#maxPendingPerPeer, 'peer_capacity')) {
      this.#refuse(
        socket,
        'peer_capacity',
        remoteAddress,
        'too many connections of this peer still sending their environment',
      );
      return;
    }
    if (!this.#makeRoom(this.#pending, this.#maxPending, 'pending_capacity')) {
      this.#refuse(
        socket,
        'pending_capacity',
        remoteAddress,
        'too many connections still sending their environment',
      );
      return;
    }
    const connection = new ServerConnection(this.#context, socket, remoteAddress);
    this.#connections.add(connection);
    this.#counters.connections++;
    connection.peer = peer;
    if (ofPeer === undefined) this.#pendingByPeer.set(peer, new Set([connection]));
    else ofPeer.add(connection);
    this.#pending.add(connection);
    this.#counters.pendingConnections = this.#pending.size;
    void connection.serve();
  }

  /**
   * Room for one more pending connection among `from` (oldest first), capped at `cap`: below it,
   * yes; at or above it, the oldest is closed if it has waited the grace period (a real Asterisk
   * sends its environment as it connects: one still silent is idle), else — a burst of new
   * connections — yes up to PENDING_BURST_FACTOR times the cap, no beyond.
   */
  #makeRoom(from: ReadonlySet<ServerConnection>, cap: number, reason: AgiRefusalReason): boolean {
    if (from.size < cap) return true;
    const [oldest] = from;
    if (oldest !== undefined && performance.now() - oldest.acceptedAt >= this.#pendingGraceMs) {
      this.#evict(oldest, reason);
      return true;
    }
    return from.size < cap * PENDING_BURST_FACTOR;
  }

  #evict(connection: ServerConnection, reason: AgiRefusalReason): void {
    this.#leavePending(connection);
    this.#counters.refused[reason]++;
    const why = `closed a connection silent for ${this.#pendingGraceMs} ms or more to make room (${reason})`;
    this.#refusals.refused(reason, connection.remoteAddress, why);
    connection.abort(new AgiError('AGI_ERR_REFUSED', why));
  }

  /** Forgets a pending connection; false when it was not pending. */
  #leavePending(connection: ServerConnection): boolean {
    if (!this.#pending.delete(connection)) return false;
    this.#counters.pendingConnections = this.#pending.size;
    const ofPeer = this.#pendingByPeer.get(connection.peer);
    ofPeer?.delete(connection);
    if (ofPeer?.size === 0) this.#pendingByPeer.delete(connection.peer);
    return true;
  }

  /** The environment arrived: a session if there is room (false: refused for capacity). */
  #identified(connection: ServerConnection): boolean {
    this.#leavePending(connection);
    if (this.#sessions.size >= this.#maxSessions) {
      this.#counters.refused.capacity++;
      this.#refusals.refused(
        'capacity',
        connection.remoteAddress,
        `${this.#maxSessions} sessions already open`,
      );
      return false;
    }
    this.#sessions.add(connection);
    return true;
  }

  #refuse(socket: Socket, reason: AgiRefusalReason, remoteAddress: string, why: string): void {
    this.#counters.refused[reason]++;
    this.#refusals.refused(reason, remoteAddress, why);
    socket.on('error', () => {});
    socket.destroy();
  }
}

/** Creates a FastAGI server. See AgiServerOptions for limits, access control and logging. */
export function createAgiServer(options: AgiServerOptions = {}): AgiServer {
  return new AgiServer(options);
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', `${name} must be a positive integer, got ${value}`);
  }
  return value;
}
