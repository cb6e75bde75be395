/** Format rules for what people key or type: user IDs, PINs, passwords. Pure functions. */
import { DomainError } from './domain-error.ts';

const DIGITS = /^[0-9]+$/;

export function checkUserId(userId: string): string {
  if (!DIGITS.test(userId) || userId.length > 20) {
    throw new DomainError('E_USER_ID_FORMAT', 'User ID must be 1 to 20 digits');
  }
  return userId;
}

export function checkPin(pin: string, min: number, max: number): string {
  if (!DIGITS.test(pin) || pin.length < min || pin.length > max) {
    throw new DomainError('E_PIN_FORMAT', `PIN must be ${min} to ${max} digits`);
  }
  return pin;
}

export function checkPassword(password: string, minLength: number): string {
  if (password.length < minLength || password.length > 256) {
    throw new DomainError('E_PASSWORD_FORMAT', `Password must be ${minLength} to 256 characters`);
  }
  return password;
}

export function checkDigits(value: string, what: string, maxLength = 32): string {
  if (!DIGITS.test(value) || value.length > maxLength) {
    throw new DomainError('E_VALIDATION', `${what} must be 1 to ${maxLength} digits`);
  }
  return value;
}

export function checkText(value: string, what: string, maxLength = 200): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > maxLength) {
    throw new DomainError('E_VALIDATION', `${what} must be 1 to ${maxLength} characters`);
  }
  return trimmed;
}

export function checkOneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DomainError('E_VALIDATION', `${what} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}
