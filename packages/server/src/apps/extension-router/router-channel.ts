/**
 * The channel methods the extension router uses (AgiChannel has them all): naming them here shows
 * at a glance which AGI commands the route can send.
 */
export interface RouterChannel {
  /** True once Asterisk said HANGUP (or a command saw the channel dead). */
  readonly hungUp: boolean;
  channelStatus(): Promise<{ readonly state: string } | undefined>;
  answer(): Promise<unknown>;
  /** EXEC <app> <args joined with ','>; resolves with the app's return value. */
  exec(app: string, ...args: string[]): Promise<number>;
  getVariable(name: string): Promise<string | undefined>;
  setVariable(name: string, value: string): Promise<unknown>;
  streamFile(file: string): Promise<unknown>;
  hangup(): Promise<unknown>;
}
