/**
 * `callgate directory add|list|set|disable|caller`: the extension directory the extension-router
 * route rings, and the caller details (VIP, account) the caller-lookup route reports.
 */
import type { Services } from '../domain/create-services.ts';
import type { DirectoryEntry } from '../domain/directory-entry.ts';
import type { DirectoryEntryUpdateInput } from '../domain/directory-service.ts';
import { DomainError } from '../domain/domain-error.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import {
  LIST_OPTIONS,
  onePositional,
  parseSubcommandArgs,
  printList,
  runSubcommands,
} from './command-kit.ts';
import { expectPositionals, parsePositiveInt, requireOption } from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const DIRECTORY_HELP = `Usage: callgate directory <add|list|set|disable|caller> [options]

  callgate directory add <extension> --name <name>
        (--endpoint <tech/resource>... | --device <endpoint> | --agent <userId>)
        [--ring <seconds>] [--voicemail <box>|none] [--voicemail-context <context>] [--no-enabled]
  callgate directory list [--json]
  callgate directory set <extension> [--name ...] [--endpoint ...|--device ...|--agent ...] [--ring ...]
        [--voicemail <box>|none] [--voicemail-context ...] [--extension <new>] [--enabled|--no-enabled]
  callgate directory disable <extension>
  callgate directory caller <officeNum> [--vip|--no-vip] [--account <text>|none]

  --endpoint     rung together; repeat it or separate with commas (PJSIP/2001,PJSIP/2002)
  --device       a device (callgate device add) by endpoint: rung while it is enabled
  --agent        an agent's user ID: rings the phone of their current session (desk phone,
                 PJSIP/<userId> for internal, the mobile through the trunk context), voicemail
                 when logged out or on a call
  --ring         Dial() timeout before voicemail (default 20)
  --voicemail    voicemail box (default: the extension); none: no voicemail
  caller         marks a contact (by office number) VIP and/or sets its account for caller-lookup

  Options: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

const ENTRY_OPTIONS = {
  name: { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  device: { type: 'string' },
  agent: { type: 'string' },
  ring: { type: 'string' },
  voicemail: { type: 'string' },
  'voicemail-context': { type: 'string' },
  enabled: { type: 'boolean' },
} as const;

interface EntryValues {
  name?: string | undefined;
  endpoint?: string[] | undefined;
  device?: string | undefined;
  agent?: string | undefined;
  ring?: string | undefined;
  voicemail?: string | undefined;
  'voicemail-context'?: string | undefined;
  enabled?: boolean | undefined;
}

/** The options an entry command was given, as service input (the agent's user ID resolved). */
async function entryInput(values: EntryValues, services: Services): Promise<DirectoryEntryUpdateInput> {
  const targets = [values.endpoint, values.device, values.agent].filter((v) => v !== undefined);
  if (targets.length > 1) throw new CliUsageError('Give one of --endpoint, --device, --agent');
  const input: DirectoryEntryUpdateInput = {};
  if (values.name !== undefined) input.name = values.name;
  if (values.endpoint !== undefined) {
    input.endpoints = values.endpoint.flatMap((e) => e.split(',')).filter((e) => e.trim() !== '');
  }
  if (values.device !== undefined) {
    const device = await services.devices.findByEndpoint(values.device);
    if (!device) throw new DomainError('E_NOT_FOUND', `No device with endpoint ${values.device}`);
    input.deviceId = device.id;
  }
  if (values.agent !== undefined) {
    const agent = await services.agents.findByUserId(values.agent);
    if (!agent) throw new DomainError('E_NOT_FOUND', `No agent with user ID ${values.agent}`);
    input.agentId = agent.id;
  }
  const ring = parsePositiveInt(values.ring, 'ring');
  if (ring !== undefined) input.ringSeconds = ring;
  if (values.voicemail !== undefined)
    input.voicemailBox = values.voicemail === 'none' ? null : values.voicemail;
  if (values['voicemail-context'] !== undefined) input.voicemailContext = values['voicemail-context'];
  if (values.enabled !== undefined) input.enabled = values.enabled;
  return input;
}

async function findEntry(services: Services, extension: string): Promise<DirectoryEntry> {
  const entry = await services.directory.findByExtension(extension);
  if (!entry) throw new DomainError('E_NOT_FOUND', `Extension ${extension} is not in the directory`);
  return entry;
}

/** What an entry rings, for people: endpoints, the device's endpoint, or the agent's user ID. */
async function describeTargets(services: Services, entries: DirectoryEntry[]): Promise<Map<number, string>> {
  const agents = new Map((await services.agents.list()).map((a) => [a.id, a.userId]));
  const devices = new Map((await services.devices.list()).map((d) => [d.id, d.endpoint]));
  const describe = (target: DirectoryEntry['target']): string => {
    switch (target.kind) {
      case 'agent':
        return `agent ${agents.get(target.agentId) ?? target.agentId}`;
      case 'device':
        return `device ${devices.get(target.deviceId) ?? target.deviceId}`;
      case 'endpoints':
        return target.endpoints.join('&');
    }
  };
  return new Map(entries.map((e) => [e.id, describe(e.target)]));
}

function summary(entry: DirectoryEntry, target: string): string {
  const voicemail =
    entry.voicemailBox === null
      ? 'no voicemail'
      : `voicemail ${entry.voicemailBox}@${entry.voicemailContext}`;
  const state = entry.enabled ? '' : ' (disabled)';
  return `${entry.extension} ${entry.name}: rings ${target} for ${entry.ringSeconds} s, then ${voicemail}${state}`;
}

export function runDirectoryCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'directory',
    help: DIRECTORY_HELP,
    subcommands: {
      async add(args) {
        const { values, positionals } = parseSubcommandArgs(args, ENTRY_OPTIONS);
        const extension = onePositional(positionals, 'extension');
        const name = requireOption(values.name, 'name');
        if (values.endpoint === undefined && values.device === undefined && values.agent === undefined) {
          throw new CliUsageError('--endpoint, --device or --agent is required');
        }
        const line = await withServices(values.db, io, async (s) => {
          const entry = await s.directory.add({ ...(await entryInput(values, s)), extension, name });
          return summary(entry, (await describeTargets(s, [entry])).get(entry.id) ?? '');
        });
        io.out(`Added ${line}`);
        return EXIT.ok;
      },
      async list(args) {
        const { values, positionals } = parseSubcommandArgs(args, LIST_OPTIONS);
        expectPositionals(positionals, []);
        const { entries, targets } = await withServices(values.db, io, async (s) => {
          const entries = await s.directory.list();
          return { entries, targets: await describeTargets(s, entries) };
        });
        printList(io, entries, values.json, {
          headers: ['EXTENSION', 'NAME', 'RINGS', 'RING', 'VOICEMAIL', 'ENABLED'],
          row: (e) => [
            e.extension,
            e.name,
            targets.get(e.id) ?? '',
            `${e.ringSeconds}s`,
            e.voicemailBox === null ? null : `${e.voicemailBox}@${e.voicemailContext}`,
            e.enabled ? 'yes' : 'no',
          ],
          empty: 'No directory entries.',
        });
        return EXIT.ok;
      },
      async set(args) {
        const { values, positionals } = parseSubcommandArgs(args, {
          ...ENTRY_OPTIONS,
          extension: { type: 'string' },
        });
        const extension = onePositional(positionals, 'extension');
        const line = await withServices(values.db, io, async (s) => {
          const entry = await findEntry(s, extension);
          const input = await entryInput(values, s);
          if (values.extension !== undefined) input.extension = values.extension;
          if (Object.keys(input).length === 0)
            throw new CliUsageError('Nothing to change: give at least one option');
          const updated = await s.directory.update(entry.id, input);
          return summary(updated, (await describeTargets(s, [updated])).get(updated.id) ?? '');
        });
        io.out(`Updated ${line}`);
        return EXIT.ok;
      },
      async disable(args) {
        const { values, positionals } = parseSubcommandArgs(args, {});
        const extension = onePositional(positionals, 'extension');
        await withServices(values.db, io, async (s) =>
          s.directory.disable((await findEntry(s, extension)).id),
        );
        io.out(`Disabled extension ${extension}`);
        return EXIT.ok;
      },
      async caller(args) {
        const { values, positionals } = parseSubcommandArgs(args, {
          vip: { type: 'boolean' },
          account: { type: 'string' },
        });
        const officeNum = onePositional(positionals, 'officeNum');
        const patch = {
          ...(values.vip === undefined ? {} : { vip: values.vip }),
          ...(values.account === undefined
            ? {}
            : { account: values.account === 'none' ? null : values.account }),
        };
        const caller = await withServices(values.db, io, (s) =>
          Object.keys(patch).length === 0 ? s.callers.get(officeNum) : s.callers.update(officeNum, patch),
        );
        io.out(
          `Contact ${caller.officeNum} ${caller.name}: ${caller.vip ? 'VIP' : 'not VIP'}, account ${caller.account ?? '-'}`,
        );
        return EXIT.ok;
      },
    },
  });
}
