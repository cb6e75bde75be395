/**
 * Compares what the fake AMI server sent with what the lab's Asterisk sent. Responses are compared
 * in order; events carrying an action's ActionID (list entries, OriginateResponse) in order per
 * action; other events in order per thing they are about (a channel, a room, an endpoint, a queue
 * member). Asterisk's threads interleave events about different channels differently from run to
 * run (compare 03 with 12), so that interleaving is not compared. Field order is not compared
 * either (no AMI client depends on it); names and values are, after the normalisations below.
 */
import type { AmiField } from '../../../src/asterisk/ami-message.ts';
import { get } from './ami-replay.ts';

/** Values that differ from run to run or come from the lab's hardware, each with why. */
export const VOLATILE_FIELDS: Readonly<Record<string, string>> = {
  Challenge: 'a random number Asterisk draws for each session',
  Timestamp: 'the time of the Ping',
  Uptime: 'seconds since that Asterisk started',
  LastReload: 'seconds since that Asterisk last reloaded',
  LastPause: 'the clock time of the last pause change',
  LoginTime: 'the clock time the member was added',
  ExpirationTime: 'when the lab phone’s registration expires',
  CallId: 'the SIP Call-ID the lab phone chose',
  ViaAddr: 'the lab phone’s address',
  ViaPort: 'the lab phone’s port',
  UserAgent: 'the lab phone’s software (baresip)',
  RoundtripUsec: 'the measured SIP round trip to the lab phone',
  ObjectName: 'for a contact, a hash Asterisk makes of the registration',
  BridgeUniqueid: 'a random UUID Asterisk gives each bridge (compared as the same bridge, not the same text)',
};

const ASTERISK_UNIQUEID = /^\d{9,}\.\d+(;2)?$/;
const UNIQUEID_FIELDS = new Set(['Uniqueid', 'Linkedid', 'DestUniqueid', 'DestLinkedid']);

/** Stable names for values that must match each other within one side, not across sides. */
class Aliases {
  private readonly seen = new Map<string, string>();
  alias(kind: string, value: string): string {
    const key = `${kind}:${value}`;
    let name = this.seen.get(key);
    if (!name) {
      name = `<${kind} ${[...this.seen.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1}>`;
      this.seen.set(key, name);
    }
    return name;
  }
}

/** One side's messages with volatile values replaced by stable placeholders. */
export function normaliseSide(
  messages: readonly (readonly AmiField[])[],
  extra: (fields: AmiField[]) => AmiField[] = (f) => f,
): AmiField[][] {
  const aliases = new Aliases();
  return messages.map((message) => {
    const event = get(message, 'Event');
    const fields = message.map(([k, v]): AmiField => {
      if (k === 'BridgeUniqueid') return [k, aliases.alias('bridge', v)];
      if (UNIQUEID_FIELDS.has(k) && ASTERISK_UNIQUEID.test(v)) return [k, aliases.alias('uniqueid', v)];
      if (k === 'ObjectName' && event !== 'ContactList') return [k, v];
      if (k === 'RoundtripUsec' && v === '0') return [k, v];
      if ((k === 'LastPause' || k === 'LoginTime') && v === '0') return [k, v];
      if (k in VOLATILE_FIELDS && k !== 'BridgeUniqueid') return [k, v === '' ? '' : `<${k}>`];
      return [k, v];
    });
    return extra(fields);
  });
}

/** Which stream a message belongs to (see the file comment). */
function streamOf(message: readonly AmiField[], actionIds: ReadonlySet<string>): string {
  if (get(message, 'Response') !== undefined && get(message, 'Event') === undefined) return 'responses';
  const id = get(message, 'ActionID');
  if (id !== undefined && actionIds.has(id)) return `events of action ${id}`;
  const event = get(message, 'Event') ?? '';
  const channel = get(message, 'Channel') ?? get(message, 'DestChannel');
  if (channel !== undefined && event !== 'OriginateResponse') return `channel ${channel}`;
  const conference = get(message, 'Conference');
  if (conference !== undefined) return `room ${conference}`;
  const endpoint =
    get(message, 'AOR') ??
    get(message, 'Peer')?.replace(/^PJSIP\//, '') ??
    get(message, 'Device')?.replace(/^PJSIP\//, '');
  if (endpoint !== undefined) return `endpoint ${endpoint}`;
  const queue = get(message, 'Queue');
  if (queue !== undefined) return `queue ${queue} member ${get(message, 'Interface') ?? ''}`;
  return `event ${event}`;
}

function describe(message: readonly AmiField[]): string {
  const what = get(message, 'Event') ?? `Response: ${get(message, 'Response')}`;
  const message_ = get(message, 'Message');
  return message_ === undefined ? what : `${what} (${message_})`;
}

/** Lists every difference: a missing, extra or different message, and for a different one, its fields. */
export function compareExchanges(
  recorded: readonly (readonly AmiField[])[],
  replayed: readonly (readonly AmiField[])[],
  actionIds: ReadonlySet<string>,
): string[] {
  const group = (messages: readonly (readonly AmiField[])[]) => {
    const streams = new Map<string, (readonly AmiField[])[]>();
    for (const m of messages) {
      const key = streamOf(m, actionIds);
      streams.set(key, [...(streams.get(key) ?? []), m]);
    }
    return streams;
  };
  const want = group(recorded);
  const got = group(replayed);
  const mismatches: string[] = [];
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const a = want.get(key) ?? [];
    const b = got.get(key) ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i];
      const y = b[i];
      if (!x && y) mismatches.push(`${key} #${i + 1}: not recorded, the fake sent ${describe(y)}`);
      else if (x && !y) mismatches.push(`${key} #${i + 1}: recorded ${describe(x)}, the fake sent nothing`);
      else if (x && y) {
        const diff = fieldDifferences(x, y);
        if (diff.length > 0) mismatches.push(`${key} #${i + 1} ${describe(x)}: ${diff.join('; ')}`);
      }
    }
  }
  return mismatches;
}

function fieldDifferences(recorded: readonly AmiField[], replayed: readonly AmiField[]): string[] {
  const bag = (fields: readonly AmiField[]) => {
    const map = new Map<string, string[]>();
    for (const [k, v] of fields) map.set(k, [...(map.get(k) ?? []), v]);
    return map;
  };
  const a = bag(recorded);
  const b = bag(replayed);
  const out: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = JSON.stringify(a.get(key) ?? null);
    const y = JSON.stringify(b.get(key) ?? null);
    if (x !== y) out.push(`${key}: recorded ${x}, fake ${y}`);
  }
  return out;
}
