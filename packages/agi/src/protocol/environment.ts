import { AgiError } from '../errors.ts';

/**
 * The variables Asterisk sends before the first command (`agi_*: value` lines up to a blank line).
 * FastAGI and standard AGI both send them; FastAGI adds `agi_network` and `agi_network_script`.
 */
export interface AgiEnvironment {
  /** Every line as sent, key including the `agi_` prefix. */
  readonly fields: Readonly<Record<string, string>>;
  /** `agi_network: yes` (FastAGI). */
  readonly network: boolean;
  /** Path of agi_network_script (FastAGI) or agi_request (stdio): no leading `/`, no query. */
  readonly script: string;
  /** The script's query string, percent-decoded (`+` stays `+`; the last of a repeated name wins). */
  readonly query: Readonly<Record<string, string>>;
  readonly request: string;
  readonly channel: string;
  readonly language: string;
  readonly type: string;
  readonly uniqueid: string;
  readonly version: string;
  readonly callerId: string;
  readonly callerIdName: string;
  readonly callingPres: string;
  readonly callingAni2: string;
  readonly callingTon: string;
  readonly callingTns: string;
  readonly dnid: string;
  readonly rdnis: string;
  readonly context: string;
  readonly extension: string;
  readonly priority: string;
  readonly enhanced: string;
  readonly accountCode: string;
  readonly threadId: string;
  /** agi_arg_1..N in order; a missing number in the sequence reads as ''. */
  readonly args: readonly string[];
}

const KEY = /^agi_[A-Za-z0-9_]+$/;
const ARG_KEY = /^agi_arg_([1-9][0-9]*)$/;
/** Asterisk passes at most 128 arguments; a bigger number is garbage, not a sparse array to allocate. */
const MAX_ARG_NUMBER = 1024;

/**
 * Splits one environment line at the first `: ` only (values may contain `: `, as agi_request's URL
 * does). `agi_accountcode: ` has an empty value. Anything that is not `agi_<name>: <value>` is
 * garbage and throws AGI_ERR_BAD_ENVIRONMENT.
 */
export function parseEnvironmentLine(line: string): [key: string, value: string] {
  const at = line.indexOf(': ');
  const key = at === -1 ? line : line.slice(0, at);
  if (at === -1 || !KEY.test(key)) {
    throw new AgiError(
      'AGI_ERR_BAD_ENVIRONMENT',
      `not an environment line: ${JSON.stringify(line.slice(0, 80))}`,
    );
  }
  return [key, line.slice(at + 2)];
}

/**
 * parseEnvironmentLine for the line at `index` of the block: when it carries the key Asterisk
 * usually sends there (FastAGI or standard AGI order), that key is taken as the constant it is, with
 * no pattern check and no fresh key string (which environmentOf would have to turn into a name).
 */
export function parseEnvironmentLineAt(line: string, index: number): [key: string, value: string] {
  const key = usualKeyOf(line, FASTAGI_KEYS[index]) ?? usualKeyOf(line, STANDARD_KEYS[index]);
  return key === undefined ? parseEnvironmentLine(line) : [key, line.slice(key.length + 2)];
}

/** `key` when the line is `<key>: <value>`. */
function usualKeyOf(line: string, key: string | undefined): string | undefined {
  return key !== undefined &&
    line.startsWith(key) &&
    line.charCodeAt(key.length) === 0x3a && // ':'
    line.charCodeAt(key.length + 1) === 0x20 // ' '
    ? key
    : undefined;
}

/** Parses the environment lines (without the closing blank line). Requires at least agi_request. */
export function parseEnvironment(lines: readonly string[]): AgiEnvironment {
  return environmentOf(lines.map(parseEnvironmentLine));
}

/**
 * Builds the environment from lines already split by parseEnvironmentLine (the session checks each
 * line as it arrives and keeps its pair, so no line is parsed twice). Requires agi_request.
 */
export function environmentOf(pairs: readonly (readonly [key: string, value: string])[]): AgiEnvironment {
  const args: string[] = [];
  for (const [key, value] of pairs) {
    const arg = key.startsWith('agi_arg_') ? ARG_KEY.exec(key) : null;
    if (arg) {
      const n = Number(arg[1]);
      if (n > MAX_ARG_NUMBER)
        throw new AgiError('AGI_ERR_BAD_ENVIRONMENT', `argument number too big: ${key}`);
      while (args.length < n) args.push('');
      args[n - 1] = value;
    }
  }
  return environmentFrom(fastAgiFieldsOf(pairs) ?? fieldsOf(pairs), args);
}

/** The environment of already-built fields and args. Requires agi_request. */
export function environmentFrom(fields: Record<string, string>, args: string[]): AgiEnvironment {
  const request = fields.agi_request;
  if (request === undefined)
    throw new AgiError('AGI_ERR_BAD_ENVIRONMENT', 'the environment has no agi_request');
  const network = fields.agi_network === 'yes';
  const target = network ? (fields.agi_network_script ?? pathOfUrl(request)) : request;
  const { script, query } = splitScript(target);
  return {
    fields,
    network,
    script,
    query,
    request,
    channel: fields.agi_channel ?? '',
    language: fields.agi_language ?? '',
    type: fields.agi_type ?? '',
    uniqueid: fields.agi_uniqueid ?? '',
    version: fields.agi_version ?? '',
    callerId: fields.agi_callerid ?? '',
    callerIdName: fields.agi_calleridname ?? '',
    callingPres: fields.agi_callingpres ?? '',
    callingAni2: fields.agi_callingani2 ?? '',
    callingTon: fields.agi_callington ?? '',
    callingTns: fields.agi_callingtns ?? '',
    dnid: fields.agi_dnid ?? '',
    rdnis: fields.agi_rdnis ?? '',
    context: fields.agi_context ?? '',
    extension: fields.agi_extension ?? '',
    priority: fields.agi_priority ?? '',
    enhanced: fields.agi_enhanced ?? '',
    accountCode: fields.agi_accountcode ?? '',
    threadId: fields.agi_threadid ?? '',
    args,
  };
}

/**
 * Not `fields[key] = value` in a loop: past a dozen keys V8 turns such an object into a hash table
 * (~1.6 KB for Asterisk's 23 fields); fromEntries builds a compact one, key order kept.
 */
function fieldsOf(pairs: readonly (readonly [key: string, value: string])[]): Record<string, string> {
  return Object.fromEntries(pairs);
}

/** The keys Asterisk (1.8 to 22) sends, in its order; FastAGI adds the first two. */
const NETWORK_KEYS = ['agi_network', 'agi_network_script'] as const;
const STANDARD_KEYS = [
  'agi_request',
  'agi_channel',
  'agi_language',
  'agi_type',
  'agi_uniqueid',
  'agi_version',
  'agi_callerid',
  'agi_calleridname',
  'agi_callingpres',
  'agi_callingani2',
  'agi_callington',
  'agi_callingtns',
  'agi_dnid',
  'agi_rdnis',
  'agi_context',
  'agi_extension',
  'agi_priority',
  'agi_enhanced',
  'agi_accountcode',
  'agi_threadid',
] as const;
export const FASTAGI_KEYS: readonly string[] = [...NETWORK_KEYS, ...STANDARD_KEYS];
const KNOWN_KEYS: ReadonlySet<string> = new Set(FASTAGI_KEYS);

/**
 * The fields of FastAGI's usual block from its 22 values, values[at] to values[at + 21]. An object
 * literal, not a template clone filled by key: V8 keeps a literal's 22 properties in a compact
 * object (a filled clone turned into a 1.6 KB hash table per held call), and a literal's names are
 * constants, where fromEntries has to turn each freshly read key string into a property name.
 */
export function fastAgiFields(values: ArrayLike<string | undefined>, at: number): Record<string, string> {
  return {
    agi_network: values[at] ?? '',
    agi_network_script: values[at + 1] ?? '',
    agi_request: values[at + 2] ?? '',
    agi_channel: values[at + 3] ?? '',
    agi_language: values[at + 4] ?? '',
    agi_type: values[at + 5] ?? '',
    agi_uniqueid: values[at + 6] ?? '',
    agi_version: values[at + 7] ?? '',
    agi_callerid: values[at + 8] ?? '',
    agi_calleridname: values[at + 9] ?? '',
    agi_callingpres: values[at + 10] ?? '',
    agi_callingani2: values[at + 11] ?? '',
    agi_callington: values[at + 12] ?? '',
    agi_callingtns: values[at + 13] ?? '',
    agi_dnid: values[at + 14] ?? '',
    agi_rdnis: values[at + 15] ?? '',
    agi_context: values[at + 16] ?? '',
    agi_extension: values[at + 17] ?? '',
    agi_priority: values[at + 18] ?? '',
    agi_enhanced: values[at + 19] ?? '',
    agi_accountcode: values[at + 20] ?? '',
    agi_threadid: values[at + 21] ?? '',
  };
}

/** agi_arg_N keys past the usual ones that may still be added to the literal one by one. */
export const MAX_EXTRA_KEYS = 8;

/**
 * The same object fromEntries would build (same keys in the same order, same values), built by
 * fastAgiFields when the block is FastAGI's usual layout. Undefined for any other layout (the
 * caller falls back to fromEntries; standard AGI reads one environment per process).
 */
function fastAgiFieldsOf(
  pairs: readonly (readonly [key: string, value: string])[],
): Record<string, string> | undefined {
  const keys = FASTAGI_KEYS;
  const extra = pairs.length - keys.length;
  if (extra < 0 || extra > MAX_EXTRA_KEYS) return undefined;
  for (let i = 0; i < keys.length; i++) if (pairs[i]?.[0] !== keys[i]) return undefined;
  for (let i = keys.length; i < pairs.length; i++) {
    const key = pairs[i]?.[0] ?? '';
    // A repeated key is left to fromEntries' exact semantics (the last one wins, at the first's place).
    if (KNOWN_KEYS.has(key)) return undefined;
    for (let j = keys.length; j < i; j++) if (pairs[j]?.[0] === key) return undefined;
  }
  const fields = fastAgiFields(
    pairs.map((pair) => pair[1]),
    0,
  );
  for (let i = keys.length; i < pairs.length; i++) {
    const pair = pairs[i];
    if (pair) fields[pair[0]] = pair[1];
  }
  return fields;
}

/** `agi://host:port/path?q` → `path?q` (used only when agi_network_script is missing). */
function pathOfUrl(request: string): string {
  const scheme = request.indexOf('://');
  if (scheme === -1) return request;
  const slash = request.indexOf('/', scheme + 3);
  return slash === -1 ? '' : request.slice(slash + 1);
}

/**
 * Splits `path?query` into a path without leading slashes and the decoded query. Names and values
 * are percent-decoded, but `+` stays a plus: dialplans put raw numbers such as `+4930123` in AGI
 * URLs. A malformed escape is kept as written; the last of a repeated name wins.
 */
export function splitScript(target: string): { script: string; query: Record<string, string> } {
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  const entries: [string, string][] = [];
  if (mark !== -1) {
    for (const pair of target.slice(mark + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      entries.push(eq === -1 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))]);
    }
  }
  // fromEntries defines own properties, so a `__proto__` name cannot touch the prototype.
  // Most paths have no leading slash: no regular expression for them.
  const script = path.charCodeAt(0) === 0x2f ? path.replace(/^\/+/, '') : path;
  return { script, query: entries.length === 0 ? {} : Object.fromEntries(entries) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
