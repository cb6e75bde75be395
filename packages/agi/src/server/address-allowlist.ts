import { BlockList, isIP } from 'node:net';
import { AgiError } from '../errors.ts';

/**
 * Which peers may speak FastAGI to us. FastAGI has no authentication of its own, so the first
 * line of defence is the list of Asterisk addresses, as CIDR blocks (`10.0.0.0/8`, `::1/128`) or
 * bare addresses. IPv4 rules also match IPv4-mapped IPv6 peers (`::ffff:127.0.0.1`), which is how
 * a dual-stack listener reports IPv4 clients.
 */
export class AddressAllowlist {
  readonly #list = new BlockList();
  /** Asterisk peers are a handful of addresses: remember verdicts instead of re-parsing each time. */
  readonly #verdicts = new Map<string, boolean>();
  readonly rules: readonly string[];

  constructor(rules: readonly string[]) {
    for (const rule of rules) addRule(this.#list, rule);
    this.rules = [...rules];
  }

  allows(address: string | undefined): boolean {
    if (address === undefined || address === '') return false;
    const known = this.#verdicts.get(address);
    if (known !== undefined) return known;
    const verdict = this.#check(address);
    // Bounded, so a scan from many addresses cannot grow it without limit.
    if (this.#verdicts.size >= VERDICT_CACHE_SIZE) this.#verdicts.clear();
    this.#verdicts.set(address, verdict);
    return verdict;
  }

  #check(address: string): boolean {
    // A zone index (`fe80::1%eth0`) is local routing detail, not part of the address.
    const zone = address.indexOf('%');
    const bare = zone === -1 ? address : address.slice(0, zone);
    const family = isIP(bare);
    if (family === 0) return false;
    return this.#list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  }
}

const VERDICT_CACHE_SIZE = 1024;

function addRule(list: BlockList, rule: string): void {
  const slash = rule.indexOf('/');
  const address = (slash === -1 ? rule : rule.slice(0, slash)).trim();
  const family = isIP(address);
  if (family === 0) throw badRule(rule);
  const max = family === 4 ? 32 : 128;
  let prefix = max;
  if (slash !== -1) {
    const text = rule.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(text)) throw badRule(rule);
    prefix = Number(text);
    if (prefix > max) throw badRule(rule);
  }
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

function badRule(rule: string): AgiError {
  return new AgiError(
    'AGI_ERR_BAD_ARGUMENT',
    `invalid allowlist entry ${JSON.stringify(rule)} (want CIDR like 10.0.0.0/8)`,
  );
}
