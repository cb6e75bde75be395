/** `callgate migrate`: brings the database schema up to date; safe to run again or concurrently. */
import { openStore } from '../store/index.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { DB_OPTION, expectPositionals, HELP_OPTION, parseCommandArgs } from './parse-command-args.ts';
import { storeUrl } from './with-services.ts';

export const MIGRATE_HELP = `Usage: callgate migrate [--db <url>]

  Applies pending schema migrations. Running it again is a no-op.
  --db <url>   sqlite:<file>, sqlite::memory: or postgres://user@host/db
               (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export async function runMigrateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...DB_OPTION, ...HELP_OPTION });
  if (values.help) {
    io.out(MIGRATE_HELP);
    return EXIT.ok;
  }
  expectPositionals(positionals, []);
  const store = await openStore(storeUrl(values.db, io));
  try {
    const { applied } = await store.migrate();
    io.out(
      applied.length === 0
        ? `Database ${store.description} is up to date.`
        : `Applied ${applied.length} migration(s) to ${store.description}: ${applied.join(', ')}`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
