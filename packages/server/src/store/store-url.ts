/** Parses a store URL: `sqlite:<file>`, `sqlite::memory:`, or `postgres://` / `postgresql://`. */
import { DomainError } from '../domain/domain-error.ts';

export const DEFAULT_STORE_URL = 'sqlite:./data/callgate.sqlite';

export type StoreLocation =
  | { backend: 'sqlite'; file: string; memory: boolean }
  | { backend: 'postgres'; connectionString: string };

export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '')
      throw new DomainError('E_VALIDATION', 'sqlite: URL needs a file, e.g. sqlite:./data/callgate.sqlite');
    return { backend: 'sqlite', file, memory: file === ':memory:' };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { backend: 'postgres', connectionString: url };
  }
  throw new DomainError(
    'E_VALIDATION',
    `Unsupported database URL "${redactUrl(url)}": use sqlite:<file>, sqlite::memory: or postgres://...`,
  );
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
