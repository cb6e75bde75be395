/** The channel methods the caller-lookup route uses (AgiChannel has them all). */
export interface LookupChannel {
  readonly hungUp: boolean;
  channelStatus(): Promise<{ readonly state: string } | undefined>;
  answer(): Promise<unknown>;
  setVariable(name: string, value: string): Promise<unknown>;
  streamFile(file: string): Promise<unknown>;
  sayDigits(digits: string): Promise<unknown>;
  setContext(context: string): Promise<unknown>;
  setExtension(extension: string): Promise<unknown>;
  setPriority(priority: string | number): Promise<unknown>;
}
