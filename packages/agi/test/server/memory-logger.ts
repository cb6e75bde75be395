import type { AgiLogger } from '../../src/server/agi-logger.ts';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/** A pino-shaped logger that keeps every record, bindings merged in, for assertions. */
export function memoryLogger(
  records: LogRecord[] = [],
  bindings: Record<string, unknown> = {},
): AgiLogger & { records: LogRecord[] } {
  const at =
    (level: LogRecord['level']) =>
    (obj: object, msg = ''): void => {
      records.push({ level, msg, fields: { ...bindings, ...obj } });
    };
  return {
    records,
    child: (more) => memoryLogger(records, { ...bindings, ...more }),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** Everything logged, serialised, to check that a secret appears nowhere. */
export function serialised(records: readonly LogRecord[]): string {
  return records
    .map((r) =>
      JSON.stringify({ ...r, fields: r.fields }, (_k, v) =>
        v instanceof Error ? { message: v.message, stack: v.stack } : v,
      ),
    )
    .join('\n');
}
