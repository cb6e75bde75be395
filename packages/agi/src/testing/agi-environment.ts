import type { ChannelIdentity, DialplanLocation } from './channel-model.ts';

export interface EnvironmentInput {
  /** FastAGI: the agi:// URL; standard AGI: the script path. */
  request: string;
  /** FastAGI only: path and query after the host, without the leading slash. */
  networkScript?: string;
  identity: ChannelIdentity;
  location: DialplanLocation;
  args: readonly string[];
  /** Values that replace the computed ones, by field name (`agi_threadid`, `agi_dnid`, ...). */
  overrides?: Record<string, string>;
}

/**
 * The environment block Asterisk sends before the first command, in Asterisk's order (setup_env in
 * res_agi.c): `name: value` lines then an empty line. Empty caller ID fields read `unknown`.
 */
export function buildEnvironment(input: EnvironmentInput): Array<[string, string]> {
  const { identity, location } = input;
  const fields: Array<[string, string]> = [];
  if (input.networkScript !== undefined) {
    fields.push(['agi_network', 'yes'], ['agi_network_script', input.networkScript]);
  }
  fields.push(
    ['agi_request', input.request],
    ['agi_channel', identity.name],
    ['agi_language', identity.language],
    ['agi_type', identity.type],
    ['agi_uniqueid', identity.uniqueId],
    ['agi_version', '22.10.1'],
    ['agi_callerid', identity.callerIdNum || 'unknown'],
    ['agi_calleridname', identity.callerIdName || 'unknown'],
    // With no caller ID at all the presentation is "number not available" (0x43), as recorded.
    ['agi_callingpres', identity.callerIdNum || identity.callerIdName ? '0' : '67'],
    ['agi_callingani2', '0'],
    ['agi_callington', '0'],
    ['agi_callingtns', '0'],
    ['agi_dnid', 'unknown'],
    ['agi_rdnis', 'unknown'],
    ['agi_context', location.context],
    ['agi_extension', location.extension],
    ['agi_priority', String(location.priority)],
    ['agi_enhanced', '0.0'],
    ['agi_accountcode', identity.accountCode],
    ['agi_threadid', '140000000000001'],
  );
  input.args.forEach((arg, i) => {
    fields.push([`agi_arg_${i + 1}`, arg]);
  });
  const overrides = input.overrides ?? {};
  const known = new Set(fields.map(([name]) => name));
  const result = fields.map(([name, value]): [string, string] => [name, overrides[name] ?? value]);
  for (const [name, value] of Object.entries(overrides)) if (!known.has(name)) result.push([name, value]);
  return result;
}

export function encodeEnvironment(fields: ReadonlyArray<[string, string]>): string[] {
  return [...fields.map(([name, value]) => `${name}: ${value}`), ''];
}
