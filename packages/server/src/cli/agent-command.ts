/** `callgate agent add|list|set|disable`: manage agents. PINs and passwords are never printed. */
import type { Agent, AgentRole } from '../domain/agent.ts';
import { AGENT_ROLES } from '../domain/agent.ts';
import type { AgentUpdateInput } from '../domain/agent-service.ts';
import { DomainError } from '../domain/domain-error.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { listSubcommand, onePositional, parseSubcommandArgs, runSubcommands } from './command-kit.ts';
import { requireOption } from './parse-command-args.ts';
import { withServices } from './with-services.ts';

export const AGENT_HELP = `Usage: callgate agent <add|list|set|disable|unlock> [options]

  callgate agent add <userId> --name <name> [--password <pw>] [--pin <digits>]
                     [--role agent|supervisor|admin] [--hot-desk] [--mobile <number>]
  callgate agent list [--json]
  callgate agent set <userId> [--name <name>] [--password <pw>] [--clear-password] [--pin <digits>]
                     [--clear-pin] [--role <role>] [--hot-desk|--no-hot-desk] [--mobile <number>]
                     [--enabled|--no-enabled]
  callgate agent disable <userId>
  callgate agent unlock <userId>      lift the locks after repeated failed logins (dial-in and web;
                                      callgate lock --help for caller IDs and addresses)

  <userId> is digits. A PIN is 4 to 12 digits (dial-in); a password at least 8 characters (web).
  To keep secrets out of shell history and process lists, set CALLGATE_AGENT_PASSWORD and/or
  CALLGATE_AGENT_PIN instead of --password / --pin (add and set). They are never printed.
  Options for every subcommand: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
`;

const SECRET_AND_PROFILE = {
  name: { type: 'string' },
  password: { type: 'string' },
  pin: { type: 'string' },
  role: { type: 'string' },
  'hot-desk': { type: 'boolean' },
  mobile: { type: 'string' },
} as const;

function role(value: string | undefined): AgentRole | undefined {
  if (value === undefined) return undefined;
  if (!(AGENT_ROLES as readonly string[]).includes(value)) {
    throw new CliUsageError(`--role must be one of: ${AGENT_ROLES.join(', ')}`);
  }
  return value as AgentRole;
}

function describe(agent: Agent): string {
  const login = [agent.hasPassword ? 'web' : null, agent.hasPin ? 'dial-in' : null]
    .filter(Boolean)
    .join(', ');
  return `agent ${agent.userId} (${agent.name}, ${agent.role}${agent.enabled ? '' : ', disabled'}; login: ${login || 'none'})`;
}

async function findAgent(
  services: { agents: { findByUserId(u: string): Promise<Agent | undefined> } },
  userId: string,
) {
  const agent = await services.agents.findByUserId(userId);
  if (!agent) throw new DomainError('E_NOT_FOUND', `No agent with user ID ${userId}`);
  return agent;
}

export function runAgentCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'agent',
    help: AGENT_HELP,
    subcommands: {
      async add(args) {
        const { values, positionals } = parseSubcommandArgs(args, SECRET_AND_PROFILE);
        const userId = onePositional(positionals, 'userId');
        const name = requireOption(values.name, 'name');
        values.password ??= io.env.CALLGATE_AGENT_PASSWORD;
        values.pin ??= io.env.CALLGATE_AGENT_PIN;
        const agent = await withServices(values.db, io, (s) =>
          s.agents.create({
            userId,
            name,
            ...(values.password !== undefined ? { password: values.password } : {}),
            ...(values.pin !== undefined ? { pin: values.pin } : {}),
            ...(values.role !== undefined ? { role: role(values.role)! } : {}),
            hotDesk: values['hot-desk'] ?? false,
            mobileNumber: values.mobile ?? null,
          }),
        );
        io.out(`Added ${describe(agent)}`);
        return EXIT.ok;
      },
      list: listSubcommand((s) => s.agents.list(), {
        headers: ['USER ID', 'NAME', 'ROLE', 'ENABLED', 'WEB', 'DIAL-IN', 'HOT DESK', 'MOBILE'],
        row: (a) => [
          a.userId,
          a.name,
          a.role,
          a.enabled ? 'yes' : 'no',
          a.hasPassword ? 'yes' : 'no',
          a.hasPin ? 'yes' : 'no',
          a.hotDesk ? 'yes' : 'no',
          a.mobileNumber,
        ],
        empty: 'No agents. Add one with: callgate agent add <userId> --name <name> --pin <digits>',
      }),
      async set(args) {
        const { values, positionals } = parseSubcommandArgs(args, {
          ...SECRET_AND_PROFILE,
          enabled: { type: 'boolean' },
          'clear-password': { type: 'boolean' },
          'clear-pin': { type: 'boolean' },
        });
        const userId = onePositional(positionals, 'userId');
        const update: AgentUpdateInput = {};
        if (values.name !== undefined) update.name = values.name;
        if (values.role !== undefined) update.role = role(values.role)!;
        if (values['hot-desk'] !== undefined) update.hotDesk = values['hot-desk'];
        if (values.mobile !== undefined) update.mobileNumber = values.mobile === '' ? null : values.mobile;
        if (values.enabled !== undefined) update.enabled = values.enabled;
        values.password ??= io.env.CALLGATE_AGENT_PASSWORD;
        values.pin ??= io.env.CALLGATE_AGENT_PIN;
        if (values.password !== undefined) update.password = values.password;
        if (values.pin !== undefined) update.pin = values.pin;
        if (values['clear-password']) update.password = null;
        if (values['clear-pin']) update.pin = null;
        if (Object.keys(update).length === 0)
          throw new CliUsageError('Nothing to change: give at least one option');
        const agent = await withServices(values.db, io, async (s) =>
          s.agents.update((await findAgent(s, userId)).id, update),
        );
        io.out(`Updated ${describe(agent)}`);
        return EXIT.ok;
      },
      async disable(args) {
        const { values, positionals } = parseSubcommandArgs(args, {});
        const userId = onePositional(positionals, 'userId');
        const agent = await withServices(values.db, io, async (s) =>
          s.agents.disable((await findAgent(s, userId)).id),
        );
        io.out(`Disabled ${describe(agent)}`);
        return EXIT.ok;
      },
      async unlock(args) {
        const { values, positionals } = parseSubcommandArgs(args, {});
        const userId = onePositional(positionals, 'userId');
        const cleared = await withServices(values.db, io, async (s) => {
          await findAgent(s, userId);
          return s.locks.unlockUser(userId, { agentId: null, source: 'cli' });
        });
        io.out(cleared > 0 ? `Unlocked agent ${userId}` : `Agent ${userId} was not locked`);
        return EXIT.ok;
      },
    },
  });
}
