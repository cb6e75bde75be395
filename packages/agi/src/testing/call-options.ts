import type { AsteriskDatabase } from './asterisk-database.ts';
import type { CallerAction } from './caller-script.ts';
import type { ChannelIdentity, DialplanLocation } from './channel-model.ts';
import type { DialOutcome, DialplanApp, Subroutine } from './dialplan-config.ts';
import type { OtherChannelState } from './other-channels.ts';
import type { SoundLibraryOptions } from './sound-library.ts';

/** Ways to make the simulated Asterisk misbehave on the wire, to test a client's resilience. */
export interface FaultOptions {
  /** Write every byte on its own (each line arrives split in many TCP segments). */
  splitWrites?: boolean;
  /** Write a reply and what follows it (the 520 body, the HANGUP line) in one segment. */
  mergeLines?: boolean;
  /** Wait this many real ms before each reply. */
  replyDelayMs?: number;
  /** Close the connection, without a reply, when the Nth command (1-based) arrives. */
  closeAtCommand?: number;
}

export interface StartCallOptions {
  /** FastAGI: the URL to connect to, as in AGI(agi://host[:port]/script?query). */
  url?: string;
  /** Standard AGI: the program to start; it talks on stdin/stdout and gets SIGHUP on hangup. */
  spawn?: {
    command: string;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** The program's stderr: dropped (default) or shown in this process's stderr. */
    stderr?: 'ignore' | 'inherit';
  };
  /** Dialplan arguments: agi_arg_1..N (and argv for standard AGI). */
  args?: string[];
  /** Channel name, uniqueid, language, type, accountcode, caller ID. */
  channel?: Partial<ChannelIdentity>;
  /** Caller ID as `"Name" <number>` or a number. */
  callerId?: string;
  /** Where the AGI() runs in the dialplan (agi_context/extension/priority). */
  location?: Partial<DialplanLocation>;
  /** Replaces environment values by name (e.g. `agi_threadid`, `agi_request`); unknown names are appended. */
  environment?: Record<string, string>;
  /** Whether the channel is answered before the AGI starts (default false, as in the lab). */
  answered?: boolean;
  /** Channel variables set before the AGI (AGIEXITONHANGUP=yes and AGISIGHUP=no are honoured). */
  variables?: Record<string, string>;
  /** The scripted caller: keys, hangups and kicks at moments of the call. */
  caller?: CallerAction[];
  /** `virtual` (default): waits take no real time. `realtime`: the call runs at the speed of a real one. */
  clock?: 'virtual' | 'realtime';
  /**
   * Virtual clock only: what the caller does when the call waits for something nothing scripted will
   * bring (ConfBridge with no hangup scripted, WAIT FOR DIGIT -1 with no keys left). Default: wait
   * for a live action (press, hangup, kick). `hangup`: the caller hangs up then.
   */
  whenStalled?: 'wait' | 'hangup';
  sounds?: SoundLibraryOptions;
  /** AstDB for DATABASE commands; pass one instance to several calls to share it. */
  database?: AsteriskDatabase;
  /** Dialplan apps for EXEC, by name (any case); they replace built-ins of the same name. */
  apps?: Record<string, DialplanApp>;
  /** How Dial() ends: one outcome, one per dial string, or a function (default NOANSWER). */
  dial?: DialOutcome | Record<string, DialOutcome> | ((destination: string, args: string[]) => DialOutcome);
  /** GOSUB targets keyed `context,extension,priority` or `context,extension`. */
  subroutines?: Record<string, Subroutine>;
  /** Priority labels keyed `context,extension,label`. */
  labels?: Record<string, number>;
  /**
   * Channel names that are this call's other half (the `;1` of a Local channel): CHANNEL STATUS of
   * one reports this channel's state, and HANGUP of one hangs up this call too.
   */
  linkedChannels?: string[];
  /**
   * Other channels alive on the same Asterisk (another caller's leg, an agent's phone), with the
   * state CHANNEL STATUS reports (`'up'` or 6, `'ringing'` or 5, ...). HANGUP of one ends it (it is
   * gone at once, and listed in the recording's `otherChannelsHungUp`) without touching this call.
   * Any other name is unknown to Asterisk: CHANNEL STATUS and HANGUP answer -1.
   */
  otherChannels?: Record<string, OtherChannelState>;
  /** Whether RECORD FILE may write a path (default: any). */
  canWrite?: (path: string) => boolean;
  faults?: FaultOptions;
  /** Longest command line Asterisk reads (8191; 2047 on Asterisk 18 and older 20/21/22). */
  maxLineBytes?: number;
  /** Asterisk gives up connecting after 2000 ms (AGISTATUS=FAILURE). */
  connectTimeoutMs?: number;
  /** How long ANSWER takes on a ringing channel (default 500 ms, as recorded). */
  answerDelayMs?: number;
}
