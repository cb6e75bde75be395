import type { FastifyInstance } from 'fastify';
import type { CallgateMetrics } from '../metrics/callgate-metrics.ts';

/** `GET /metrics`: the Prometheus text exposition of this process's registry. */
export function registerMetricsRoute(app: FastifyInstance, metrics: CallgateMetrics): void {
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}
