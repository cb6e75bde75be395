// Asterisk over AMI: the client, the control service the server calls, and PJSIP rendering.
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './ami-backoff.ts';
export { AmiClient, type AmiClientEvents } from './ami-client.ts';
export type {
  AmiActionOptions,
  AmiActionResult,
  AmiClientOptions,
  AmiEventFilter,
  AmiLogger,
  AmiStatus,
  AmiStatusChange,
  OnDisconnectPolicy,
  WhenDownPolicy,
} from './ami-client-options.ts';
export type { AmiActionFields, AmiActionValue } from './ami-encode.ts';
export { AMI_ERROR_CODES, AmiError, type AmiErrorCode, isAmiError } from './ami-error.ts';
export { type AmiFrame, AmiFrameParser } from './ami-frame-parser.ts';
export { type AmiField, AmiMessage, redactAmiMessage } from './ami-message.ts';
export {
  AsteriskControl,
  type AsteriskControlEvents,
  type AsteriskControlOptions,
  type AsteriskControlWarning,
  type QueueReconcileReport,
} from './asterisk-control.ts';
export {
  AsteriskStore,
  checkQueueNames,
  type LegAttemptFailure,
  type PhoneLegAttempt,
} from './asterisk-store.ts';
export type { CallLegRequest, CallLegResult, LegFailure, LegInterface, LegTarget } from './call-leg.ts';
export type { DeviceRegistration } from './device-registration-tracker.ts';
export type { PhoneLegEvent, PhoneLegState } from './phone-leg-tracker.ts';
export { renderPjsipConfig } from './pjsip-config.ts';
export {
  type PjsipAgent,
  PjsipConfigError,
  type PjsipConfigInput,
  type PjsipDevice,
  type PjsipRenderOptions,
} from './pjsip-input.ts';
export { type PjsipReloadOptions, reloadPjsip } from './pjsip-reload.ts';
export type { DesiredQueueMember, QueueStep } from './queue-reconcile.ts';
export {
  type AsteriskStatus,
  type AsteriskStatusChange,
  SessionCallControl,
  type SessionCallControlEvents,
  type SessionCallControlOptions,
  type SessionCallControlWarning,
  type SessionLegOutcome,
} from './session-call-control.ts';
