/**
 * Salted slow hashes for passwords and PINs: scrypt, encoded with its parameters so the cost can
 * be raised later without breaking stored hashes: `scrypt$N$r$p$<salt b64>$<hash b64>`.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 14, r: 8, p: 1 });
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128 * N * r bytes; leave headroom above Node's 32 MiB default.
    const maxmem = 256 * cost.N * cost.r + 1024 * 1024;
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashSecret(secret: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return undefined;
  return { cost: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64'), key: Buffer.from(parts[5]!, 'base64') };
}

// Fixed hashes to verify against when there is no real one (one per cost), so an unknown user ID
// or an agent without a PIN costs the same time as a wrong PIN.
const dummyHashes = new Map<string, Promise<string>>();

/**
 * Constant-time check of `secret` against an encoded hash. With `encoded` null or undefined it
 * still does the full work, at `dummyCost` (the cost new hashes get), and returns false.
 */
export async function verifySecret(
  secret: string,
  encoded: string | null | undefined,
  dummyCost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<boolean> {
  const parsed = encoded ? parseHash(encoded) : undefined;
  if (!parsed) {
    const costKey = `${dummyCost.N}$${dummyCost.r}$${dummyCost.p}`;
    let dummyHash = dummyHashes.get(costKey);
    if (!dummyHash) {
      dummyHash = hashSecret('callgate-dummy-secret', dummyCost);
      dummyHashes.set(costKey, dummyHash);
    }
    const dummy = parseHash(await dummyHash)!;
    const key = await derive(secret, dummy.salt, dummy.cost);
    timingSafeEqual(key, dummy.key);
    return false;
  }
  const key = await derive(secret, parsed.salt, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}
