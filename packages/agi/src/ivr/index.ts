export {
  type CollectDigitsOptions,
  type CollectDigitsResult,
  type CollectFailureReason,
  collectDigits,
  type DigitValidator,
} from './collect-digits.ts';
export { allOf, digitsOnly, lengthBetween, oneOf } from './digit-validators.ts';
export { isHangupError } from './hangup-error.ts';
export type { IvrChannel, IvrGetDataResult } from './ivr-channel.ts';
export { type MenuOptions, type MenuResult, menu } from './menu.ts';
