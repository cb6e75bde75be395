/**
 * Web logins (not agent sessions) live in the store through `services.webSessions`: the
 * `callgate_sid` cookie carries a random token, the store only its hash, so every node serves any
 * browser and a restart signs no one out. This file keeps what the HTTP side adds on top.
 */
import { timingSafeEqual } from 'node:crypto';

/** Compares two tokens without leaking, through timing, how much of them matched. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
