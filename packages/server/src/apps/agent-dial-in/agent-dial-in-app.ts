import type { DialInChannel } from './dial-in-channel.ts';
import { DialInFlow, type DialInLogger } from './dial-in-flow.ts';
import { type DialInOptionProblem, parseDialInOptions } from './dial-in-options.ts';
import type { DialInOutcome } from './dial-in-outcome.ts';
import type { DialInServices } from './dial-in-services.ts';
import { type DialInSettingsInput, resolveDialInSettings } from './dial-in-settings.ts';

/** The parts of the FastAGI server's per-call object the app reads. */
export interface DialInAgiCall {
  readonly args: readonly string[];
  readonly query: Readonly<Record<string, string>>;
  readonly env: { readonly channel: string; readonly uniqueid: string; readonly callerId: string };
  readonly log: DialInLogger;
}

export interface AgentDialInAppOptions {
  readonly services: DialInServices;
  readonly settings?: DialInSettingsInput;
  /** Called with each finished call's outcome (metrics, tests). */
  readonly onOutcome?: (outcome: DialInOutcome) => void;
}

export type AgentDialInHandler = (channel: DialInChannel, call: DialInAgiCall) => Promise<void>;

/** Bad option values are reported once per distinct value, not on every call. */
const MAX_REPORTED_PROBLEMS = 100;

/**
 * The `agent-dial-in` FastAGI route handler. Settings are checked here, once, so a bad setting
 * fails `callgate serve` at startup rather than a caller's call.
 */
export function createAgentDialInApp(options: AgentDialInAppOptions): AgentDialInHandler {
  const settings = resolveDialInSettings(options.settings);
  const reported = new Set<string>();

  function report(problem: DialInOptionProblem, log: DialInLogger): void {
    const key = `${problem.source}=${problem.value}`;
    if (reported.has(key) || reported.size >= MAX_REPORTED_PROBLEMS) return;
    reported.add(key);
    log.error({ source: problem.source, value: problem.value }, `agent-dial-in option: ${problem.message}`);
  }

  return async function agentDialIn(channel, call) {
    const parsed = parseDialInOptions(call.args, call.query);
    for (const problem of parsed.problems) report(problem, call.log);
    const info = { channel: call.env.channel, uniqueid: call.env.uniqueid, callerId: call.env.callerId };
    const flow = new DialInFlow(channel, info, parsed.options, settings, options.services, call.log);
    // While this call lives, the leg it claims is held by this node (see leg-holders.ts).
    const { liveCalls } = options.services.legHolders;
    liveCalls.add(info.uniqueid);
    try {
      const outcome = await flow.run();
      options.onOutcome?.(outcome);
    } finally {
      liveCalls.delete(info.uniqueid);
    }
  };
}
