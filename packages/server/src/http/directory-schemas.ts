/**
 * zod schemas of the directory's admin API: extension entries (a target of one kind) and the
 * caller details of a contact. They mirror directory-service.ts and directory-caller-lookup.ts,
 * so a bad value is reported on its own field; the domain checks everything again.
 */
import { z } from 'zod';
import { checkEndpoint } from '../domain/directory-service.ts';
import { bool, positiveId, text, typeError } from './field-schemas.ts';

const MAX_ENDPOINTS = 20;
const MAX_RING_SECONDS = 600;
const MAX_ACCOUNT = 64;

/** The domain's own rule, so the API and the CLI accept exactly the same endpoints. */
function isDialableEndpoint(value: string): boolean {
  try {
    checkEndpoint(value);
    return true;
  } catch {
    return false;
  }
}

export const extensionField = z
  .string(typeError('text'))
  .regex(/^[0-9]{1,20}$/, 'Extension must be 1 to 20 digits');

const endpointItem = z
  .string(typeError('text'))
  .trim()
  .refine(
    isDialableEndpoint,
    'Endpoint must look like PJSIP/2001 (or SIP/, IAX2/, DAHDI/, Local/<exten>@<context>)',
  );

/** What an entry rings: exactly one kind, named by `kind`. */
export const directoryTargetField = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('endpoints'),
      endpoints: z
        .array(endpointItem, typeError('a list of endpoints'))
        .min(1, 'Give at least one endpoint')
        .max(MAX_ENDPOINTS, `At most ${MAX_ENDPOINTS} endpoints`),
    }),
    z.strictObject({ kind: z.literal('device'), deviceId: positiveId }),
    z.strictObject({ kind: z.literal('agent'), agentId: positiveId }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'Target kind must be one of: endpoints, device, agent'
        : 'Must be an object with a kind',
  },
);

export type DirectoryTargetInput = z.output<typeof directoryTargetField>;

const ringSecondsField = z
  .number(typeError('a number'))
  .int('Ring time must be a whole number of seconds')
  .min(1, `Ring time must be 1 to ${MAX_RING_SECONDS} seconds`)
  .max(MAX_RING_SECONDS, `Ring time must be 1 to ${MAX_RING_SECONDS} seconds`);

// Mailbox and context end up inside a VoiceMail() argument: `,` `@` `&` would change its meaning.
const voicemailBoxField = z
  .string(typeError('text or null'))
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Voicemail box must be 1 to 40 letters, digits, _ or -')
  .nullable();

const voicemailContextField = z
  .string(typeError('text'))
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'Voicemail context must be 1 to 80 letters, digits, _ or -');

const entryFields = {
  extension: extensionField,
  name: text('Name'),
  target: directoryTargetField,
  ringSeconds: ringSecondsField.optional(),
  /** Omitted on create: the extension. null: no voicemail. */
  voicemailBox: voicemailBoxField.optional(),
  voicemailContext: voicemailContextField.optional(),
  enabled: bool().optional(),
};

export const newDirectoryEntryBody = z.strictObject(entryFields);
/** A PATCH changes only what it names; a `target` replaces what the entry rings. */
export const directoryEntryPatchBody = z.strictObject(entryFields).partial();

export const callerProfilePatchBody = z.strictObject({
  vip: bool().optional(),
  // Set as a channel variable by caller-lookup: one printable line. Empty text clears it.
  account: z
    .string(typeError('text or null'))
    .trim()
    .max(MAX_ACCOUNT, `Account must be at most ${MAX_ACCOUNT} characters`)
    .regex(/^[\x20-\x7e]*$/, 'Account must be printable ASCII (letters, digits, punctuation)')
    .nullable()
    .transform((value) => (value === '' ? null : value))
    .optional(),
});
