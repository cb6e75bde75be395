import { isIP } from 'node:net';

/**
 * The key a peer's connections are counted under for the per-peer limits: an IPv4 address (also
 * when a dual-stack listener reports it IPv4-mapped, `::ffff:10.0.0.5`), or the /64 network of an
 * IPv6 address — one host usually holds a whole /64, so counting single IPv6 addresses would let
 * it open as many connections as it has addresses.
 */
export function peerKey(address: string): string {
  // The common case, a plain IPv4 address, without parsing.
  if (!address.includes(':')) return address;
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  const zone = address.indexOf('%');
  const bare = zone === -1 ? address : address.slice(0, zone);
  if (isIP(bare) !== 6) return bare;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  return `${expandIpv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (`::1.2.3.4`) takes two groups; the /64 never reaches it.
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return groups.map((g) => (/^[0-9a-f]+$/.test(g) ? Number.parseInt(g, 16).toString(16) : g));
}
