import type { DigitValidator } from './collect-digits.ts';

/** Ready-made validators for `collectDigits`; compose them with `allOf`. */

/** Only the digits 0-9 (refuses `*`, which GET DATA passes through as an ordinary key). */
export const digitsOnly: DigitValidator = (digits) => /^[0-9]+$/.test(digits);

/** Between `min` and `max` keys, inclusive. */
export function lengthBetween(min: number, max: number): DigitValidator {
  return (digits) => digits.length >= min && digits.length <= max;
}

/** One of a fixed set of entries. */
export function oneOf(...allowed: readonly string[]): DigitValidator {
  const set = new Set(allowed);
  return (digits) => set.has(digits);
}

/** Every validator accepts (checked in order; stops at the first refusal). */
export function allOf(...validators: readonly DigitValidator[]): DigitValidator {
  return async (digits) => {
    for (const validate of validators) if (!(await validate(digits))) return false;
    return true;
  };
}
