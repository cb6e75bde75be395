import { isDomainError } from '../domain/domain-error.ts';
import type { CallgateLogger } from '../logging/create-logger.ts';
import { type OpenedStore, openStore } from '../store/index.ts';
import { StartupError } from './startup-error.ts';

/**
 * Opens the store and brings its schema up to date. Any failure becomes a StartupError with the
 * store's own one-line reason (which already hides a PostgreSQL password).
 */
export async function openDatabase(url: string, logger: CallgateLogger): Promise<OpenedStore> {
  let store: OpenedStore;
  try {
    store = await openStore(url);
  } catch (err) {
    throw new StartupError('E_START_DATABASE', reason(err), { cause: err });
  }
  try {
    const report = await store.migrate();
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
  } catch (err) {
    await store.close().catch(() => {});
    throw new StartupError(
      'E_START_DATABASE',
      `Cannot migrate database ${store.description}: ${reason(err)}`,
      {
        cause: err,
      },
    );
  }
  return store;
}

function reason(err: unknown): string {
  if (isDomainError(err)) return err.message;
  return err instanceof Error ? err.message : String(err);
}
