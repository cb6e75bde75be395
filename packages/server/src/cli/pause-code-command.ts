/** `callgate pause-code add|list`: the reasons agents pause with. */
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { formatTable } from './format-table.ts';
import {
  DB_OPTION,
  expectPositionals,
  HELP_OPTION,
  parseCommandArgs,
  parsePositiveInt,
  requireOption,
} from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const PAUSE_CODE_HELP = `Usage: callgate pause-code <add|list> [options]

  callgate pause-code add <CODE> --name <name> [--billable] [--max-seconds <n>]
  callgate pause-code list [--json]

  <CODE> is 1 to 16 of A-Z, 0-9 and _ (e.g. BREAK). LAGGED is a system code.
  Options: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export async function runPauseCodeCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(PAUSE_CODE_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  switch (sub) {
    case 'add': {
      const { values, positionals } = parseCommandArgs(rest, {
        ...DB_OPTION,
        ...HELP_OPTION,
        name: { type: 'string' },
        billable: { type: 'boolean' },
        'max-seconds': { type: 'string' },
      });
      if (values.help) return help(io);
      const [code] = expectPositionals(positionals, ['CODE']) as [string];
      const name = requireOption(values.name, 'name');
      const maxSeconds = parsePositiveInt(values['max-seconds'], 'max-seconds') ?? null;
      const created = await withServices(values.db, io, (s) =>
        s.pauseCodes.create({ code, name, billable: values.billable ?? false, maxSeconds }),
      );
      io.out(`Added pause code ${created.code}: ${created.name}`);
      return EXIT.ok;
    }
    case 'list': {
      const { values, positionals } = parseCommandArgs(rest, {
        ...DB_OPTION,
        ...HELP_OPTION,
        json: { type: 'boolean' },
      });
      if (values.help) return help(io);
      expectPositionals(positionals, []);
      const codes = await withServices(values.db, io, (s) => s.pauseCodes.list());
      if (values.json) io.out(JSON.stringify(codes, null, 2));
      else {
        io.out(
          formatTable(
            ['CODE', 'NAME', 'BILLABLE', 'MAX SECONDS', 'ACTIVE', 'SYSTEM'],
            codes.map((c) => [
              c.code,
              c.name,
              c.billable ? 'yes' : 'no',
              c.maxSeconds,
              c.active ? 'yes' : 'no',
              c.system ? 'yes' : 'no',
            ]),
          ),
        );
      }
      return EXIT.ok;
    }
    default:
      throw new CliUsageError(`Unknown pause-code subcommand "${sub}"`);
  }
}

function help(io: CliIo): number {
  io.out(PAUSE_CODE_HELP);
  return EXIT.ok;
}
