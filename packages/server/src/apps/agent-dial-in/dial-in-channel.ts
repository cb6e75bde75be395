import type { IvrChannel } from '@callgate/agi';

/**
 * The channel methods the dial-in app uses (AgiChannel has them all): naming them here shows at a
 * glance which AGI commands the app can send.
 */
export interface DialInChannel extends IvrChannel {
  /** True once Asterisk said HANGUP (or a command saw the channel dead). */
  readonly hungUp: boolean;
  /** CHANNEL STATUS [channel]: undefined when Asterisk has no channel of that name. */
  channelStatus(channelName?: string): Promise<{ readonly state: string } | undefined>;
  answer(): Promise<unknown>;
  /** EXEC <app> <args joined with ','>: the app's return value (-1 when it ended the call). */
  exec(app: string, ...args: string[]): Promise<number>;
  setVariable(name: string, value: string): Promise<unknown>;
  getVariable(name: string): Promise<string | undefined>;
  setContext(context: string): Promise<unknown>;
  setExtension(extension: string): Promise<unknown>;
  setPriority(priority: string | number): Promise<unknown>;
  /** HANGUP, of this channel or (by name) of another one. */
  hangup(channelName?: string): Promise<unknown>;
}
