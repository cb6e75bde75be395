/**
 * `ami://user:secret@host:port` (or `amis://` for AMI over TLS): where the Asterisk Manager is and
 * who Callgate logs in as, in the one setting `--ami-url` / CALLGATE_AMI_URL. Pure; errors never
 * contain the secret. `?auth=plain` sends the secret itself at login, for AMI proxies without the
 * MD5 challenge.
 */

import type { AmiAuth } from './ami-client-options.ts';

export interface AmiEndpoint {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** How to log in: `md5` (challenge and response; the default) or `plain`. */
  auth: AmiAuth;
  /** `amis://`: TLS to Asterisk's `tlsbindaddr` (manager.conf `tlsenable = yes`). */
  tls: boolean;
}

export const DEFAULT_AMI_PORT = 5038;
/** manager.conf's default `tlsbindaddr` port. */
export const DEFAULT_AMI_TLS_PORT = 5039;

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
  if (url.protocol !== 'ami:' && url.protocol !== 'amis:') {
    throw new AmiUrlError('the scheme must be ami:// (or amis:// for TLS)');
  }
  const tls = url.protocol === 'amis:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new AmiUrlError('no host');
  if (url.username === '' || url.password === '') throw new AmiUrlError('no user or no secret');
  if ((url.pathname !== '' && url.pathname !== '/') || url.hash !== '') {
    throw new AmiUrlError('nothing may follow host:port but ?auth=md5 or ?auth=plain');
  }
  const auth = authOf(url.searchParams);
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
  const port = url.port === '' ? (tls ? DEFAULT_AMI_TLS_PORT : DEFAULT_AMI_PORT) : Number(url.port);
  return { host, port, username, secret, auth, tls };
}

function authOf(params: URLSearchParams): AmiAuth {
  const names = [...params.keys()];
  const auth = params.get('auth') ?? 'md5';
  if (names.some((name) => name !== 'auth') || names.length > 1 || (auth !== 'md5' && auth !== 'plain')) {
    throw new AmiUrlError('nothing may follow host:port but ?auth=md5 or ?auth=plain');
  }
  return auth;
}

/** The URL with the secret replaced, for logs and banners. */
export function maskAmiEndpoint(endpoint: AmiEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const auth = endpoint.auth === 'plain' ? '?auth=plain' : '';
  const scheme = endpoint.tls ? 'amis' : 'ami';
  return `${scheme}://${encodeURIComponent(endpoint.username)}:***@${host}:${endpoint.port}${auth}`;
}
