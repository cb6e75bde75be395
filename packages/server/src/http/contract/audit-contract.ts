/** The audit log as the API shows it: authentication attempts and the session trail, newest first. */
import { z } from 'zod';
import { named, timestamp } from './api-schema-registry.ts';

export const auditEntrySchema = named(
  'AuditEntry',
  z.strictObject({
    id: z.string(),
    at: timestamp(),
    kind: z.enum(['auth', 'session']),
    /** `admin`: an admin or supervisor acted on someone's session (session entries only). */
    source: z.enum(['web', 'dialin', 'api', 'system', 'admin']),
    agentUserId: z.string().nullable(),
    agentName: z.string().nullable(),
    enteredId: z.string().nullable(),
    callerId: z.string().nullable(),
    channel: z.string().nullable(),
    remoteIp: z.string().nullable(),
    /** Authentication: the result (`ok`, `bad_credentials`, ...); session: what happened (`started`, ...). */
    result: z.string(),
    detail: z.string().nullable(),
  }),
);

export const auditListResponse = z.strictObject({ entries: z.array(auditEntrySchema) });
