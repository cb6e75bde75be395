export {
  createExtensionRouterApp,
  type ExtensionRouterAppOptions,
  type ExtensionRouterHandler,
  type RouterAgiCall,
} from './extension-router-app.ts';
export type { RouterChannel } from './router-channel.ts';
export type { RouterLogger } from './router-flow.ts';
export {
  ROUTER_VARIABLES,
  type RouteOutcome,
  type RouteResult,
  type VoicemailGreeting,
} from './router-outcome.ts';
export {
  DEFAULT_ROUTER_SETTINGS,
  type RouterPrompts,
  type RouterSettings,
  type RouterSettingsInput,
  resolveRouterSettings,
} from './router-settings.ts';
