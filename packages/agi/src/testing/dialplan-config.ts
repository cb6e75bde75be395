import type { CallRuntime } from './call-runtime.ts';
import type { OtherChannels } from './other-channels.ts';

/** How a scripted Dial() ends: DIALSTATUS, how long it rings, how long the parties talk. */
export interface DialOutcome {
  status: 'ANSWER' | 'BUSY' | 'NOANSWER' | 'CHANUNAVAIL' | 'CONGESTION';
  /** Ringing time before the outcome (NOANSWER: the Dial timeout when omitted). */
  ringMs?: number;
  /** After ANSWER, when the called party hangs up (default: never; the caller ends the call). */
  talkMs?: number;
}

/** A dialplan app run by EXEC: gets its options string, returns what the app returns. */
export type DialplanApp = (runtime: CallRuntime, args: string) => Promise<number> | number;

/** A GOSUB target: runs synchronously and returns GOSUB_RETVAL (args are ARG1..n). */
export type Subroutine = (runtime: CallRuntime, args: string[]) => string | undefined;

/** The parts of the dialplan the AGI can see beyond its own channel. */
export interface DialplanConfig {
  /** Priority labels, keyed `context,extension,label` (SET PRIORITY label, Goto). */
  labels: Record<string, number>;
  /** GOSUB targets keyed `context,extension,priority` (or `context,extension`). */
  subroutines: Record<string, Subroutine>;
  /** How each Dial() ends, by dial string (first argument), or one function for all. */
  dial: (destination: string, args: string[]) => DialOutcome;
  /** This call's other half (a Local channel pair): reports this state; its HANGUP ends this call. */
  linkedChannels: string[];
  /** Independent channels on the same Asterisk: CHANNEL STATUS and HANGUP by name reach them. */
  otherChannels: OtherChannels;
  /** RECORD FILE answers `result=-1 (writefile)` for these paths. */
  canWrite: (path: string) => boolean;
  /** Dialplan apps EXEC can run, by lower-case name; user apps replace built-ins of the same name. */
  apps: Map<string, DialplanApp>;
  /** How long ANSWER takes on a ringing channel (Asterisk waits up to 500 ms for media). */
  answerDelayMs: number;
}

/** Resolves a priority number or label in the given extension; undefined when unknown. */
export function resolvePriority(
  config: DialplanConfig,
  context: string,
  extension: string,
  priority: string,
): number | undefined {
  if (/^-?\d+$/.test(priority.trim())) return Number.parseInt(priority, 10);
  return config.labels[`${context},${extension},${priority}`];
}
