export {
  type AgentDialInAppOptions,
  type AgentDialInHandler,
  createAgentDialInApp,
  type DialInAgiCall,
} from './agent-dial-in-app.ts';
export type { DialInChannel } from './dial-in-channel.ts';
export type { DialInCallInfo, DialInLogger } from './dial-in-flow.ts';
export { type DialInLoginMode, type DialInOptions, parseDialInOptions } from './dial-in-options.ts';
export {
  DIAL_IN_VARIABLES,
  type DialInOutcome,
  type DialInResult,
  type DialInStage,
} from './dial-in-outcome.ts';
export type { DialInServices } from './dial-in-services.ts';
export {
  DEFAULT_DIAL_IN_SETTINGS,
  type DialInPrompts,
  type DialInSettings,
  type DialInSettingsInput,
  resolveDialInSettings,
} from './dial-in-settings.ts';
export { createLegEndedApp } from './leg-ended-app.ts';
