import type { DialplanLocation, HungUpBy } from './channel-model.ts';
import type { OtherChannelHangup } from './other-channels.ts';

/** AGISTATUS after the AGI, as Asterisk sets it. */
export type AgiStatus = 'SUCCESS' | 'FAILURE' | 'HANGUP' | 'NOTFOUND';

export interface PromptPlayed {
  file: string;
  /** The AGI command or dialplan app that played it. */
  by: string;
  startedAt: number;
  endedAt: number;
  /** True when a key or hangup stopped it before its end. */
  interrupted: boolean;
  /** The key that stopped it. */
  key?: string;
}

export interface KeyConsumed {
  key: string;
  at: number;
  /** The command or app that took it. */
  by: string;
}

export interface AppRun {
  name: string;
  args: string;
  startedAt: number;
  endedAt?: number;
  result?: number;
}

export interface VariableSet {
  name: string;
  value: string;
  at: number;
}

export interface TranscriptLine {
  /** Virtual (or real-time) ms since the call started. */
  at: number;
  /** `asterisk`: written by the simulated Asterisk; `app`: a command line it read. */
  from: 'asterisk' | 'app';
  line: string;
}

/** Everything that happened on one simulated call. */
export interface CallRecording {
  prompts: PromptPlayed[];
  keys: KeyConsumed[];
  apps: AppRun[];
  variablesSet: VariableSet[];
  transcript: TranscriptLine[];
  /** undefined when the channel was still up when the AGI ended. */
  hungUpBy: HungUpBy | undefined;
  hungUpAt: number | undefined;
  /** Channels from the `otherChannels` option the application hung up (HANGUP <name>), in order. */
  otherChannelsHungUp: OtherChannelHangup[];
  agiStatus: AgiStatus;
  /** Where the dialplan continues after the AGI; undefined when the channel hung up (h extension). */
  continuesAt: DialplanLocation | undefined;
  /** The channel's variables at the end. */
  variables: Record<string, string>;
  /** Why the AGI ended. */
  endReason: 'app-closed' | 'exit-on-hangup' | 'process-exited' | 'connect-failed' | 'not-found' | 'aborted';
  /** Call length on the call's clock, in ms. */
  durationMs: number;
  /** Why the call could not start (connect refused, program not found), or what a user app threw. */
  error?: string;
}
