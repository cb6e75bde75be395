/** Login locks as the API shows them (lock-view.ts): what is locked, since and until when. */
import { z } from 'zod';
import { named, timestamp } from './api-schema-registry.ts';

export const lockEntrySchema = named(
  'LockEntry',
  z.strictObject({
    /** The lane's key: what `POST /api/admin/locks/unlock {key}` takes. */
    key: z.string(),
    kind: z.enum([
      'phone',
      'phone-known',
      'caller',
      'phone-any',
      'contact',
      'web',
      'web-device',
      'address',
      'web-any',
    ]),
    /** Locked by the lane's daily limit rather than its short window. */
    daily: z.boolean(),
    source: z.enum(['phone', 'web']),
    /** The agent user ID the lane belongs to. */
    userId: z.string().nullable(),
    agentName: z.string().nullable(),
    /** The caller ID or client address the lane counts. */
    origin: z.string().nullable(),
    /** The caller ID or client address of the latest attempt. */
    lastOrigin: z.string().nullable(),
    /** What is locked, in words. */
    description: z.string(),
    attempts: z.number().int(),
    lockedAt: timestamp().nullable(),
    lockedUntil: timestamp(),
  }),
);

export const lockListResponse = z.strictObject({ locks: z.array(lockEntrySchema) });
export const unlockResponse = z.strictObject({ cleared: z.number().int() });
