/** How a session ended: the `outcome` of its access-log line and of the ended-sessions counters. */
export type AgiSessionOutcome =
  /** The handler returned. */
  | 'completed'
  /** The caller hung up, and the handler then ended (returned or threw on the hangup). */
  | 'hangup'
  /** The handler threw (anything but a hangup). */
  | 'error'
  /** The idle or session deadline passed. */
  | 'timeout'
  /** The server drained and its deadline passed before the handler ended. */
  | 'aborted'
  /** No route matched the script path. */
  | 'noroute';

/** Why a connection was refused before a session started. */
export type AgiRefusalReason =
  /** The peer's address is not in the allowlist. */
  | 'address'
  /** `maxSessions` sessions were already open. */
  | 'capacity'
  /** Closed to make room: the oldest connection still sending its environment, of all peers. */
  | 'pending_capacity'
  /** Closed to make room: the oldest connection of its peer still sending its environment. */
  | 'peer_capacity'
  /** The shared secret was missing or wrong. */
  | 'secret'
  /** The environment block was malformed, too large, or not sent in time (slowloris). */
  | 'environment';

export interface AgiRouteStats {
  sessions: number;
  active: number;
  commands: number;
  errors: number;
}

/** A snapshot of the server's counters; the server package turns these into metrics. */
export interface AgiServerStats {
  /** Sockets open now, including those still sending their environment. */
  connections: number;
  /** Of those, the connections still sending their environment (not yet known to be calls). */
  pendingConnections: number;
  sessionsStarted: number;
  sessionsActive: number;
  sessionsEnded: Record<AgiSessionOutcome, number>;
  commands: number;
  refused: Record<AgiRefusalReason, number>;
  /** Handler errors, hook errors and protocol errors. */
  errors: number;
  routes: Record<string, AgiRouteStats>;
}

/** Mutable counters behind `AgiServer.stats()`; plain numbers so counting costs nothing. */
export class ServerCounters {
  connections = 0;
  sessionsStarted = 0;
  sessionsActive = 0;
  commands = 0;
  errors = 0;
  readonly sessionsEnded: Record<AgiSessionOutcome, number> = {
    completed: 0,
    hangup: 0,
    error: 0,
    timeout: 0,
    aborted: 0,
    noroute: 0,
  };
  readonly refused: Record<AgiRefusalReason, number> = {
    address: 0,
    capacity: 0,
    pending_capacity: 0,
    peer_capacity: 0,
    secret: 0,
    environment: 0,
  };
  pendingConnections = 0;
  readonly #routes = new Map<string, AgiRouteStats>();

  route(route: string): AgiRouteStats {
    let stats = this.#routes.get(route);
    if (!stats) {
      stats = { sessions: 0, active: 0, commands: 0, errors: 0 };
      this.#routes.set(route, stats);
    }
    return stats;
  }

  snapshot(): AgiServerStats {
    const routes: Record<string, AgiRouteStats> = {};
    for (const [name, r] of this.#routes) routes[name] = { ...r };
    return {
      connections: this.connections,
      pendingConnections: this.pendingConnections,
      sessionsStarted: this.sessionsStarted,
      sessionsActive: this.sessionsActive,
      sessionsEnded: { ...this.sessionsEnded },
      commands: this.commands,
      refused: { ...this.refused },
      errors: this.errors,
      routes,
    };
  }
}
