/**
 * When a scripted caller acts. Moments relative to prompts, commands and apps are resolved when the
 * simulator reaches them, so a script reads like the call: "press 1001# while agent-user plays".
 */
export type CallMoment =
  /** ms after the call started (the FastAGI connection). */
  | { atMs: number }
  /** ms after the `nth` (1-based, default 1) prompt whose file name matches starts playing. */
  | { prompt: string | RegExp; nth?: number; afterMs?: number }
  /** ms after the `nth` command whose line matches (a string matches the command's start, any case). */
  | { command: string | RegExp; nth?: number; afterMs?: number }
  /** ms after the `nth` run of a dialplan app (EXEC ConfBridge ...) starts. */
  | { app: string | RegExp; nth?: number; afterMs?: number };

export type CallerAction =
  /**
   * DTMF keys, `gapMs` apart (default 250). Without `at` they are typed ahead: each key is pressed as
   * soon as a command that listens for that key runs (what `callgate call --keys` does).
   */
  | { keys: string; at?: CallMoment; gapMs?: number }
  /** The caller hangs up. */
  | { hangup: true; at: CallMoment }
  /** The caller is kicked from the ConfBridge they are in (AMI ConfbridgeKick). */
  | { kick: true; at: CallMoment };

/** One thing the caller does at one moment of the call, as the channel sees it. */
export interface CallerEvent {
  at: number;
  /** `app-data`: the application wrote while a command ran (STREAM FILE, GET DATA, SAY stop). */
  kind: 'dtmf' | 'hangup' | 'kick' | 'app-data';
  /** For dtmf: one of 0-9 * # A-D. */
  digit?: string;
}

export type MomentKind = 'prompt' | 'command' | 'app';

export function momentKind(moment: CallMoment): MomentKind | 'absolute' {
  if ('atMs' in moment) return 'absolute';
  if ('prompt' in moment) return 'prompt';
  if ('command' in moment) return 'command';
  return 'app';
}

/** Whether a moment's pattern matches a prompt file, command line or app name. */
export function momentMatches(moment: CallMoment, name: string): boolean {
  const pattern =
    'prompt' in moment
      ? moment.prompt
      : 'command' in moment
        ? moment.command
        : 'app' in moment
          ? moment.app
          : undefined;
  if (pattern === undefined) return false;
  if (pattern instanceof RegExp) return pattern.test(name);
  if ('command' in moment) return name.toLowerCase().startsWith(pattern.toLowerCase());
  return name.toLowerCase() === pattern.toLowerCase();
}
