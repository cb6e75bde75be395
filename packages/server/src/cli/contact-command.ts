/** `callgate contact add|list`: directory entries callers reach by office number (CONTACTS mode). */
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { formatTable } from './format-table.ts';
import {
  DB_OPTION,
  expectPositionals,
  HELP_OPTION,
  parseCommandArgs,
  requireOption,
} from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const CONTACT_HELP = `Usage: callgate contact <add|list> [options]

  callgate contact add <officeNum> --name <name> [--details <text>]
  callgate contact list [--json]

  <officeNum> is digits. Options: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export async function runContactCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(CONTACT_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  switch (sub) {
    case 'add': {
      const { values, positionals } = parseCommandArgs(rest, {
        ...DB_OPTION,
        ...HELP_OPTION,
        name: { type: 'string' },
        details: { type: 'string' },
      });
      if (values.help) return help(io);
      const [officeNum] = expectPositionals(positionals, ['officeNum']) as [string];
      const name = requireOption(values.name, 'name');
      const contact = await withServices(values.db, io, (s) =>
        s.contacts.create({ officeNum, name, details: values.details ?? null }),
      );
      io.out(`Added contact ${contact.officeNum}: ${contact.name}`);
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
      const contacts = await withServices(values.db, io, (s) => s.contacts.list());
      if (values.json) io.out(JSON.stringify(contacts, null, 2));
      else if (contacts.length === 0) io.out('No contacts.');
      else
        io.out(
          formatTable(
            ['OFFICE', 'NAME', 'DETAILS'],
            contacts.map((c) => [c.officeNum, c.name, c.details]),
          ),
        );
      return EXIT.ok;
    }
    default:
      throw new CliUsageError(`Unknown contact subcommand "${sub}"`);
  }
}

function help(io: CliIo): number {
  io.out(CONTACT_HELP);
  return EXIT.ok;
}
