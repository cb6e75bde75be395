import type { DirectoryService } from '../../domain/directory-service.ts';
import type { RouterChannel } from './router-channel.ts';
import { RouterFlow, type RouterLogger } from './router-flow.ts';
import type { RouteOutcome } from './router-outcome.ts';
import { type RouterSettingsInput, resolveRouterSettings } from './router-settings.ts';

/** The parts of the FastAGI server's per-call object the route reads. */
export interface RouterAgiCall {
  readonly args: readonly string[];
  readonly env: { readonly extension: string };
  readonly log: RouterLogger;
}

export interface ExtensionRouterAppOptions {
  readonly services: { readonly directory: DirectoryService };
  readonly settings?: RouterSettingsInput;
  /** Called with each finished call's outcome (metrics, tests). */
  readonly onOutcome?: (outcome: RouteOutcome) => void;
}

export type ExtensionRouterHandler = (channel: RouterChannel, call: RouterAgiCall) => Promise<void>;

/**
 * The `extension-router` FastAGI route handler. The extension is the first AGI argument
 * (`AGI(agi://.../extension-router,${EXTEN})`), or the channel's extension when none is given.
 * Settings are checked here, once, so a bad setting fails `callgate serve` at startup.
 */
export function createExtensionRouterApp(options: ExtensionRouterAppOptions): ExtensionRouterHandler {
  const settings = resolveRouterSettings(options.settings);
  return async function extensionRouter(channel, call) {
    const argument = call.args[0]?.trim() ?? '';
    const dialled = argument !== '' ? argument : call.env.extension;
    const flow = new RouterFlow(channel, dialled, settings, options.services.directory, call.log);
    // Not inside `onOutcome?.(...)`: without a listener the arguments would not even be evaluated.
    const outcome = await flow.run();
    options.onOutcome?.(outcome);
  };
}
