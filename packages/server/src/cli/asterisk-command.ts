/**
 * `callgate asterisk pjsip|queues`: render the PJSIP accounts of agents and devices (and ask
 * Asterisk to reload them), and set the queues each agent joins while logged in.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { AmiClient } from '../asterisk/ami-client.ts';
import type { AmiClientOptions, AmiStatusChange } from '../asterisk/ami-client-options.ts';
import { AmiError, isAmiError } from '../asterisk/ami-error.ts';
import { type AmiEndpoint, AmiUrlError, parseAmiUrl } from '../asterisk/ami-url.ts';
import { AsteriskStore } from '../asterisk/asterisk-store.ts';
import { collectPjsipAccounts } from '../asterisk/pjsip-accounts.ts';
import { renderPjsipConfig } from '../asterisk/pjsip-config.ts';
import { PjsipConfigError } from '../asterisk/pjsip-input.ts';
import { reloadPjsip } from '../asterisk/pjsip-reload.ts';
import { createServices, type Services } from '../domain/create-services.ts';
import { DomainError } from '../domain/domain-error.ts';
import { openStore } from '../store/index.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { onePositional, parseSubcommandArgs, runSubcommands, type Subcommand } from './command-kit.ts';
import { expectPositionals } from './parse-command-args.ts';
import { storeUrl } from './with-services.ts';

export const ASTERISK_HELP = `Usage: callgate asterisk <pjsip|queues> [options]

  callgate asterisk pjsip [--out <file>] [--reload] [--show-secrets] [--secret <account>=<secret>]...
      Renders a PJSIP endpoint, auth and AOR for every enabled agent (named after the user ID)
      and every enabled PJSIP device, from their voice settings. Accounts without a SIP secret get
      a generated one, stored in the database. Without --out the config goes to stdout with the
      secrets hidden (--show-secrets prints them); with --out the file, readable by its owner and
      group only, is replaced atomically and carries the real secrets.
      --reload        after writing, ask Asterisk to reload res_pjsip over AMI (ModuleLoad,
                      LoadType reload; needs --out and --ami-url or CALLGATE_AMI_URL, and the
                      AMI write permission "system"). For amis:// (TLS): --ami-ca-file <pem> or
                      CALLGATE_AMI_CA_FILE for a private CA; --ami-tls-allow-unverified or
                      CALLGATE_AMI_TLS_ALLOW_UNVERIFIED=true to skip the check (test bench only)
      --secret a=s    set account a's SIP secret to s (repeatable) instead of a generated one

  callgate asterisk queues <userId> [--set <queue,queue,...> | --clear]
      Shows, sets or clears the Asterisk queues the agent joins while logged in (paused or not
      as the session is; applied at the next login, or at once by a running server's reconcile).

  Options for every subcommand: --db <url> (or CALLGATE_DB; default sqlite:./data/callgate.sqlite)
  Exit codes: 0 done, 1 failed (database, Asterisk, invalid settings), 2 bad usage.
`;

/** How long --reload waits for AMI to log in. */
const AMI_CONNECT_TIMEOUT_MS = 5000;

export function runAsteriskCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands(argv, io, {
    name: 'asterisk',
    help: ASTERISK_HELP,
    subcommands: { pjsip: oneLineFailures('pjsip', pjsip), queues: oneLineFailures('queues', queues) },
  });
}

/**
 * A setting Asterisk would refuse, or Asterisk itself (AMI), is not a bug: one line naming the
 * subcommand, never a secret, exit code 1.
 */
function oneLineFailures(name: string, run: Subcommand): Subcommand {
  return async (args, io) => {
    try {
      return await run(args, io);
    } catch (err) {
      if (!(err instanceof PjsipConfigError || isAmiError(err))) throw err;
      io.err(`callgate asterisk ${name}: ${err.message}`);
      return EXIT.failed;
    }
  };
}

async function pjsip(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseSubcommandArgs(argv, {
    out: { type: 'string' },
    reload: { type: 'boolean' },
    'show-secrets': { type: 'boolean' },
    secret: { type: 'string', multiple: true },
    'ami-url': { type: 'string' },
    'ami-ca-file': { type: 'string' },
    'ami-tls-allow-unverified': { type: 'boolean' },
  });
  expectPositionals(positionals, []);
  if (values.reload && !values.out)
    throw new CliUsageError('--reload needs --out <file> (what Asterisk reloads)');
  const ami = values.reload
    ? await amiConnection(values['ami-url'] ?? io.env.CALLGATE_AMI_URL, {
        caFile: values['ami-ca-file'] ?? (io.env.CALLGATE_AMI_CA_FILE || undefined),
        allowUnverified:
          values['ami-tls-allow-unverified'] === true ||
          /^(true|1|yes)$/i.test(io.env.CALLGATE_AMI_TLS_ALLOW_UNVERIFIED ?? ''),
      })
    : undefined;
  const setSecrets = parseSecretFlags(values.secret ?? []);
  const out = values.out;

  const { text, agents, devices } = await withAsteriskStore(values.db, io, async (services, store) => {
    const input = await collectPjsipAccounts(services, store, {
      setSecrets,
      revealSecrets: out !== undefined || values['show-secrets'] === true,
    });
    return { text: renderPjsipConfig(input), agents: input.agents.length, devices: input.devices.length };
  });

  if (out === undefined) {
    io.out(text);
    if (!values['show-secrets'])
      io.err('(SIP secrets hidden; --show-secrets prints them, --out <file> writes them)');
    return EXIT.ok;
  }
  const unchanged = (await readFile(out, 'utf8').catch(() => undefined)) === text;
  if (!unchanged) await writeFileAtomic(out, text);
  io.out(
    `${unchanged ? 'Unchanged' : 'Wrote'} ${out}: ${agents} agent and ${devices} device account${agents + devices === 1 ? '' : 's'}`,
  );
  if (ami) {
    const message = await reloadOverAmi(ami);
    io.out(`Asterisk reloaded res_pjsip.so${message ? ` (${message})` : ''}`);
  }
  return EXIT.ok;
}

async function queues(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseSubcommandArgs(argv, {
    set: { type: 'string' },
    clear: { type: 'boolean' },
  });
  const userId = onePositional(positionals, 'userId');
  if (values.set !== undefined && values.clear) throw new CliUsageError('use --set or --clear, not both');
  const list = await withAsteriskStore(values.db, io, async (services, store) => {
    const agent = await services.agents.findByUserId(userId);
    if (!agent) throw new DomainError('E_NOT_FOUND', `No agent with user ID ${userId}`);
    if (values.clear) return store.setAgentQueues(agent.id, []);
    if (values.set !== undefined) return store.setAgentQueues(agent.id, values.set.split(','));
    return store.agentQueues(agent.id);
  });
  io.out(
    list.length === 0 ? `Agent ${userId} joins no queues` : `Agent ${userId} queues: ${list.join(', ')}`,
  );
  return EXIT.ok;
}

/** Where AMI is and how to reach it: the URL, and for amis:// the CA and whether to verify. */
async function amiConnection(
  url: string | undefined,
  tls: { caFile: string | undefined; allowUnverified: boolean },
): Promise<AmiClientOptions> {
  if (url === undefined || url === '') {
    throw new CliUsageError('--reload needs --ami-url ami://user:secret@host:5038 (or CALLGATE_AMI_URL)');
  }
  let endpoint: AmiEndpoint;
  try {
    endpoint = parseAmiUrl(url);
  } catch (err) {
    if (err instanceof AmiUrlError) throw new CliUsageError(`invalid AMI URL: ${err.message}`);
    throw err;
  }
  const { tls: overTls, ...rest } = endpoint;
  if (!overTls) {
    if (tls.caFile !== undefined || tls.allowUnverified) {
      throw new CliUsageError('--ami-ca-file and --ami-tls-allow-unverified need an amis:// AMI URL (TLS)');
    }
    return rest;
  }
  let ca: string | undefined;
  if (tls.caFile !== undefined) {
    ca = await readFile(tls.caFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new CliUsageError(
        `--ami-ca-file "${tls.caFile}": ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
      );
    });
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new CliUsageError(`--ami-ca-file "${tls.caFile}": no PEM certificate in it`);
    }
  }
  return { ...rest, tls: { ...(ca === undefined ? {} : { ca }), allowUnverified: tls.allowUnverified } };
}

function parseSecretFlags(flags: readonly string[]): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new CliUsageError('--secret takes <account>=<secret>, e.g. --secret 1001=...');
    secrets.set(flag.slice(0, at), flag.slice(at + 1));
  }
  return secrets;
}

/** Services plus the Asterisk tables, on a migrated store that is always closed. */
async function withAsteriskStore<T>(
  db: string | undefined,
  io: CliIo,
  fn: (services: Services, store: AsteriskStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(storeUrl(db, io), { connectTimeoutMs: 5000 });
  try {
    await store.migrate();
    return await fn(createServices({ store }), new AsteriskStore(store.db));
  } finally {
    await store.close();
  }
}

/** Asterisk never reads a half-written file: write a sibling, then rename over the target. */
async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o640 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function reloadOverAmi(endpoint: AmiClientOptions): Promise<string> {
  const client = new AmiClient({ ...endpoint, events: 'off', connectTimeoutMs: AMI_CONNECT_TIMEOUT_MS });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          finish(
            new AmiError('E_AMI_TIMEOUT', `no AMI login at ${endpoint.host}:${endpoint.port} within 5 s`),
          ),
        AMI_CONNECT_TIMEOUT_MS,
      );
      const onStatus = (change: AmiStatusChange) => {
        if (change.status === 'connected') finish();
        else if (change.error) finish(change.error);
      };
      const finish = (err?: Error) => {
        clearTimeout(timer);
        client.off('status', onStatus);
        if (err) reject(err);
        else resolve();
      };
      client.on('status', onStatus);
      client.start();
    });
    return await reloadPjsip(client);
  } finally {
    await client.close();
  }
}
