/**
 * What every admin command with subcommands (`callgate agent add`, `callgate device list`, ...)
 * does the same way: top-level help and exit codes, `--db` and `--help` on every subcommand,
 * unknown subcommands as usage errors, and list printing (JSON, an empty message, or a table).
 */
import type { ParseArgsConfig } from 'node:util';
import type { Services } from '../domain/create-services.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { formatTable } from './format-table.ts';
import { DB_OPTION, expectPositionals, HELP_OPTION, parseCommandArgs } from './parse-command-args.ts';
import { withServices } from './with-services.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A subcommand gets the arguments after its name and returns the exit code. */
export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

export interface CommandSpec {
  /** The command word, as in `Unknown <name> subcommand "x"`. */
  name: string;
  help: string;
  subcommands: Record<string, Subcommand>;
}

/** Thrown by parseSubcommandArgs on `--help`, so a subcommand need not check for it itself. */
class HelpRequested extends Error {}

/** No subcommand prints the help and is a usage error; `--help`, `-h` or `help` prints it and is fine. */
export async function runSubcommands(argv: string[], io: CliIo, spec: CommandSpec): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(spec.help);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  const run = Object.hasOwn(spec.subcommands, sub) ? spec.subcommands[sub] : undefined;
  if (run === undefined) throw new CliUsageError(`Unknown ${spec.name} subcommand "${sub}"`);
  try {
    return await run(rest, io);
  } catch (err) {
    if (!(err instanceof HelpRequested)) throw err;
    io.out(spec.help);
    return EXIT.ok;
  }
}

/** parseCommandArgs with `--db` and `--help` added; `--help` ends the subcommand with the help. */
export function parseSubcommandArgs<O extends Options>(args: string[], options: O) {
  const withCommon: typeof DB_OPTION & typeof HELP_OPTION & O = { ...DB_OPTION, ...HELP_OPTION, ...options };
  const parsed = parseCommandArgs(args, withCommon);
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested();
  return parsed;
}

/** The one positional a subcommand like `agent set <userId>` takes. */
export function onePositional(positionals: string[], name: string): string {
  return expectPositionals(positionals, [name])[0] as string;
}

export const LIST_OPTIONS = { json: { type: 'boolean' } } as const satisfies Options;

export interface ListTable<T> {
  headers: string[];
  row: (item: T) => Array<string | number | boolean | null>;
  /** Printed instead of an empty table; without it an empty table (headers only) is printed. */
  empty?: string;
}

/** `<command> list [--json]`: loads the items from the store named by `--db` and prints them. */
export function listSubcommand<T>(
  load: (services: Services) => Promise<readonly T[]>,
  table: ListTable<T>,
): Subcommand {
  return async (args, io) => {
    const { values, positionals } = parseSubcommandArgs(args, LIST_OPTIONS);
    expectPositionals(positionals, []);
    printList(io, await withServices(values.db, io, load), values.json, table);
    return EXIT.ok;
  };
}

/** `--json` prints the items as they are; otherwise the empty message or a table. */
export function printList<T>(
  io: CliIo,
  items: readonly T[],
  json: boolean | undefined,
  table: ListTable<T>,
): void {
  if (json) io.out(JSON.stringify(items, null, 2));
  else if (items.length === 0 && table.empty !== undefined) io.out(table.empty);
  else io.out(formatTable(table.headers, items.map(table.row)));
}
