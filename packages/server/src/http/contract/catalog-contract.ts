/** Phones, contacts and pause codes as the API shows them. */
import { z } from 'zod';
import { DEVICE_KINDS } from '../../domain/device.ts';
import { named, timestamp } from './api-schema-registry.ts';

export const deviceSchema = named(
  'Device',
  z.strictObject({
    id: z.number().int(),
    name: z.string(),
    endpoint: z.string(),
    location: z.string(),
    kind: z.enum(DEVICE_KINDS),
    enabled: z.boolean(),
    /** null: Asterisk never reported on this phone (no AMI, or it never registered). */
    registered: z.boolean().nullable(),
    contact: z.string().nullable(),
    registeredAt: timestamp().nullable(),
    /** In admin lists: whether an open session uses the phone. */
    inUse: z.boolean().optional(),
  }),
);

export const contactSchema = named(
  'Contact',
  z.strictObject({
    id: z.number().int(),
    officeNum: z.string(),
    name: z.string(),
    details: z.string(),
    /** A disabled contact no longer matches a CONTACTS dial-in. */
    enabled: z.boolean(),
  }),
);

export const pauseCodeSchema = named(
  'PauseCode',
  z.strictObject({
    code: z.string(),
    name: z.string(),
    billable: z.boolean(),
    maxSeconds: z.number().int().nullable(),
    active: z.boolean(),
    /** Set by Callgate itself (LAGGED): listed for admins, never offered to agents, not editable. */
    system: z.boolean(),
  }),
);

/** A pause code as agents are offered it. */
export const selectablePauseCodeSchema = named('SelectablePauseCode', pauseCodeSchema.omit({ system: true }));

export const deviceResponse = z.strictObject({ device: deviceSchema });
export const deviceListResponse = z.strictObject({ devices: z.array(deviceSchema) });
export const contactResponse = z.strictObject({ contact: contactSchema });
export const contactListResponse = z.strictObject({ contacts: z.array(contactSchema) });
export const pauseCodeResponse = z.strictObject({ pauseCode: pauseCodeSchema });
export const pauseCodeListResponse = z.strictObject({ pauseCodes: z.array(pauseCodeSchema) });
export const selectablePauseCodeListResponse = z.strictObject({
  pauseCodes: z.array(selectablePauseCodeSchema),
});
