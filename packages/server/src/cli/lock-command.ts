/** `callgate lock list|clear`: login locks (see packages/server/docs/dial-in.md, "Locks"). */
import { describeLock } from '../domain/lock-service.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { listSubcommand, onePositional, parseSubcommandArgs, runSubcommands } from './command-kit.ts';
import { withServices } from './with-services.ts';

export const LOCK_HELP = `Usage: callgate lock <list|clear> [options]

  callgate lock list [--json]        every lock in force: what it holds, since and until when
  callgate lock clear <key>          lift one lock, by the KEY that list prints
                                     (pin:1001, pin:1001@07700900123, pw:1001, cid:07700900123,
                                     ip:203.0.113.7, pin:*, pw:* ...)
  callgate lock clear --user <id>    lift every lock of a user ID, phone and web

  Every unlock is written to the audit log. Options: --db <url> (or CALLGATE_DB)
`;

export function runLockCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'lock',
    help: LOCK_HELP,
    subcommands: {
      list: listSubcommand((s) => s.locks.listLocked(), {
        empty: 'No locks in force.',
        headers: ['KEY', 'WHAT', 'SINCE', 'UNTIL', 'ATTEMPTS', 'LAST FROM'],
        row: (l) => [
          l.key,
          describeLock(l),
          l.lockedAt?.toISOString() ?? '',
          l.lockedUntil.toISOString(),
          l.failures,
          l.lastOrigin ?? '',
        ],
      }),
      async clear(args) {
        const { values, positionals } = parseSubcommandArgs(args, { user: { type: 'string' } });
        const actor = { agentId: null, source: 'cli' } as const;
        if (values.user !== undefined) {
          if (positionals.length > 0) throw new CliUsageError('Give a key or --user, not both');
          const userId = values.user;
          const cleared = await withServices(values.db, io, (s) => s.locks.unlockUser(userId, actor));
          io.out(
            cleared > 0 ? `Unlocked user ${userId} (${cleared} counters)` : `User ${userId} was not locked`,
          );
          return EXIT.ok;
        }
        const key = onePositional(positionals, 'key');
        const cleared = await withServices(values.db, io, (s) => s.locks.unlock(key, actor));
        io.out(cleared ? `Unlocked ${key}` : `${key} was not locked`);
        return EXIT.ok;
      },
    },
  });
}
