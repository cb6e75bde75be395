/** `callgate pause-code add|list`: the reasons agents pause with. */
import { type CliIo, EXIT } from './cli-io.ts';
import { listSubcommand, onePositional, parseSubcommandArgs, runSubcommands } from './command-kit.ts';
import { parsePositiveInt, requireOption } from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const PAUSE_CODE_HELP = `Usage: callgate pause-code <add|list> [options]

  callgate pause-code add <CODE> --name <name> [--billable] [--max-seconds <n>]
  callgate pause-code list [--json]

  <CODE> is 1 to 16 of A-Z, 0-9 and _ (e.g. BREAK). LAGGED is a system code.
  Options: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export function runPauseCodeCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'pause-code',
    help: PAUSE_CODE_HELP,
    subcommands: {
      async add(args) {
        const { values, positionals } = parseSubcommandArgs(args, {
          name: { type: 'string' },
          billable: { type: 'boolean' },
          'max-seconds': { type: 'string' },
        });
        const code = onePositional(positionals, 'CODE');
        const name = requireOption(values.name, 'name');
        const maxSeconds = parsePositiveInt(values['max-seconds'], 'max-seconds') ?? null;
        const created = await withServices(values.db, io, (s) =>
          s.pauseCodes.create({ code, name, billable: values.billable ?? false, maxSeconds }),
        );
        io.out(`Added pause code ${created.code}: ${created.name}`);
        return EXIT.ok;
      },
      // No empty message: the LAGGED system code is always listed.
      list: listSubcommand((s) => s.pauseCodes.list(), {
        headers: ['CODE', 'NAME', 'BILLABLE', 'MAX SECONDS', 'ACTIVE', 'SYSTEM'],
        row: (c) => [
          c.code,
          c.name,
          c.billable ? 'yes' : 'no',
          c.maxSeconds,
          c.active ? 'yes' : 'no',
          c.system ? 'yes' : 'no',
        ],
      }),
    },
  });
}
