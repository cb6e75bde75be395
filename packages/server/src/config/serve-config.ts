import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type AmiEndpoint, AmiUrlError, parseAmiUrl } from '../asterisk/ami-url.ts';
import type { TrustProxy } from '../http/client-address.ts';
import { type AppSettings, appSettingsFrom } from './app-settings.ts';
import { ConfigError } from './config-error.ts';
import {
  DIAL_IN_PROMPT_KEYS,
  LOOKUP_PROMPT_KEYS,
  PromptsFileError,
  parsePromptsFile,
  ROUTER_PROMPT_KEYS,
} from './prompts-file.ts';
import { SERVE_OPTIONS, type ServeOption, type ServeOptionKey } from './serve-options.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One validated value per SERVE_OPTIONS row, under the row's key. */
export interface ServeOptionValues {
  /** `sqlite:<file>`, `sqlite::memory:` or `postgres://...`, as openStore takes it. */
  readonly db: string;
  readonly agiPort: number;
  readonly httpPort: number;
  readonly host: string;
  /** CIDR blocks, each with an explicit prefix (a bare address becomes /32 or /128). */
  readonly agiAllow: readonly string[];
  readonly agiSecret: string | undefined;
  readonly logLevel: LogLevel;
  /** Normalised URL (`https://callgate.example.com/`), or undefined to derive it from host and port. */
  readonly publicUrl: string | undefined;
  readonly dialinNumber: string;
  readonly seed: boolean;
  readonly conferenceRange: { readonly first: number; readonly last: number };
  readonly lagTimeoutSec: number;
  readonly endAfterSec: number;
  readonly sweepIntervalSec: number;
  readonly maxAgiSessions: number;
  /** The playback allowance of the FastAGI commands' default deadlines, in seconds. */
  readonly agiPlaybackTimeoutSec: number;
  /** HTTP connections open at once (per worker). */
  readonly httpMaxConnections: number;
  /** Worker processes (node:cluster); 1 runs everything in this process. */
  readonly workers: number;
  readonly shutdownDeadlineMs: number;
  /** Asterisk Manager to log in to; undefined: AMI off (no phones called, no queues). */
  readonly amiUrl: AmiEndpoint | undefined;
  /** Path of the `--ami-ca-file` PEM file (amis:// only); its text is in `amiCa`. */
  readonly amiCaFile: string | undefined;
  readonly amiTlsAllowUnverified: boolean;
  /** `"Name" <number>` as set, or undefined for the default (see `agentCallerIdOf`). */
  readonly agentCallerId: string | undefined;
  readonly mobileContext: string;
  readonly queueContext: string;
  readonly bridgeProfile: string;
  readonly userProfile: string;
  readonly ringTimeoutSec: number;
  /** Passed to the HTTP API's `trustProxy`: false, true (any hop), a hop count, or proxy CIDR blocks. */
  readonly trustProxy: TrustProxy;
  /** Domain lockout of user IDs and caller IDs (dial-in and web logins share the counters). */
  readonly lockoutThreshold: number;
  readonly lockoutWindowSec: number;
  readonly lockoutDurationSec: number;
  /** The longest lock (locks in a row double up to it). */
  readonly lockoutMaxDurationSec: number;
  /** Failed logins per user lane within a day, however paced. */
  readonly lockoutDailyThreshold: number;
  /** Failed logins from strangers over all user IDs within a day. */
  readonly lockoutServerDailyThreshold: number;
  /** This node's id as the holder of phone legs; unset: <host>:<agi-port>. */
  readonly nodeId: string | undefined;
  /** Failed logins from strangers over all user IDs, per kind, within the window: refused past it. */
  readonly lockoutServerThreshold: number;
  readonly lockoutServerWindowSec: number;
  readonly dialInAttempts: number;
  readonly dialInNoSession: 'hangup' | 'hold';
  readonly dialInHoldSec: number;
  readonly dialInMusicClass: string;
  readonly dialInSessionFreshSec: number;
  readonly dialInSecondLeg: 'refuse' | 'replace';
  readonly dialInReclaimStaleLegs: boolean;
  readonly dialInBridge: 'confbridge' | 'dialplan';
  readonly dialInBridgeContext: string;
  /** Path of the `--dialin-prompts` JSON file; its prompts are in `dialIn.prompts`. */
  readonly dialInPromptsFile: string | undefined;
  readonly callerCountryCode: string | undefined;
  readonly callerTrunkPrefix: string | undefined;
  readonly callerGreeting: 'none' | 'prompt' | 'digits' | 'name';
  readonly callerIdName: boolean;
  readonly vipContext: string | undefined;
  readonly routerDialOptions: string | undefined;
  /** Path of the `--router-prompts` JSON file; its prompts are in `extensionRouter.prompts`. */
  readonly routerPromptsFile: string | undefined;
  /** Path of the `--caller-prompts` JSON file; its prompts are in `callerLookup`. */
  readonly callerPromptsFile: string | undefined;
}

/**
 * Everything `callgate serve` needs, validated. Built by parseServeConfig from flags and env.
 * `dialIn`, `extensionRouter` and `callerLookup` group the apps' options the way registerApps
 * reads them from `config`.
 */
export interface ServeConfig extends ServeOptionValues, AppSettings {
  /** The CA certificate(s) read from `--ami-ca-file`, PEM. */
  readonly amiCa: string | undefined;
}

/** The caller ID of Callgate's calls to agents: as set, else "Callgate" <the dial-in number>. */
export function agentCallerIdOf(config: Pick<ServeOptionValues, 'agentCallerId' | 'dialinNumber'>): string {
  return config.agentCallerId ?? `"Callgate" <${config.dialinNumber}>`;
}

/** The file reads parseServeConfig needs (the `--dialin-prompts` file); tests may pass their own. */
export interface ServeConfigIo {
  readonly readTextFile?: (path: string) => string;
}

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const port = wholeNumber(0, 65535);

/** `a.b.c.d/n` or `v6/n`; a bare address means that one host. */
function normaliseCidr(block: string): string | null {
  const [address = '', prefix, extra] = block.split('/');
  if (extra !== undefined) return null;
  const family = isIP(address);
  if (family === 0) return null;
  const maxPrefix = family === 4 ? 32 : 128;
  if (prefix === undefined) return `${address}/${maxPrefix}`;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) return null;
  return `${address}/${Number(prefix)}`;
}

const cidrList = z.string().transform((text, ctx) => {
  const blocks = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: string[] = [];
  for (const block of blocks) {
    const cidr = normaliseCidr(block);
    if (cidr === null) {
      ctx.addIssue({ code: 'custom', message: `"${block}" is not a CIDR block` });
      return z.NEVER;
    }
    out.push(cidr);
  }
  if (out.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'the list is empty' });
    return z.NEVER;
  }
  return out;
});

const databaseUrl = z.string().refine((url) => {
  if (url.startsWith('sqlite:')) return url.length > 'sqlite:'.length;
  if (!/^postgres(ql)?:\/\//.test(url)) return false;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
});

const httpUrl = z.string().transform((text, ctx) => {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'not an http(s) URL' });
  return z.NEVER;
});

const booleanText = z
  .string()
  .regex(/^(true|false|1|0|yes|no)$/i)
  .transform((s) => /^(true|1|yes)$/i.test(s));

const roomRange = z.string().transform((text, ctx) => {
  const match = /^(\d{1,15})-(\d{1,15})$/.exec(text.trim());
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first > last) {
    ctx.addIssue({ code: 'custom', message: 'not a low-high range' });
    return z.NEVER;
  }
  return { first, last };
});

const amiUrl = z.string().transform((text, ctx) => {
  try {
    return parseAmiUrl(text);
  } catch (err) {
    if (!(err instanceof AmiUrlError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
    return z.NEVER;
  }
});

const dialplanName = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

/** `1234`, `"Name" <1234>` or `Name <1234>`, normalised to `"Name" <1234>` (or the bare number). */
const callerId = z.string().transform((text, ctx) => {
  const value = text.trim();
  const number = /^[0-9+*#]{1,20}$/;
  if (number.test(value)) return value;
  const match = /^(?:"([^"]*)"|([^"<>]*?))\s*<([^<>]*)>$/.exec(value);
  const name = (match?.[1] ?? match?.[2] ?? '').trim();
  if (match && number.test(match[3] ?? '') && /^[^"<>\\\r\n\0]{0,40}$/.test(name)) {
    return name === '' ? (match[3] ?? '') : `"${name}" <${match[3]}>`;
  }
  ctx.addIssue({ code: 'custom', message: 'not a caller ID' });
  return z.NEVER;
});

const trustProxy = z.string().transform((text, ctx): TrustProxy => {
  const value = text.trim().toLowerCase();
  if (value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const blocks = cidrList.safeParse(text);
  if (blocks.success) return blocks.data;
  ctx.addIssue({ code: 'custom', message: blocks.error.issues[0]?.message ?? 'not a proxy list' });
  return z.NEVER;
});

/** One zod schema per option: each value is validated alone, so an error names exactly one option. */
const VALUE_SCHEMAS: { readonly [K in ServeOptionKey]: z.ZodType<ServeOptionValues[K]> } = {
  db: databaseUrl,
  agiPort: port,
  httpPort: port,
  host: z.string().regex(/^[A-Za-z0-9.:_-]+$/),
  agiAllow: cidrList,
  agiSecret: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{8,256}$/)
    .optional(),
  logLevel: z.enum(LOG_LEVELS),
  publicUrl: httpUrl.optional(),
  dialinNumber: z.string().regex(/^\d{1,20}$/),
  seed: booleanText,
  conferenceRange: roomRange,
  lagTimeoutSec: wholeNumber(5, 86_400),
  endAfterSec: wholeNumber(5, 7 * 86_400),
  sweepIntervalSec: wholeNumber(1, 3600),
  maxAgiSessions: wholeNumber(1, 100_000),
  agiPlaybackTimeoutSec: wholeNumber(5, 3600),
  httpMaxConnections: wholeNumber(10, 100_000),
  workers: z.union([z.literal('auto').transform(() => availableParallelism()), wholeNumber(1, 64)]),
  shutdownDeadlineMs: wholeNumber(0, 3_600_000),
  amiUrl: amiUrl.optional(),
  amiCaFile: z.string().min(1).optional(),
  amiTlsAllowUnverified: booleanText,
  agentCallerId: callerId.optional(),
  mobileContext: dialplanName,
  queueContext: dialplanName,
  bridgeProfile: dialplanName,
  userProfile: dialplanName,
  ringTimeoutSec: wholeNumber(5, 300),
  trustProxy,
  lockoutThreshold: wholeNumber(1, 100),
  lockoutWindowSec: wholeNumber(1, 86_400),
  lockoutDurationSec: wholeNumber(1, 7 * 86_400),
  lockoutMaxDurationSec: wholeNumber(60, 30 * 86_400),
  lockoutDailyThreshold: wholeNumber(1, 10_000),
  lockoutServerDailyThreshold: wholeNumber(1, 1_000_000),
  nodeId: z
    .string()
    .regex(/^[A-Za-z0-9._:/-]{1,64}$/)
    .optional(),
  lockoutServerThreshold: wholeNumber(1, 100_000),
  lockoutServerWindowSec: wholeNumber(60, 86_400),
  dialInAttempts: wholeNumber(1, 10),
  dialInNoSession: z.enum(['hangup', 'hold']),
  dialInHoldSec: wholeNumber(0, 3600),
  dialInMusicClass: dialplanName,
  dialInSessionFreshSec: wholeNumber(1, 86_400),
  dialInSecondLeg: z.enum(['refuse', 'replace']),
  dialInReclaimStaleLegs: booleanText,
  dialInBridge: z.enum(['confbridge', 'dialplan']),
  dialInBridgeContext: dialplanName,
  dialInPromptsFile: z.string().min(1).optional(),
  callerCountryCode: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
  callerTrunkPrefix: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
  callerGreeting: z.enum(['none', 'prompt', 'digits', 'name']),
  callerIdName: booleanText,
  vipContext: dialplanName.optional(),
  routerDialOptions: z
    .string()
    .regex(/^[A-Za-z]{1,20}$/)
    .optional(),
  routerPromptsFile: z.string().min(1).optional(),
  callerPromptsFile: z.string().min(1).optional(),
};

/** Where a raw value came from, so an error can name the flag or the env var the user set. */
interface RawValue {
  readonly text: string | undefined;
  readonly source: string;
}

const FLAG_OPTIONS = Object.fromEntries([
  ['help', { type: 'boolean', short: 'h' }],
  ...SERVE_OPTIONS.filter((o) => o.flag !== null).map((o) => [
    o.flag,
    { type: o.kind === 'switch' ? 'boolean' : 'string' },
  ]),
]) as Record<string, { type: 'boolean' | 'string'; short?: string }>;

/** Reads argv loosely and reports mistakes ourselves: node's strict messages are long and odd. */
function readFlags(argv: readonly string[]): Map<string, string | boolean> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: FLAG_OPTIONS,
    strict: false,
    allowPositionals: true,
  });
  const flags = new Map<string, string | boolean>();
  for (const [name, value] of Object.entries(values)) {
    const known = FLAG_OPTIONS[name];
    if (known === undefined) {
      throw new ConfigError('E_CONFIG_USAGE', `unknown option --${name} (see callgate serve --help)`);
    }
    if (known.type === 'string' && typeof value !== 'string') {
      throw new ConfigError('E_CONFIG_USAGE', `--${name} needs a value (see callgate serve --help)`);
    }
    if (known.type === 'boolean' && typeof value !== 'boolean') {
      throw new ConfigError('E_CONFIG_USAGE', `--${name} takes no value`);
    }
    if (value !== undefined) flags.set(name, value as string | boolean);
  }
  const first = positionals[0];
  if (first !== undefined) {
    throw new ConfigError('E_CONFIG_USAGE', `unexpected argument "${first}" (see callgate serve --help)`);
  }
  return flags;
}

/** True when the user asked for `--help` / `-h` (checked before anything is validated). */
export function wantsServeHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

function rawValue(
  option: ServeOption,
  flags: Map<string, string | boolean>,
  env: NodeJS.ProcessEnv,
): RawValue {
  const flagValue = option.flag === null ? undefined : flags.get(option.flag);
  if (option.kind === 'switch' && flagValue === true) {
    // A `--no-...` switch negates its setting; any other switch turns its setting on.
    return { text: option.flag?.startsWith('no-') ? 'false' : 'true', source: `--${option.flag}` };
  }
  if (typeof flagValue === 'string') return { text: flagValue, source: `--${option.flag}` };
  const envValue = env[option.env];
  if (envValue !== undefined && envValue !== '') return { text: envValue, source: option.env };
  return { text: option.defaultValue, source: `default of ${option.env}` };
}

function invalid(option: ServeOption, raw: RawValue, detail?: string): ConfigError {
  // Secrets are never echoed back, not even in an error line.
  // Control characters are shown escaped: the error stays one line whatever was typed.
  const text = (raw.text ?? '').replace(/[\x00-\x1f]/g, (c) => JSON.stringify(c).slice(1, -1));
  const shown = option.key === 'agiSecret' || option.key === 'amiUrl' ? '' : ` "${text}"`;
  const why = detail ? ` (${detail})` : '';
  return new ConfigError(
    'E_CONFIG_VALUE',
    `invalid ${raw.source}${shown}${why}: expected ${option.expected}`,
  );
}

/**
 * Builds the serve configuration from command-line flags and CALLGATE_* env vars (flags win over
 * env, env over defaults). Throws ConfigError with a one-line message naming the bad flag or env var.
 */
export function parseServeConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: ServeConfigIo = {},
): ServeConfig {
  const flags = readFlags(argv);
  const config: Record<string, unknown> = {};
  const sources = new Map<ServeOptionKey, RawValue>();
  for (const option of SERVE_OPTIONS) {
    const raw = rawValue(option, flags, env);
    sources.set(option.key, raw);
    const schema: z.ZodType<unknown> = VALUE_SCHEMAS[option.key];
    const result = schema.safeParse(raw.text);
    if (!result.success) {
      const custom = result.error.issues.find((i) => i.code === 'custom');
      throw invalid(option, raw, custom?.message);
    }
    config[option.key] = result.data;
  }
  const parsed = config as unknown as ServeOptionValues;
  if (parsed.workers > 1 && !/^postgres(ql)?:/.test(parsed.db)) {
    throw new ConfigError(
      'E_CONFIG_VALUE',
      `invalid ${sources.get('workers')?.source ?? '--workers'} ${parsed.workers}: expected 1 with SQLite (one writer per file); several workers need PostgreSQL (--db postgres://...)`,
    );
  }
  if (parsed.endAfterSec <= parsed.lagTimeoutSec) {
    throw new ConfigError(
      'E_CONFIG_VALUE',
      `invalid CALLGATE_END_AFTER_SEC/--end-after-sec ${parsed.endAfterSec}: expected more than the lag timeout (${parsed.lagTimeoutSec} s)`,
    );
  }
  const read = io.readTextFile ?? readUtf8;
  const amiCa = readAmiTls(parsed, sources, read);
  const promptsOf = <K extends string>(
    key: ServeOptionKey,
    keys: readonly K[],
  ): Partial<Record<K, string>> => {
    const path = parsed[key as PromptsFileKey];
    const source = sources.get(key);
    return path === undefined || source === undefined ? {} : readPromptsFile(key, path, source, keys, read);
  };
  return {
    ...parsed,
    amiCa,
    ...appSettingsFrom(parsed, {
      dialIn: promptsOf('dialInPromptsFile', DIAL_IN_PROMPT_KEYS),
      router: promptsOf('routerPromptsFile', ROUTER_PROMPT_KEYS),
      lookup: promptsOf('callerPromptsFile', LOOKUP_PROMPT_KEYS),
    }),
  };
}

type PromptsFileKey = 'dialInPromptsFile' | 'routerPromptsFile' | 'callerPromptsFile';

/** The TLS settings belong to an amis:// URL; the CA file must hold a certificate. */
function readAmiTls(
  parsed: ServeOptionValues,
  sources: Map<ServeOptionKey, RawValue>,
  read: (path: string) => string,
): string | undefined {
  const tlsUrl = parsed.amiUrl?.tls === true;
  const needsTls = (key: ServeOptionKey, what: string) =>
    new ConfigError(
      'E_CONFIG_VALUE',
      `invalid ${sources.get(key)?.source ?? key}: ${what} needs an amis:// AMI URL (TLS); --ami-url is ${parsed.amiUrl ? 'ami://' : 'unset'}`,
    );
  if (parsed.amiTlsAllowUnverified && !tlsUrl) throw needsTls('amiTlsAllowUnverified', 'it');
  const path = parsed.amiCaFile;
  if (path === undefined) return undefined;
  if (!tlsUrl) throw needsTls('amiCaFile', 'a CA file');
  const source = sources.get('amiCaFile')?.source ?? '--ami-ca-file';
  const fail = (detail: string) =>
    new ConfigError(
      'E_CONFIG_VALUE',
      `invalid ${source} "${path}" (${detail}): expected a PEM file with the certificate of the CA that signed Asterisk's AMI certificate`,
    );
  let text: string;
  try {
    text = read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : `cannot read it${code ? `: ${code}` : ''}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw fail('no PEM certificate in it');
  return text;
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Reads and checks a prompt file (`--dialin-prompts` and the like); any problem is one line naming the option. */
function readPromptsFile<K extends string>(
  key: ServeOptionKey,
  path: string,
  source: RawValue,
  keys: readonly K[],
  readTextFile: (path: string) => string,
): Partial<Record<K, string>> {
  const expected = SERVE_OPTIONS.find((o) => o.key === key)?.expected ?? 'a JSON file of prompt names';
  const fail = (detail: string) =>
    new ConfigError('E_CONFIG_VALUE', `invalid ${source.source} "${path}" (${detail}): expected ${expected}`);
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : `cannot read it${code ? `: ${code}` : ''}`);
  }
  try {
    return parsePromptsFile(text, keys);
  } catch (err) {
    if (err instanceof PromptsFileError) throw fail(err.message);
    throw err;
  }
}
