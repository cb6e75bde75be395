/** Every error the API answers: `{ error: { code, message, fields?, retryAfterSec? } }` (api-error.ts). */
import { z } from 'zod';
import { API_ERROR_CODES, type ApiErrorBody } from '../api-error.ts';
import { named } from './api-schema-registry.ts';

export const apiErrorSchema = named(
  'ApiError',
  z.strictObject({
    error: z.strictObject({
      /** What clients match on; the message is for people. */
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      /** E_VALIDATION: what is wrong with each field, by its dotted path (`voice.host`). */
      fields: z.record(z.string(), z.string()).optional(),
      /** E_LOCKED, E_RATE_LIMIT: when to try again. */
      retryAfterSec: z.number().int().optional(),
      /** A sign-in refused by a lock: until when. */
      lockedUntil: z.iso.datetime().nullable().optional(),
      /** ... and what is locked: the user ID (for new browsers), every stranger, or the address. */
      lockScope: z.enum(['user', 'everyone', 'address']).optional(),
    }),
  }),
);

// The body the error handler builds and the documented one are the same shape, or this fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof apiErrorSchema>, ApiErrorBody> = true;
void sameShape;
