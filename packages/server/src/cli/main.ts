/**
 * `callgate <command>`: the one entry point. Admin commands live here; `serve` and `call` are
 * loaded on demand (serve-command.ts, call-command.ts), so an admin command loads no server.
 * Exit codes: 0 done, 1 failed (database, rules), 2 bad usage.
 */
import { pathToFileURL } from 'node:url';
import { isDomainError } from '../domain/domain-error.ts';
import { runAgentCommand } from './agent-command.ts';
import { runAsteriskCommand } from './asterisk-command.ts';
import { type CliIo, EXIT, processIo } from './cli-io.ts';
import { isCliUsageError } from './cli-usage-error.ts';
import { runContactCommand } from './contact-command.ts';
import { runDeviceCommand } from './device-command.ts';
import { runDirectoryCommand } from './directory-command.ts';
import { runLockCommand } from './lock-command.ts';
import { runMigrateCommand } from './migrate-command.ts';
import { runPauseCodeCommand } from './pause-code-command.ts';

export const MAIN_HELP = `Usage: callgate <command> [options]

Commands:
  serve        run the server (FastAGI + HTTP + console)       callgate serve --help
  migrate      bring the database schema up to date
  agent        add, list, set, disable agents                   callgate agent --help
  device       add, list phones                                 callgate device --help
  contact      add, list contacts                               callgate contact --help
  directory    extensions for extension-router; VIP callers     callgate directory --help
  pause-code   add, list pause codes                            callgate pause-code --help
  lock         list and lift login locks                        callgate lock --help
  asterisk     PJSIP accounts for Asterisk, agents' queues      callgate asterisk --help
  call         act as a phone against an AGI server             callgate call --help

Every command takes --db <url> (or CALLGATE_DB), default sqlite:./data/callgate.sqlite.
Admin commands apply pending migrations first. Exit codes: 0 done, 1 failed, 2 bad usage.
`;

type Runner = (argv: string[], io: CliIo) => Promise<number>;

const ADMIN_COMMANDS: Record<string, Runner> = {
  migrate: runMigrateCommand,
  agent: runAgentCommand,
  device: runDeviceCommand,
  contact: runContactCommand,
  directory: runDirectoryCommand,
  'pause-code': runPauseCodeCommand,
  lock: runLockCommand,
  asterisk: runAsteriskCommand,
};

/**
 * Commands loaded on demand, so `callgate agent ...` does not load the server. Literal specifiers:
 * tsc rewrites them to .js, and the bundler follows them (npm run build).
 */
const LAZY_COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  serve: async () => (await import('./serve-command.ts')).runServeCommand,
  call: async () => (await import('./call-command.ts')).runCallCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(MAIN_HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  try {
    const admin = ADMIN_COMMANDS[command];
    if (admin) return await admin(rest, io);
    const lazy = Object.hasOwn(LAZY_COMMANDS, command) ? LAZY_COMMANDS[command] : undefined;
    if (lazy) return await (await lazy())(rest);
    io.err(`callgate: unknown command "${command}"\n\n${MAIN_HELP}`);
    return EXIT.usage;
  } catch (err) {
    if (isCliUsageError(err)) {
      io.err(`callgate ${command}: ${err.message}\nRun "callgate ${command} --help" for usage.`);
      return EXIT.usage;
    }
    if (isDomainError(err)) {
      io.err(`callgate ${command}: ${err.message}`);
      return EXIT.failed;
    }
    // Anything else is a bug: say so in one line; the stack only when asked for.
    io.err(`callgate ${command}: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    if (io.env.CALLGATE_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
    return EXIT.failed;
  }
}

// Run when started as a script (`npm run dev`: tsx on src/cli/main.ts); bin/callgate.mjs calls main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
