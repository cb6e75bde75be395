/** Where commands write; tests pass their own to read what a command printed. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
};

/** Exit codes of the admin commands. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
