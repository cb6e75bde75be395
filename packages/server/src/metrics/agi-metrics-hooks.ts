import type { AgiServer } from '@callgate/agi';
import { agiCommandName } from './agi-command-name.ts';
import type { CallgateMetrics } from './callgate-metrics.ts';

/** Sessions no route matched carry the caller's path; count them under one label value. */
const NO_ROUTE_LABEL = '(none)';

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  // Codes are ours (AGI_ERR_*, E_*) or Node's (ECONNRESET), class names otherwise: a bounded set.
  const label = typeof code === 'string' ? code : error instanceof Error ? error.name : 'UNKNOWN';
  return /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(label) ? label : 'OTHER';
}

/**
 * Feeds the AGI metrics from the FastAGI server's hooks: sessions started and ended per route and
 * outcome (timeouts and drains show there), commands per route and command name, reply latency per
 * command, and errors per code.
 * (Active sessions and refusals come from the server's stats at scrape time.)
 */
export function addAgiMetricsHooks(server: AgiServer, metrics: CallgateMetrics): void {
  server.addHook('onSession', (call) => {
    metrics.agiSessionsStarted.inc({ route: call.route });
  });
  server.addHook('onCommand', (call, line) => {
    metrics.agiCommands.inc({ route: call.route, command: agiCommandName(line) });
  });
  server.addHook('onReply', (_call, line, _reply, ms) => {
    metrics.agiCommandSeconds.observe({ command: agiCommandName(line) }, ms / 1000);
  });
  server.addHook('onSessionEnd', (_call, summary) => {
    const route = summary.outcome === 'noroute' ? NO_ROUTE_LABEL : summary.route;
    metrics.agiSessionsEnded.inc({ route, outcome: summary.outcome });
  });
  // Handler failures, hook failures and protocol errors; a caller hanging up is not an error.
  server.addHook('onError', (error) => {
    metrics.agiErrors.inc({ code: errorCode(error) });
  });
}
