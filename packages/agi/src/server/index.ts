export { type AgiSessionSummary, accessLogRecord } from './access-log.ts';
export { AddressAllowlist } from './address-allowlist.ts';
export type { AgiCall, AgiHandler } from './agi-call.ts';
export { type AgiLogger, silentLogger } from './agi-logger.ts';
export { AgiServer, createAgiServer } from './agi-server.ts';
export {
  type AgiListenOptions,
  type AgiServerCloseOptions,
  type AgiServerOptions,
  DEFAULT_MAX_PENDING_CONNECTIONS,
  DEFAULT_MAX_PENDING_PER_PEER,
  PENDING_BURST_FACTOR,
} from './agi-server-options.ts';
export { FALLBACK_ROUTE } from './route-table.ts';
export type { AgiHookName, AgiServerHooks } from './server-hooks.ts';
export type { AgiRefusalReason, AgiRouteStats, AgiServerStats, AgiSessionOutcome } from './server-stats.ts';
export { secretsEqual } from './shared-secret.ts';
