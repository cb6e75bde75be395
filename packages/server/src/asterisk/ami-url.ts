/**
 * `ami://user:secret@host:port`: where the Asterisk Manager is and who Callgate logs in as, in the
 * one setting `--ami-url` / CALLGATE_AMI_URL. Pure; errors never contain the secret.
 */

export interface AmiEndpoint {
  host: string;
  port: number;
  username: string;
  secret: string;
}

export const DEFAULT_AMI_PORT = 5038;

export class AmiUrlError extends Error {
  override readonly name = 'AmiUrlError';
  readonly code = 'E_AMI_URL';
}

/** Parses an AMI URL; user and secret may be percent-encoded (`%40` for `@`). */
export function parseAmiUrl(text: string): AmiEndpoint {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AmiUrlError('not a URL');
  }
  if (url.protocol !== 'ami:') throw new AmiUrlError('the scheme must be ami://');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new AmiUrlError('no host');
  if (url.username === '' || url.password === '') throw new AmiUrlError('no user or no secret');
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw new AmiUrlError('nothing may follow host:port');
  }
  let username: string;
  let secret: string;
  try {
    username = decodeURIComponent(url.username);
    secret = decodeURIComponent(url.password);
  } catch {
    throw new AmiUrlError('bad percent-encoding in user or secret');
  }
  // They go into `Login` header lines, where a line break would start another header.
  if (/[\r\n]/.test(username) || /[\r\n]/.test(secret))
    throw new AmiUrlError('line breaks in user or secret');
  return { host, port: url.port === '' ? DEFAULT_AMI_PORT : Number(url.port), username, secret };
}

/** The URL with the secret replaced, for logs and banners. */
export function maskAmiEndpoint(endpoint: AmiEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `ami://${encodeURIComponent(endpoint.username)}:***@${host}:${endpoint.port}`;
}
