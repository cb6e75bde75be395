/**
 * Caller ID normalisation, pure: the number Asterisk hands us (`+44 (20) 7946-0000`,
 * `0044207946 0000`, `unknown`) becomes the digits a contact is stored under.
 */

export interface CallerNumberRules {
  /** Home country code (digits, e.g. `44`): `+44…` and `0044…` become national numbers. */
  readonly countryCode?: string;
  /**
   * National trunk prefix (e.g. `0`): a contact may be stored with it (`02079460000`) or without
   * (`2079460000`); both are tried.
   */
  readonly trunkPrefix?: string;
  /** Shortest number taken as a real caller ID (default 3). */
  readonly minDigits?: number;
  /** Longest (default 20). */
  readonly maxDigits?: number;
}

export type NormalisedCallerNumber =
  | {
      readonly ok: true;
      /** The canonical number: digits, home country code removed. */
      readonly number: string;
      /** Forms a contact may be stored under, most likely first. */
      readonly candidates: readonly string[];
    }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' };

/** What Asterisk sends when there is no caller ID, or the caller withheld it. */
const NO_NUMBER = /^(unknown|anonymous|restricted|private|withheld|unavailable)?$/i;
/** Separators people and carriers put in numbers. */
const SEPARATORS = /[\s\-().\u00a0/]/g;

export function normaliseCallerNumber(raw: string, rules: CallerNumberRules = {}): NormalisedCallerNumber {
  const trimmed = raw.trim();
  if (NO_NUMBER.test(trimmed)) return { ok: false, reason: 'missing' };
  let digits = trimmed.replace(SEPARATORS, '');
  let international = false;
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
    international = true;
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  const min = rules.minDigits ?? 3;
  const max = rules.maxDigits ?? 20;
  if (!/^[0-9]+$/.test(digits) || digits.length < min || digits.length > max) {
    return { ok: false, reason: 'malformed' };
  }

  const { countryCode, trunkPrefix } = rules;
  if (international && countryCode && digits.startsWith(countryCode) && digits.length > countryCode.length) {
    const national = digits.slice(countryCode.length);
    return { ok: true, number: national, candidates: withTrunkPrefix(national, trunkPrefix, digits) };
  }
  if (international) return { ok: true, number: digits, candidates: [digits, `00${digits}`] };
  if (trunkPrefix && digits.startsWith(trunkPrefix) && digits.length > trunkPrefix.length) {
    // Dialled nationally with the trunk prefix: the canonical form is without it.
    const national = digits.slice(trunkPrefix.length);
    return { ok: true, number: national, candidates: withTrunkPrefix(national, trunkPrefix) };
  }
  return { ok: true, number: digits, candidates: withTrunkPrefix(digits, trunkPrefix) };
}

function withTrunkPrefix(national: string, trunkPrefix: string | undefined, ...more: string[]): string[] {
  const forms = [national, ...(trunkPrefix ? [`${trunkPrefix}${national}`] : []), ...more];
  return [...new Set(forms)];
}

/** Rules are checked once (at startup), so a bad setting fails loudly rather than every lookup. */
export function checkCallerNumberRules(rules: CallerNumberRules): CallerNumberRules {
  if (rules.countryCode !== undefined && !/^[0-9]{1,4}$/.test(rules.countryCode)) {
    throw new RangeError('caller lookup countryCode must be 1 to 4 digits');
  }
  if (rules.trunkPrefix !== undefined && !/^[0-9]{1,3}$/.test(rules.trunkPrefix)) {
    throw new RangeError('caller lookup trunkPrefix must be 1 to 3 digits');
  }
  const min = rules.minDigits ?? 3;
  const max = rules.maxDigits ?? 20;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 32) {
    throw new RangeError('caller lookup minDigits/maxDigits must be whole numbers, 1 <= min <= max <= 32');
  }
  return rules;
}
