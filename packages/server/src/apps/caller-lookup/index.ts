export {
  type CallerLookupAppOptions,
  type CallerLookupHandler,
  createCallerLookupApp,
  type LookupAgiCall,
} from './caller-lookup-app.ts';
export type { LookupChannel } from './lookup-channel.ts';
export type { LookupCallInfo, LookupLogger } from './lookup-flow.ts';
export { LOOKUP_VARIABLES, type LookupOutcome, type LookupStatus } from './lookup-outcome.ts';
export {
  DEFAULT_LOOKUP_SETTINGS,
  LOOKUP_GREETINGS,
  type LookupGreeting,
  type LookupSettings,
  type LookupSettingsInput,
  resolveLookupSettings,
} from './lookup-settings.ts';
