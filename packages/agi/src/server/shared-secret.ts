import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with the expected one in constant time. Both sides are hashed first
 * so the comparison runs over equal-length digests: neither the content nor the length of the
 * expected secret leaks through timing.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The query parameter that carries the shared secret: `agi://host/route?secret=...`. */
export const SECRET_PARAM = 'secret';

/**
 * Removes the `secret` parameter from a script reference or URL (`agent-dial-in?secret=x&a=1`
 * becomes `agent-dial-in?a=1`) so it reaches no handler, log or transcript.
 */
export function redactSecret(text: string): string {
  const q = text.indexOf('?');
  if (q === -1) return text;
  const kept = text
    .slice(q + 1)
    .split('&')
    .filter((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return safeDecode(name) !== SECRET_PARAM;
    });
  return kept.length === 0 ? text.slice(0, q) : `${text.slice(0, q)}?${kept.join('&')}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const SECRET_IN_TEXT = /([?&]secret=)[^&\s"\\]*/gi;

/** Masks any `secret=` value inside free text (an error message quoting a malformed line). */
export function maskSecrets(text: string): string {
  return text.replace(SECRET_IN_TEXT, '$1<redacted>');
}
