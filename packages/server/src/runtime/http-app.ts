import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { CallgateLogger } from '../logging/create-logger.ts';
import type { CallgateMetrics } from '../metrics/callgate-metrics.ts';
import { addHttpMetricsHook } from '../metrics/http-metrics-hook.ts';
import { type HealthProbe, registerHealthRoute } from './health-route.ts';
import { registerMetricsRoute } from './metrics-route.ts';

export interface HttpAppOptions {
  readonly logger: CallgateLogger;
  readonly metrics: CallgateMetrics;
  readonly health: HealthProbe;
  /** Connections open at once; more are closed as they arrive (counted). Default 1000. */
  readonly maxConnections?: number;
  /** The request deadlines; the defaults are the ones documented (tests shrink them). */
  readonly timeouts?: {
    readonly headersMs: number;
    readonly requestMs: number;
    readonly checkEveryMs: number;
  };
  /** The API plugin (`/api/*` and the static console) and its options, when the build has one. */
  readonly api?: { readonly plugin: FastifyPluginAsync<never>; readonly options: object } | undefined;
}

/** A request's headers must be in within this (a slow or silent client is answered 408 and cut). */
export const HTTP_HEADERS_TIMEOUT_MS = 8000;
/** How often Node checks the headers and request deadlines: they are met up to this much late. */
export const HTTP_DEADLINE_CHECK_MS = 1000;
/** A whole request (headers and body, at most 64 KiB) must be in within this. */
export const HTTP_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_HTTP_MAX_CONNECTIONS = 1000;

/**
 * The Fastify app: request metrics, `/healthz`, `/metrics`, then the API plugin. Not listening yet.
 *
 * Limits, so that no client holds what others need: at most `maxConnections` sockets (a new one
 * beyond is closed as it arrives: `callgate_http_connections_refused_total`); headers complete
 * within 8 s of the connection or of the previous response (checked every second, so a silent or
 * trickling client is cut within 9 s), the whole request within 10 s. Event streams, once their
 * request is in, are not cut by these.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }),
    // Closing answers new requests with 503 while in-flight ones finish.
    return503OnClosing: true,
    requestTimeout: options.timeouts?.requestMs ?? HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: options.timeouts?.headersMs ?? HTTP_HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: options.timeouts?.checkEveryMs ?? HTTP_DEADLINE_CHECK_MS,
    },
  }) as unknown as FastifyInstance;
  app.server.maxConnections = options.maxConnections ?? DEFAULT_HTTP_MAX_CONNECTIONS;
  app.server.on('drop', () => options.metrics.httpConnectionsRefused.inc());
  addHttpMetricsHook(app, options.metrics);
  registerHealthRoute(app, options.health);
  registerMetricsRoute(app, options.metrics);
  if (options.api) {
    await app.register(options.api.plugin as FastifyPluginAsync<object>, options.api.options);
  }
  await app.ready();
  return app;
}
