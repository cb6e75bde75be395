/**
 * zod schemas for the fields the API accepts, mirroring the domain's rules (credential-rules.ts,
 * the services) and the PJSIP renderer's, so a bad value is reported on its own field before any
 * service runs. The domain still checks everything again.
 */
import { z } from 'zod';
import { AGENT_ROLES, SESSION_INTERFACES } from '../domain/agent.ts';
import { DEVICE_KINDS } from '../domain/device.ts';
import type { DomainConfig } from '../domain/domain-config.ts';
import { MEDIA_ENCRYPTIONS, SIP_CODECS, SIP_PEER_TYPES, SIP_TRANSPORTS } from '../domain/voice-settings.ts';

/** "Required" when the field is missing, otherwise what type it must have. */
export function typeError(expected: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? 'Required' : `Must be ${expected}`),
  };
}

const ONE_LINE = /^[^\x00-\x1f\x7f]*$/;

export const text = (what: string, max = 200) =>
  z
    .string(typeError('text'))
    .max(max, `${what} must be at most ${max} characters`)
    .regex(ONE_LINE, `${what} must be one line of text`)
    .trim()
    .min(1, `${what} is required`);

export const bool = () => z.boolean(typeError('true or false'));

export const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `${what} must be one of: ${values.join(', ')}` });

export const userIdField = z
  .string(typeError('text'))
  .regex(/^[0-9]{1,20}$/, 'User ID must be 1 to 20 digits');

export const roleField = oneOf(AGENT_ROLES, 'Role');
export const interfaceField = oneOf(SESSION_INTERFACES, 'Interface');
export const deviceKindField = oneOf(DEVICE_KINDS, 'Kind');

export const passwordField = (config: DomainConfig) =>
  z
    .string(typeError('text'))
    .min(config.passwordMinLength, `Password must be ${config.passwordMinLength} to 256 characters`)
    .max(256, `Password must be ${config.passwordMinLength} to 256 characters`);

export const pinField = (config: DomainConfig) => {
  const message = `PIN must be ${config.pinMinLength} to ${config.pinMaxLength} digits`;
  return z
    .string(typeError('text'))
    .max(config.pinMaxLength, message)
    .regex(new RegExp(`^[0-9]{${config.pinMinLength},${config.pinMaxLength}}$`), message);
};

/** Empty text means "none". */
export const mobileNumberField = z
  .string(typeError('text or null'))
  .regex(/^(\+?[0-9]{3,20})?$/, 'Mobile number must be 3 to 20 digits, optionally after +')
  .nullable()
  .transform((value) => (value === '' ? null : value));

export const idParam = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, 'Must be a positive whole number')
    .transform(Number),
});

export const positiveId = z
  .number(typeError('a number'))
  .int('Must be a whole number')
  .positive('Must be a positive number')
  .max(2_147_483_647, 'Is too large');

const HOST = /^dynamic$|^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const GROUPS = /^(\d+(-\d+)?(,\d+(-\d+)?)*)?$/;

const distinct = <T>(list: readonly T[]) => new Set(list).size === list.length;

const groups = (what: string) =>
  z
    .string(typeError('text'))
    .max(100, `${what} must be at most 100 characters`)
    .transform((value) => value.replace(/\s+/g, ''))
    .refine((value) => GROUPS.test(value), `${what} must look like 1,3-4 (or be empty)`);

/** Voice settings as the API takes them: every field optional, the domain fills the rest. */
export const voiceSettingsField = z
  .strictObject({
    transports: z
      .array(oneOf(SIP_TRANSPORTS, 'Transport'), typeError('a list'))
      .min(1, 'Pick at least one transport')
      .max(SIP_TRANSPORTS.length)
      .refine(distinct, 'Each transport only once'),
    host: z
      .string(typeError('text'))
      .trim()
      .max(255, 'Host must be at most 255 characters')
      .regex(HOST, 'Host must be "dynamic", a host name or an IP address (with an optional :port)'),
    nat: bool(),
    type: oneOf(SIP_PEER_TYPES, 'Type'),
    codecs: z
      .array(oneOf(SIP_CODECS, 'Codec'), typeError('a list'))
      .min(1, 'Pick at least one codec')
      .max(SIP_CODECS.length)
      .refine(distinct, 'Each codec only once'),
    callerId: z
      .string(typeError('text'))
      .max(80, 'Caller ID must be at most 80 characters')
      .regex(ONE_LINE, 'Caller ID must be one line of text'),
    context: z.string(typeError('text')).regex(NAME, 'Context must be 1 to 64 of A-Z, a-z, 0-9, _ . -'),
    callGroup: groups('Call group'),
    pickupGroup: groups('Pickup group'),
    chanspy: bool(),
    video: bool(),
    recordCalls: bool(),
    encryption: oneOf(MEDIA_ENCRYPTIONS, 'Encryption'),
  })
  .partial();

/** Pause codes as the domain defines them. */
export const pauseCodeField = z
  .string(typeError('text'))
  .regex(/^[A-Z0-9_]{1,16}$/, 'Pause code must be 1 to 16 of A-Z, 0-9 and _');

export const maxSecondsField = z
  .number(typeError('a number or null'))
  .int('Must be a whole number of seconds')
  .positive('Must be a positive number of seconds')
  .max(86_400 * 7, 'Must be at most a week')
  .nullable();
