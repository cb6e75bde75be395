/**
 * Opens the store named by `--db` / CALLGATE_DB (default sqlite:./data/callgate.sqlite), brings
 * its schema up to date, runs `fn` with the services, and always closes the store.
 */
import { createServices, type Services } from '../domain/create-services.ts';
import { DEFAULT_STORE_URL, openStore } from '../store/index.ts';
import type { CliIo } from './cli-io.ts';

export function storeUrl(db: string | undefined, io: CliIo): string {
  return db ?? io.env.CALLGATE_DB ?? DEFAULT_STORE_URL;
}

export async function withServices<T>(
  db: string | undefined,
  io: CliIo,
  fn: (services: Services) => Promise<T>,
): Promise<T> {
  const store = await openStore(storeUrl(db, io), { connectTimeoutMs: 5000 });
  try {
    await store.migrate();
    return await fn(createServices({ store }));
  } finally {
    await store.close();
  }
}
