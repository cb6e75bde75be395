import { Console } from 'node:console';
import { Writable } from 'node:stream';

/**
 * In standard AGI, stdout IS the command channel: one stray `console.log` and Asterisk reads it
 * as a command. `guardStdout` takes stdout away from everyone but the AGI session:
 * - every console method that prints to stdout (log, info, debug, dir, table, count, time*, group*)
 *   prints to stderr instead (warn and error already do);
 * - `process.stdout.write` itself is redirected to stderr, for libraries that write directly;
 * - the returned `agiOutput` is the only writable that still reaches the real stdout.
 * `restore()` undoes all of it.
 */
export interface StdoutGuard {
  readonly agiOutput: Writable;
  restore(): void;
}

type ConsoleMethods = Record<string, unknown>;

export function guardStdout(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  target: Console = console,
): StdoutGuard {
  const originalWrite = stdout.write;
  const toStderr = new Console({ stdout: stderr, stderr });
  const saved = new Map<string, unknown>();
  const consoleMethods = target as unknown as ConsoleMethods;
  const redirected = toStderr as unknown as ConsoleMethods;
  for (const name of Object.keys(consoleMethods)) {
    const replacement = redirected[name];
    if (typeof consoleMethods[name] !== 'function' || typeof replacement !== 'function') continue;
    saved.set(name, consoleMethods[name]);
    consoleMethods[name] = (replacement as (...args: unknown[]) => unknown).bind(toStderr);
  }
  stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (stderr.write as (...a: unknown[]) => boolean).call(stderr, chunk, ...rest)) as typeof stdout.write;

  const agiOutput = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      (originalWrite as (chunk: Buffer, cb: (err?: Error | null) => void) => boolean).call(
        stdout,
        chunk,
        (err) => callback(err ?? null),
      );
    },
    final(callback) {
      callback();
    },
  });

  let restored = false;
  return {
    agiOutput,
    restore() {
      if (restored) return;
      restored = true;
      stdout.write = originalWrite;
      for (const [name, fn] of saved) consoleMethods[name] = fn;
    },
  };
}
