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
  /** The API plugin (`/api/*` and the static console) and its options, when the build has one. */
  readonly api?: { readonly plugin: FastifyPluginAsync<never>; readonly options: object } | undefined;
}

/**
 * The Fastify app: request metrics, `/healthz`, `/metrics`, then the API plugin. Not listening yet.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }),
    // Closing answers new requests with 503 while in-flight ones finish.
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  addHttpMetricsHook(app, options.metrics);
  registerHealthRoute(app, options.health);
  registerMetricsRoute(app, options.metrics);
  if (options.api) {
    await app.register(options.api.plugin as FastifyPluginAsync<object>, options.api.options);
  }
  await app.ready();
  return app;
}
