/** `callgate device add|list`: the phones agents pick or are bound to. */
import type { DeviceKind } from '../domain/device.ts';
import { DEVICE_KINDS } from '../domain/device.ts';
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

export const DEVICE_HELP = `Usage: callgate device <add|list> [options]

  callgate device add <name> --endpoint <tech/resource> [--location <text>] [--kind desk|soft|webrtc]
  callgate device list [--json]

  Example: callgate device add "Desk 12" --endpoint PJSIP/2012 --location "Floor 2"
  Options for every subcommand: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export async function runDeviceCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(DEVICE_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  switch (sub) {
    case 'add': {
      const { values, positionals } = parseCommandArgs(rest, {
        ...DB_OPTION,
        ...HELP_OPTION,
        endpoint: { type: 'string' },
        location: { type: 'string' },
        kind: { type: 'string' },
      });
      if (values.help) return help(io);
      const [name] = expectPositionals(positionals, ['name']) as [string];
      const endpoint = requireOption(values.endpoint, 'endpoint');
      if (values.kind !== undefined && !(DEVICE_KINDS as readonly string[]).includes(values.kind)) {
        throw new CliUsageError(`--kind must be one of: ${DEVICE_KINDS.join(', ')}`);
      }
      const device = await withServices(values.db, io, (s) =>
        s.devices.create({
          name,
          endpoint,
          location: values.location ?? null,
          ...(values.kind ? { kind: values.kind as DeviceKind } : {}),
        }),
      );
      io.out(`Added device ${device.id}: ${device.name} (${device.endpoint}, ${device.kind})`);
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
      const devices = await withServices(values.db, io, (s) => s.devices.list());
      if (values.json) io.out(JSON.stringify(devices, null, 2));
      else if (devices.length === 0)
        io.out('No devices. Add one with: callgate device add <name> --endpoint PJSIP/2001');
      else {
        io.out(
          formatTable(
            ['ID', 'NAME', 'ENDPOINT', 'KIND', 'LOCATION', 'ENABLED', 'REGISTERED'],
            devices.map((d) => [
              d.id,
              d.name,
              d.endpoint,
              d.kind,
              d.location,
              d.enabled ? 'yes' : 'no',
              d.registered ? 'yes' : 'no',
            ]),
          ),
        );
      }
      return EXIT.ok;
    }
    default:
      throw new CliUsageError(`Unknown device subcommand "${sub}"`);
  }
}

function help(io: CliIo): number {
  io.out(DEVICE_HELP);
  return EXIT.ok;
}
