import type { CallerLookupService } from '../../domain/directory-caller-lookup.ts';
import type { LookupChannel } from './lookup-channel.ts';
import { LookupFlow, type LookupLogger } from './lookup-flow.ts';
import type { LookupOutcome } from './lookup-outcome.ts';
import { type LookupSettingsInput, resolveLookupSettings, withQueryOverrides } from './lookup-settings.ts';

/** The parts of the FastAGI server's per-call object the route reads. */
export interface LookupAgiCall {
  readonly query: Readonly<Record<string, string>>;
  readonly env: { readonly callerId: string; readonly extension: string };
  readonly log: LookupLogger;
}

export interface CallerLookupAppOptions {
  readonly services: { readonly callers: CallerLookupService };
  readonly settings?: LookupSettingsInput;
  /** Called with each finished call's outcome (metrics, tests). */
  readonly onOutcome?: (outcome: LookupOutcome) => void;
}

export type CallerLookupHandler = (channel: LookupChannel, call: LookupAgiCall) => Promise<void>;

/** Bad query values are reported once per distinct problem, not on every call. */
const MAX_REPORTED_PROBLEMS = 100;

/**
 * The `caller-lookup` FastAGI route handler. It reads the caller ID Asterisk sent (agi_callerid).
 * Settings are checked here, once, so a bad setting fails `callgate serve` at startup.
 */
export function createCallerLookupApp(options: CallerLookupAppOptions): CallerLookupHandler {
  const base = resolveLookupSettings(options.settings);
  const reported = new Set<string>();
  return async function callerLookup(channel, call) {
    const { settings, problems } = withQueryOverrides(base, call.query);
    for (const problem of problems) {
      if (reported.has(problem) || reported.size >= MAX_REPORTED_PROBLEMS) continue;
      reported.add(problem);
      call.log.warn({ problem }, 'caller-lookup: query option ignored');
    }
    const info = { callerId: call.env.callerId, extension: call.env.extension };
    const flow = new LookupFlow(channel, info, settings, options.services.callers, call.log);
    // Not inside `onOutcome?.(...)`: without a listener the arguments would not even be evaluated.
    const outcome = await flow.run();
    options.onOutcome?.(outcome);
  };
}
