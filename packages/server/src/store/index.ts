export { MIGRATION_NAMES } from './migrations.ts';
export type { OpenedStore, OpenStoreOptions } from './open-store.ts';
export { openStore } from './open-store.ts';
export type { PostgresEventBusOptions } from './postgres-event-bus.ts';
export { PostgresEventBus } from './postgres-event-bus.ts';
export type { Database } from './schema.ts';
export { DEFAULT_STORE_URL, parseStoreUrl, redactUrl } from './store-url.ts';
