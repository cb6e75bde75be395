/** Runs `callgate <argv>` in-process through the CLI entry point, capturing what it prints. */
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `db` becomes CALLGATE_DB; `env` adds to (or overrides) it. Each printed text ends with a newline. */
export async function runCli(db: string, env: NodeJS.ProcessEnv, argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
    env: { CALLGATE_DB: db, ...env },
  };
  const code = await main(argv, io);
  return { code, out, err };
}
