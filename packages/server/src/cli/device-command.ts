/** `callgate device add|list`: the phones agents pick or are bound to. */
import type { DeviceKind } from '../domain/device.ts';
import { DEVICE_KINDS } from '../domain/device.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { listSubcommand, onePositional, parseSubcommandArgs, runSubcommands } from './command-kit.ts';
import { requireOption } from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const DEVICE_HELP = `Usage: callgate device <add|list> [options]

  callgate device add <name> --endpoint <tech/resource> [--location <text>] [--kind desk|soft|webrtc]
  callgate device list [--json]

  Example: callgate device add "Desk 12" --endpoint PJSIP/2012 --location "Floor 2"
  Options for every subcommand: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

export function runDeviceCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'device',
    help: DEVICE_HELP,
    subcommands: {
      async add(args) {
        const { values, positionals } = parseSubcommandArgs(args, {
          endpoint: { type: 'string' },
          location: { type: 'string' },
          kind: { type: 'string' },
        });
        const name = onePositional(positionals, 'name');
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
      },
      list: listSubcommand((s) => s.devices.list(), {
        headers: ['ID', 'NAME', 'ENDPOINT', 'KIND', 'LOCATION', 'ENABLED', 'REGISTERED'],
        row: (d) => [
          d.id,
          d.name,
          d.endpoint,
          d.kind,
          d.location,
          d.enabled ? 'yes' : 'no',
          d.registered ? 'yes' : 'no',
        ],
        empty: 'No devices. Add one with: callgate device add <name> --endpoint PJSIP/2001',
      }),
    },
  });
}
