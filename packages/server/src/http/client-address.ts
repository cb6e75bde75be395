/**
 * The client's address behind reverse proxies: login limits and the audit log count per address,
 * so behind a proxy the socket's address (the proxy's) would lump every user together. Only
 * proxies the operator trusts may say, in `X-Forwarded-For`, whom they forwarded for; anything
 * else in that header is the client's own claim and is ignored.
 */
import { isIP } from 'node:net';
import { AddressAllowlist } from '@callgate/agi';

/**
 * `false` (default): the socket's address. `true`: the left-most `X-Forwarded-For` address (every
 * hop trusted). A number n: n proxies in front of us, so the n-th address from the right. A list
 * of addresses or CIDR blocks: hops from those proxies are trusted, the first other one is the client.
 */
export type TrustProxy = boolean | number | readonly string[];

/** The `X-Forwarded-For` addresses, nearest hop first; stops at the first one that is not an IP. */
function forwardedHops(header: string | readonly string[] | undefined): string[] {
  if (header === undefined) return [];
  const entries = (typeof header === 'string' ? header : header.join(','))
    .split(',')
    .map((part) => part.trim())
    .reverse();
  const hops: string[] = [];
  for (const entry of entries) {
    if (isIP(entry) === 0) break;
    hops.push(entry);
  }
  return hops;
}

export function createClientAddress(
  trust: TrustProxy | undefined,
): (socketAddress: string | undefined, forwardedFor: string | readonly string[] | undefined) => string {
  if (trust === undefined || trust === false || trust === 0) return (socket) => socket ?? '';
  if (trust === true) {
    return (socket, forwarded) => forwardedHops(forwarded).at(-1) ?? socket ?? '';
  }
  if (typeof trust === 'number') {
    if (!Number.isInteger(trust) || trust < 0) throw new TypeError('trustProxy: hop count must be 0 or more');
    return (socket, forwarded) => {
      const chain = [socket ?? '', ...forwardedHops(forwarded)];
      return chain[Math.min(trust, chain.length - 1)] ?? '';
    };
  }
  const trusted = new AddressAllowlist(trust);
  return (socket, forwarded) => {
    const chain = [socket ?? '', ...forwardedHops(forwarded)];
    let i = 0;
    while (i < chain.length - 1 && trusted.allows(chain[i])) i++;
    return chain[i] ?? '';
  };
}
