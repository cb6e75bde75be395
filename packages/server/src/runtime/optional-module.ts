import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Imports a module of this package that may not exist yet (the apps and the HTTP API are optional
 * parts of a build). A missing file gives undefined; a file that exists but fails to load throws,
 * because a broken module must stop the start rather than be silently skipped.
 */
export async function importIfPresent<T>(url: URL): Promise<T | undefined> {
  if (!existsSync(fileURLToPath(url))) return undefined;
  // A computed specifier: the type checker must not require the file to exist.
  const specifier: string = url.href;
  return (await import(specifier)) as T;
}
