/** `callgate contact add|list`: directory entries callers reach by office number (CONTACTS mode). */

import { type CliIo, EXIT } from './cli-io.ts';
import { listSubcommand, onePositional, parseSubcommandArgs, runSubcommands } from './command-kit.ts';
import { requireOption } from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const CONTACT_HELP = `Usage: callgate contact <add|list> [options]

  callgate contact add <officeNum> --name <name> [--details <text>]
  callgate contact list [--json]

  <officeNum> is digits. Options: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export function runContactCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'contact',
    help: CONTACT_HELP,
    subcommands: {
      async add(args) {
        const { values, positionals } = parseSubcommandArgs(args, {
          name: { type: 'string' },
          details: { type: 'string' },
        });
        const officeNum = onePositional(positionals, 'officeNum');
        const name = requireOption(values.name, 'name');
        const contact = await withServices(values.db, io, (s) =>
          s.contacts.create({ officeNum, name, details: values.details ?? null }),
        );
        io.out(`Added contact ${contact.officeNum}: ${contact.name}`);
        return EXIT.ok;
      },
      list: listSubcommand((s) => s.contacts.list(), {
        headers: ['OFFICE', 'NAME', 'DETAILS'],
        row: (c) => [c.officeNum, c.name, c.details],
        empty: 'No contacts.',
      }),
    },
  });
}
