import type { FastifyInstance } from 'fastify';
import type { CallgateMetrics } from './callgate-metrics.ts';

/**
 * Counts every HTTP response by its route pattern (`/api/admin/agents/:id`, not the raw URL, so
 * label values stay few); requests no route matched count as `unmatched`.
 */
export function addHttpMetricsHook(app: FastifyInstance, metrics: CallgateMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    metrics.httpRequests.inc({ route, method, status: String(reply.statusCode) });
    metrics.httpRequestSeconds.observe({ route, method }, reply.elapsedTime / 1000);
  });
}
