/**
 * The logger the server writes to: the subset of pino's API it uses, so a pino instance can be
 * passed as is while the package keeps no runtime dependencies.
 */
export interface AgiLogger {
  child(bindings: Record<string, unknown>): AgiLogger;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};

/** The default: logs nothing, and every child is itself (no allocation per call). */
export const silentLogger: AgiLogger = {
  child: () => silentLogger,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
};
