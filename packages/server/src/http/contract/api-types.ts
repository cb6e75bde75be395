/**
 * The HTTP API's types, derived from the schemas the OpenAPI document is made from: what the
 * server's views return and what the console receives. Types only (nothing here exists at run
 * time), so the console imports them with `import type` and bundles nothing of the server; a
 * change of shape on either side is a type error on the other.
 */
import type { z } from 'zod';
import type {
  adminAgentSchema,
  agentListResponse,
  agentQueuesResponse,
  agentResponse,
  meSchema,
  signedInResponse,
  voiceSettingsSchema,
} from './agent-contract.ts';
import type { auditEntrySchema, auditListResponse } from './audit-contract.ts';
import type {
  contactListResponse,
  contactResponse,
  contactSchema,
  deviceListResponse,
  deviceResponse,
  deviceSchema,
  pauseCodeListResponse,
  pauseCodeResponse,
  pauseCodeSchema,
  selectablePauseCodeListResponse,
  selectablePauseCodeSchema,
} from './catalog-contract.ts';
import type {
  callerProfileResponse,
  callerProfileSchema,
  directoryEntryResponse,
  directoryEntrySchema,
  directoryListResponse,
  directoryTargetSchema,
} from './directory-contract.ts';
import type { apiErrorSchema } from './error-contract.ts';
import type { lockEntrySchema, lockListResponse, unlockResponse } from './lock-contract.ts';
import type {
  agentSessionSnapshotSchema,
  asteriskStatusSchema,
  boardResponse,
  callAgainOutcomeSchema,
  callAgainResponse,
  dialInInstructionsSchema,
  endedSessionSchema,
  legAttemptSchema,
  sessionResponse,
  sessionSchema,
  statusResponse,
} from './session-contract.ts';

export type ApiMe = z.infer<typeof meSchema>;
export type ApiAdminAgent = z.infer<typeof adminAgentSchema>;
export type ApiVoiceSettings = z.infer<typeof voiceSettingsSchema>;
export type ApiSession = z.infer<typeof sessionSchema>;
export type ApiDialInInstructions = z.infer<typeof dialInInstructionsSchema>;
export type ApiLegAttempt = z.infer<typeof legAttemptSchema>;
export type ApiEndedSession = z.infer<typeof endedSessionSchema>;
export type ApiAgentSessionSnapshot = z.infer<typeof agentSessionSnapshotSchema>;
export type ApiAsteriskStatus = z.infer<typeof asteriskStatusSchema>;
export type ApiCallAgainOutcome = z.infer<typeof callAgainOutcomeSchema>;
export type ApiDevice = z.infer<typeof deviceSchema>;
export type ApiContact = z.infer<typeof contactSchema>;
export type ApiPauseCode = z.infer<typeof pauseCodeSchema>;
export type ApiSelectablePauseCode = z.infer<typeof selectablePauseCodeSchema>;
export type ApiAuditEntry = z.infer<typeof auditEntrySchema>;
export type ApiDirectoryTarget = z.infer<typeof directoryTargetSchema>;
export type ApiDirectoryEntry = z.infer<typeof directoryEntrySchema>;
export type ApiCallerProfile = z.infer<typeof callerProfileSchema>;
export type ApiErrorResponse = z.infer<typeof apiErrorSchema>;
export type ApiLockEntry = z.infer<typeof lockEntrySchema>;

// Response bodies, route by route (see the OpenAPI document for which route answers which).
export type SignedInResponse = z.infer<typeof signedInResponse>;
export type AgentResponse = z.infer<typeof agentResponse>;
export type AgentListResponse = z.infer<typeof agentListResponse>;
export type AgentQueuesResponse = z.infer<typeof agentQueuesResponse>;
export type SessionResponse = z.infer<typeof sessionResponse>;
export type BoardResponse = z.infer<typeof boardResponse>;
export type CallAgainResponse = z.infer<typeof callAgainResponse>;
export type StatusResponse = z.infer<typeof statusResponse>;
export type DeviceResponse = z.infer<typeof deviceResponse>;
export type DeviceListResponse = z.infer<typeof deviceListResponse>;
export type ContactResponse = z.infer<typeof contactResponse>;
export type ContactListResponse = z.infer<typeof contactListResponse>;
export type PauseCodeResponse = z.infer<typeof pauseCodeResponse>;
export type PauseCodeListResponse = z.infer<typeof pauseCodeListResponse>;
export type SelectablePauseCodeListResponse = z.infer<typeof selectablePauseCodeListResponse>;
export type AuditListResponse = z.infer<typeof auditListResponse>;
export type DirectoryEntryResponse = z.infer<typeof directoryEntryResponse>;
export type DirectoryListResponse = z.infer<typeof directoryListResponse>;
export type CallerProfileResponse = z.infer<typeof callerProfileResponse>;
export type LockListResponse = z.infer<typeof lockListResponse>;
export type UnlockResponse = z.infer<typeof unlockResponse>;
