/**
 * The FastAGI applications of the Callgate server. `callgate serve` calls `registerApps` once with
 * its FastAGI server and the domain services.
 *
 * Routes:
 * - `agent-dial-in`: an agent keys user ID + PIN and joins the conference of their session.
 * - `agent-dial-in-leg-ended`: for the dial-in's `dialplan` bridge mode, called from the channel's
 *   hangup handler to give the session's phone leg back.
 * - `extension-router`: rings a directory extension, voicemail on no answer; `*<ext>` its mailbox.
 * - `caller-lookup`: names the caller from the contacts (variables, greeting, VIP context).
 */
import type { Services } from '../domain/index.ts';
import {
  type AgentDialInAppOptions,
  createAgentDialInApp,
  createLegEndedApp,
  type DialInSettingsInput,
} from './agent-dial-in/index.ts';
import { createCallerLookupApp, type LookupSettingsInput } from './caller-lookup/index.ts';
import { createExtensionRouterApp, type RouterSettingsInput } from './extension-router/index.ts';

export * from './agent-dial-in/index.ts';
export * from './caller-lookup/index.ts';
export * from './extension-router/index.ts';

/** The part of the FastAGI server registerApps uses. */
export interface AppRouter {
  // biome-ignore lint/suspicious/noExplicitAny: handlers are typed by each app; the server checks its own shape.
  route(pattern: string, handler: (channel: any, call: any) => Promise<void> | void): unknown;
}

export interface AppsDeps {
  readonly services: Services;
  /** `config.dialIn`, when the server's configuration carries dial-in settings. */
  readonly config?: {
    readonly dialIn?: DialInSettingsInput;
    readonly extensionRouter?: RouterSettingsInput;
    readonly callerLookup?: LookupSettingsInput;
    /** `callgate serve --mobile-context`: the extension router rings agents' mobiles through it too. */
    readonly mobileContext?: string;
  };
  /** Overrides `config.dialIn`. */
  readonly dialIn?: DialInSettingsInput;
  readonly onDialInOutcome?: AgentDialInAppOptions['onOutcome'];
}

export const APP_ROUTES = {
  agentDialIn: 'agent-dial-in',
  legEnded: 'agent-dial-in-leg-ended',
  extensionRouter: 'extension-router',
  callerLookup: 'caller-lookup',
} as const;

/** Registers every app on the FastAGI server. Throws (at startup) on a bad dial-in setting. */
export function registerApps(agiServer: AppRouter, deps: AppsDeps): void {
  const settings = deps.dialIn ?? deps.config?.dialIn;
  agiServer.route(
    APP_ROUTES.agentDialIn,
    createAgentDialInApp({
      services: deps.services,
      ...(settings === undefined ? {} : { settings }),
      ...(deps.onDialInOutcome === undefined ? {} : { onOutcome: deps.onDialInOutcome }),
    }),
  );
  agiServer.route(APP_ROUTES.legEnded, createLegEndedApp(deps.services));
  agiServer.route(
    APP_ROUTES.extensionRouter,
    createExtensionRouterApp({
      services: deps.services,
      settings: { mobileTrunkContext: deps.config?.mobileContext, ...deps.config?.extensionRouter },
    }),
  );
  agiServer.route(
    APP_ROUTES.callerLookup,
    createCallerLookupApp({ services: deps.services, settings: deps.config?.callerLookup ?? {} }),
  );
}
