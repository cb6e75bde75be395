export { agiCommandName } from './agi-command-name.ts';
export { addAgiMetricsHooks } from './agi-metrics-hooks.ts';
export {
  type AgentSessionCounter,
  type AgiStatsSource,
  type CallgateMetrics,
  type CreateMetricsOptions,
  createCallgateMetrics,
} from './callgate-metrics.ts';
export { addHttpMetricsHook } from './http-metrics-hook.ts';
