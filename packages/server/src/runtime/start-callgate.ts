import { hostname } from 'node:os';
import { type AgiServer, createAgiServer } from '@callgate/agi';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AppsDeps } from '../apps/index.ts';
import { maskAmiEndpoint } from '../asterisk/ami-url.ts';
import type { ServeConfig } from '../config/serve-config.ts';
import { createServices, type Services } from '../domain/create-services.ts';
import { isDomainError } from '../domain/domain-error.ts';
import { seedDemoData } from '../domain/seed-demo-data.ts';
import type { CallgateLogger } from '../logging/create-logger.ts';
import { addAgiMetricsHooks } from '../metrics/agi-metrics-hooks.ts';
import { type CallgateMetrics, createCallgateMetrics } from '../metrics/callgate-metrics.ts';
import { domainMetricsObserver } from '../metrics/domain-metrics.ts';
import { type OpenedStore, PostgresEventBus } from '../store/index.ts';
import { createHttpApp } from './http-app.ts';
import { listenError } from './listen-error.ts';
import { openDatabase } from './open-database.ts';
import { checkOpenFileLimit, reportOpenFileLimit } from './open-file-limit.ts';
import { startSessionSweeper } from './session-sweeper.ts';
import { type AsteriskAccess, type StartedAsterisk, startAsterisk } from './start-asterisk.ts';
import { type DemoLogin, formatStartupBanner, maskDatabaseUrl, urlHost } from './startup-banner.ts';
import { StartupError } from './startup-error.ts';

/** What the apps and the HTTP API are given: the same three things for both. */
export interface RuntimeDeps {
  readonly services: Services;
  readonly config: ServeConfig;
  readonly logger: CallgateLogger;
  /** Asterisk status, "call me again", agents' queues; status `off` without --ami-url. */
  readonly asterisk: AsteriskAccess;
}

export interface StartCallgateOptions {
  readonly config: ServeConfig;
  readonly logger: CallgateLogger;
  /** Where the startup banner goes; the CLI passes stdout. Default: not printed. */
  readonly print?: (text: string) => void;
  /** This process's number among `--workers` (1 to N); unset outside a cluster. */
  readonly worker?: number;
}

export interface RunningCallgate {
  readonly config: ServeConfig;
  readonly store: OpenedStore;
  readonly services: Services;
  readonly metrics: CallgateMetrics;
  readonly agiServer: AgiServer;
  readonly http: FastifyInstance;
  readonly asterisk: StartedAsterisk;
  /** Bound ports (useful with port 0). */
  readonly agiPort: number;
  readonly httpPort: number;
  /** Where a browser on this machine reaches the console. */
  readonly consoleUrl: string;
  /** The demo accounts created by this start (empty unless this start seeded). */
  readonly demoLogins: readonly DemoLogin[];
  /**
   * Graceful stop: stop accepting AGI and HTTP, let calls finish up to the shutdown deadline,
   * abort the rest, close the database. Idempotent.
   */
  stop(reason?: string): Promise<void>;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** HTTP requests are short; longer-lived ones (live event streams) are cut after this. */
const HTTP_CLOSE_GRACE_MS = 2000;

interface AppsModule {
  // Typed with the apps' own deps so the type checker proves ServeConfig carries what they read.
  registerApps?: (server: AgiServer, deps: AppsDeps) => unknown;
}
interface HttpModule {
  apiPlugin?: FastifyPluginAsync<never>;
}

/**
 * The composition root of `callgate serve`: database (migrated, seeded on first start), domain
 * services, FastAGI server with the apps, Fastify app with health, metrics and the API, a stale
 * session sweeper; both servers listening; the banner printed. Throws StartupError (one-line
 * message) when the database cannot be opened or a port cannot be bound, after undoing what it did.
 */
/**
 * The node id when --node-id is not set: this host and FastAGI port (and worker), so the same node
 * restarted finds the legs it held. Port 0 (any free port) names nothing stable: the process id
 * keeps two such nodes on one host apart.
 */
export function defaultNodeId(agiPort: number, worker: number | undefined): string {
  const base = agiPort === 0 ? `${hostname()}:0:${process.pid}` : `${hostname()}:${agiPort}`;
  return worker === undefined ? base : `${base}/w${worker}`;
}

export async function startCallgate(options: StartCallgateOptions): Promise<RunningCallgate> {
  const { config, logger } = options;
  const startedAt = Date.now();
  const undo: Array<() => Promise<unknown>> = [];
  const store = await openDatabase(config.db, logger);
  undo.push(() => store.close());
  try {
    // Several nodes on one PostgreSQL database see each other's changes through LISTEN/NOTIFY.
    const events = store.backend === 'postgres' ? await startPostgresEvents(config.db, logger) : undefined;
    if (events) undo.push(() => events.close());
    // Created first so the domain can count into it; its sources are read at scrape time only.
    const metrics = createCallgateMetrics({
      agiStats: () => agiServer.stats(),
      countAgentSessions: async () => countByState(await services.sessions.listOpen()),
    });
    const services = createServices({
      store,
      observer: domainMetricsObserver(metrics),
      node: {
        id: config.nodeId ?? defaultNodeId(config.agiPort, options.worker),
        // A node silent for three sweeps is gone: its calls' legs are released.
        staleAfterSec: Math.max(5, 3 * config.sweepIntervalSec),
      },
      ...(events ? { events } : {}),
      config: {
        conferenceRange: { ...config.conferenceRange },
        lagTimeoutSec: config.lagTimeoutSec,
        endAfterSec: config.endAfterSec,
        lockThreshold: config.lockoutThreshold,
        lockWindowSec: config.lockoutWindowSec,
        lockDurationSec: config.lockoutDurationSec,
        lockMaxDurationSec: config.lockoutMaxDurationSec,
        lockDailyThreshold: config.lockoutDailyThreshold,
        anyDailyLimit: config.lockoutServerDailyThreshold,
        anyFailureLimit: config.lockoutServerThreshold,
        anyWindowSec: config.lockoutServerWindowSec,
      },
    });
    const demoLogins = config.seed ? await seedOnFirstStart(services, logger) : [];
    // None of the calls this node served before it (re)started survived it: give their legs back.
    for (const { session, reason } of (await services.legHolders.start()).released) {
      logger.warn(
        { sessionId: session.id, reason },
        'released a phone leg held by this node before its start',
      );
    }
    // AMI never holds up the start: while Asterisk is unreachable the status says so (degraded).
    const asterisk = startAsterisk({ config, services, store, logger });
    undo.push(() => asterisk.stop());
    const deps: RuntimeDeps = { services, config, logger, asterisk };

    const agiServer = createAgiServer({
      maxSessions: config.maxAgiSessions,
      // Every command has a deadline (the library's; prompts get --agi-playback-timeout-sec).
      deadlines: { playbackMs: config.agiPlaybackTimeoutSec * 1000 },
      allow: config.agiAllow,
      ...(config.agiSecret === undefined ? {} : { secret: config.agiSecret }),
      logger: logger.child({ component: 'agi' }),
    });
    addAgiMetricsHooks(agiServer, metrics);
    const appsLoaded = await registerOptionalApps(agiServer, deps);

    const api = await optionalApiPlugin(deps);
    const http = await createHttpApp({
      logger,
      metrics,
      maxConnections: config.httpMaxConnections,
      health: {
        pingDatabase: () => store.ping(),
        agiState: () => (agiServer.listening ? 'listening' : 'closed'),
        ...(config.amiUrl ? { amiState: () => asterisk.status() } : {}),
        startedAt,
        ...(options.worker === undefined ? {} : { worker: options.worker }),
      },
      api,
    });
    undo.push(() => http.close());

    try {
      await agiServer.listen({ port: config.agiPort, host: config.host });
    } catch (err) {
      throw listenError('FastAGI', '--agi-port / CALLGATE_AGI_PORT', config.host, config.agiPort, err);
    }
    undo.push(() => agiServer.close({ deadlineMs: 0 }));
    try {
      await http.listen({ port: config.httpPort, host: config.host });
    } catch (err) {
      throw listenError('HTTP', '--http-port / CALLGATE_HTTP_PORT', config.host, config.httpPort, err);
    }

    const sweeper = startSessionSweeper(services.sessions, config.sweepIntervalSec * 1000, logger, {
      audit: services.audit,
      legs: services.legHolders,
    });
    const agiPort = agiServer.address().port;
    const httpPort = boundPort(http);
    const wildcard = WILDCARD_HOSTS.has(config.host);
    const consoleUrl =
      config.publicUrl ?? `http://${urlHost(wildcard ? '127.0.0.1' : config.host)}:${httpPort}/`;
    // Asterisk usually runs on another machine when we listen everywhere: give it a name it can use.
    const agiHost = wildcard
      ? config.publicUrl
        ? new URL(config.publicUrl).hostname
        : hostname()
      : config.host;

    options.print?.(
      formatStartupBanner({
        consoleUrl,
        agiHost,
        agiPort,
        agiAllow: config.agiAllow,
        secretSet: config.agiSecret !== undefined,
        dialinNumber: config.dialinNumber,
        database: maskDatabaseUrl(config.db),
        ami: config.amiUrl ? maskAmiEndpoint(config.amiUrl) : undefined,
        demoLogins,
        appsLoaded,
        shutdownDeadlineMs: config.shutdownDeadlineMs,
      }),
    );
    reportOpenFileLimit(
      checkOpenFileLimit({
        maxAgiSessions: config.maxAgiSessions,
        httpMaxConnections: config.httpMaxConnections,
        backend: store.backend,
      }),
      logger,
    );
    logger.info({ agiPort, httpPort, host: config.host, backend: store.backend }, 'callgate started');

    let stopping: Promise<void> | undefined;
    const stop = (reason = 'stop requested'): Promise<void> => {
      stopping ??= (async () => {
        const active = agiServer.stats().sessionsActive;
        logger.info({ reason, activeCalls: active }, `stopping with ${active} active calls`);
        await sweeper.stop();
        await Promise.all([
          agiServer.close({ deadlineMs: config.shutdownDeadlineMs }),
          closeHttp(http, Math.min(config.shutdownDeadlineMs, HTTP_CLOSE_GRACE_MS)),
        ]);
        await asterisk.stop();
        await events?.close();
        await store.close();
        logger.info('stopped');
      })();
      return stopping;
    };

    return {
      config,
      store,
      services,
      metrics,
      agiServer,
      http,
      asterisk,
      agiPort,
      httpPort,
      consoleUrl,
      demoLogins,
      stop,
    };
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw err;
  }
}

async function startPostgresEvents(url: string, logger: CallgateLogger): Promise<PostgresEventBus> {
  try {
    return await PostgresEventBus.start({
      connectionString: url,
      onError: (err) =>
        logger.warn({ err }, 'PostgreSQL event bus error; events stay local until it recovers'),
    });
  } catch (err) {
    throw new StartupError('E_START_DATABASE', err instanceof Error ? err.message : String(err), {
      cause: err,
    });
  }
}

async function seedOnFirstStart(services: Services, logger: CallgateLogger): Promise<DemoLogin[]> {
  try {
    const demo = await seedDemoData(services);
    if (!demo) return [];
    logger.info(
      { agents: demo.agents.length + 1, devices: demo.devices.length, contacts: demo.contacts.length },
      'demo data seeded',
    );
    return [demo.admin, ...demo.agents].map((login) => ({
      userId: login.agent.userId,
      name: login.agent.name,
      role: login.agent.role,
      password: login.password,
      pin: login.pin ?? undefined,
    }));
  } catch (err) {
    // Two nodes starting on one empty PostgreSQL database: the other one seeded first.
    if (isDomainError(err, 'E_DUPLICATE_USER') || isDomainError(err, 'E_DUPLICATE')) {
      logger.info('demo data already seeded by another node');
      return [];
    }
    throw err;
  }
}

async function registerOptionalApps(agiServer: AgiServer, deps: RuntimeDeps): Promise<boolean> {
  // Literal specifiers, so tsc rewrites them to .js and the bundler follows them (npm run build).
  const apps: AppsModule = await import('../apps/index.ts');
  if (typeof apps.registerApps !== 'function') {
    throw new StartupError('E_START_MODULE', 'apps/index.ts does not export registerApps(agiServer, deps)');
  }
  await apps.registerApps(agiServer, deps);
  return true;
}

async function optionalApiPlugin(
  deps: RuntimeDeps,
): Promise<{ plugin: FastifyPluginAsync<never>; options: object } | undefined> {
  const http: HttpModule = await import('../http/index.ts');
  if (typeof http.apiPlugin !== 'function') {
    throw new StartupError('E_START_MODULE', 'http/index.ts does not export apiPlugin');
  }
  return { plugin: http.apiPlugin, options: { ...deps, trustProxy: deps.config.trustProxy } };
}

function countByState(sessions: readonly { state: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sessions) counts[s.state] = (counts[s.state] ?? 0) + 1;
  return counts;
}

function boundPort(app: FastifyInstance): number {
  const address = app.server.address();
  return address !== null && typeof address === 'object' ? address.port : 0;
}

/** Closes Fastify: in-flight requests finish, and whatever is still open after `graceMs` is cut. */
async function closeHttp(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
