import type { CallRuntime } from './call-runtime.ts';

/** What running one AGI command produced. */
export interface CommandOutcome {
  /** Reply lines (without `\n`), in the order Asterisk writes them. */
  lines: string[];
  /** RESULT_SHOWUSAGE: the engine answers with the command's 520 block. */
  usage?: boolean;
  /** RESULT_FAILURE: AGISTATUS becomes FAILURE unless the channel hung up. */
  failed?: boolean;
}

/** One AGI command's behaviour; `argv` includes the command words. */
export type AgiCommandHandler = (rt: CallRuntime, argv: string[]) => Promise<CommandOutcome> | CommandOutcome;

export const usage = (): CommandOutcome => ({ lines: [], usage: true });

export const reply = (line: string, failed = false): CommandOutcome => ({ lines: [line], failed });
