import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Open agent sessions per state (paused, ready, in_call), read from the store at scrape time. */
export type AgentSessionCounter = () => Promise<Readonly<Record<string, number>>>;

/** The FastAGI server's own counters (its `stats()`), read at scrape time. */
export type AgiStatsSource = () => {
  readonly sessionsActive: number;
  /** Connections still sending their environment (not yet known to be calls). */
  readonly pendingConnections: number;
  readonly refused: Readonly<Record<string, number>>;
};

export interface CreateMetricsOptions {
  /** Called on each scrape; a failure leaves the gauge at its last value (the scrape still works). */
  readonly countAgentSessions?: AgentSessionCounter;
  /** Feeds the active-sessions gauge and the refused-connections counter. */
  readonly agiStats?: AgiStatsSource;
}

/**
 * Every metric `GET /metrics` exposes, on its own Registry (so tests and several servers in one
 * process never collide on prom-client's global one).
 */
export interface CallgateMetrics {
  readonly registry: Registry;
  readonly agiSessionsActive: Gauge;
  readonly agiSessionsStarted: Counter<'route'>;
  readonly agiSessionsEnded: Counter<'route' | 'outcome'>;
  readonly agiCommands: Counter<'route' | 'command'>;
  readonly agiCommandSeconds: Histogram<'command'>;
  readonly agiErrors: Counter<'code'>;
  readonly agiRefused: Counter<'reason'>;
  readonly agiConnectionsPending: Gauge;
  /** Connections closed as they arrived because `--http-max-connections` were open. */
  readonly httpConnectionsRefused: Counter;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpRequestSeconds: Histogram<'route' | 'method'>;
  readonly agentSessions: Gauge<'state'>;
  readonly loginSecretChecks: Counter<'kind'>;
  readonly loginRefused: Counter<'kind' | 'lane'>;
  readonly auditDeferred: Gauge;
}

const AGENT_STATES = ['paused', 'ready', 'in_call'] as const;

export function createCallgateMetrics(options: CreateMetricsOptions = {}): CallgateMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const countAgentSessions = options.countAgentSessions;
  const agentSessions = new Gauge({
    name: 'callgate_agent_sessions',
    help: 'Open agent sessions by state',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      if (!countAgentSessions) return;
      try {
        const counts = await countAgentSessions();
        for (const state of new Set([...AGENT_STATES, ...Object.keys(counts)])) {
          this.set({ state }, counts[state] ?? 0);
        }
      } catch {
        // The database is down: /healthz says so; metrics keep serving the rest.
      }
    },
  });

  const agiStats = options.agiStats;
  // Refusals happen before any session exists, so no hook sees them: the server counts them and
  // each scrape adds what it counted since the last one.
  const refusedSeen = new Map<string, number>();
  const agiRefused = new Counter({
    name: 'callgate_agi_refused_connections_total',
    help: 'FastAGI connections refused, by reason',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      if (!agiStats) return;
      for (const [reason, total] of Object.entries(agiStats().refused)) {
        const delta = total - (refusedSeen.get(reason) ?? 0);
        refusedSeen.set(reason, total);
        this.inc({ reason }, Math.max(0, delta));
      }
    },
  });

  return {
    registry,
    agiSessionsActive: new Gauge({
      name: 'callgate_agi_sessions_active',
      help: 'FastAGI sessions in progress',
      registers,
      collect() {
        if (agiStats) this.set(agiStats().sessionsActive);
      },
    }),
    agiSessionsStarted: new Counter({
      name: 'callgate_agi_sessions_started_total',
      help: 'FastAGI sessions started, by route',
      labelNames: ['route'] as const,
      registers,
    }),
    agiSessionsEnded: new Counter({
      name: 'callgate_agi_sessions_ended_total',
      help: 'FastAGI sessions ended, by route and outcome',
      labelNames: ['route', 'outcome'] as const,
      registers,
    }),
    agiCommands: new Counter({
      name: 'callgate_agi_commands_total',
      help: 'AGI commands sent, by route and command name',
      labelNames: ['route', 'command'] as const,
      registers,
    }),
    agiCommandSeconds: new Histogram({
      name: 'callgate_agi_command_duration_seconds',
      help: 'Time from sending an AGI command to its reply, by command name',
      labelNames: ['command'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    agiErrors: new Counter({
      name: 'callgate_agi_errors_total',
      help: 'Errors in FastAGI sessions, by error code',
      labelNames: ['code'] as const,
      registers,
    }),
    agiRefused,
    agiConnectionsPending: new Gauge({
      name: 'callgate_agi_connections_pending',
      help: 'FastAGI connections still sending their environment (not yet known to be calls)',
      registers,
      collect() {
        if (agiStats) this.set(agiStats().pendingConnections);
      },
    }),
    httpConnectionsRefused: new Counter({
      name: 'callgate_http_connections_refused_total',
      help: 'HTTP connections closed as they arrived because the connection cap was reached',
      registers,
    }),
    httpRequests: new Counter({
      name: 'callgate_http_requests_total',
      help: 'HTTP requests, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    }),
    httpRequestSeconds: new Histogram({
      name: 'callgate_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern and method',
      labelNames: ['route', 'method'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    agentSessions,
    loginSecretChecks: new Counter({
      name: 'callgate_login_secret_checks_total',
      help: 'PINs and passwords checked against their stored hash, by kind (pin, password)',
      labelNames: ['kind'] as const,
      registers,
    }),
    loginRefused: new Counter({
      name: 'callgate_login_refused_total',
      help: 'Login attempts refused by a locked or full lane before any check, by kind and lane kind',
      labelNames: ['kind', 'lane'] as const,
      registers,
    }),
    auditDeferred: new Gauge({
      name: 'callgate_audit_deferred',
      help: 'Audit entries waiting in memory for the database',
      registers,
    }),
  };
}
