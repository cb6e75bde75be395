/**
 * The extension directory and caller profiles as the API shows them. An entry's target carries
 * the name of the agent or phone it rings, so a list reads without a lookup per row.
 */
import { z } from 'zod';
import { named, timestamp } from './api-schema-registry.ts';

export const directoryTargetSchema = named(
  'DirectoryTarget',
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('endpoints'), endpoints: z.array(z.string()) }),
    /** `name` and `endpoint` are null when the device is gone. */
    z.strictObject({
      kind: z.literal('device'),
      deviceId: z.number().int(),
      name: z.string().nullable(),
      endpoint: z.string().nullable(),
      enabled: z.boolean(),
    }),
    /** `name` and `userId` are null when the agent is gone. */
    z.strictObject({
      kind: z.literal('agent'),
      agentId: z.number().int(),
      name: z.string().nullable(),
      userId: z.string().nullable(),
      enabled: z.boolean(),
    }),
  ]),
);

export const directoryEntrySchema = named(
  'DirectoryEntry',
  z.strictObject({
    id: z.number().int(),
    extension: z.string(),
    name: z.string(),
    target: directoryTargetSchema,
    ringSeconds: z.number().int(),
    /** null: no voicemail, an unanswered call just ends. */
    voicemailBox: z.string().nullable(),
    voicemailContext: z.string(),
    enabled: z.boolean(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);

/** A contact's details for the caller-lookup app: VIP routing and the account reference. */
export const callerProfileSchema = named(
  'CallerProfile',
  z.strictObject({
    contactId: z.number().int(),
    officeNum: z.string(),
    name: z.string(),
    vip: z.boolean(),
    account: z.string().nullable(),
  }),
);

export const directoryEntryResponse = z.strictObject({ entry: directoryEntrySchema });
export const directoryListResponse = z.strictObject({ entries: z.array(directoryEntrySchema) });
export const callerProfileResponse = z.strictObject({ callerProfile: callerProfileSchema });
