/**
 * The lanes a login attempt is counted against, so that guessing stays slow while a lock cannot
 * keep an agent out:
 * - the phone PIN and the web password count apart (`pin:` and `pw:` lanes): guessing one never
 *   locks the other;
 * - a stranger's attempt counts on the user ID's stranger lane (`pin:<id>`, `pw:<id>`), on its
 *   origin (`cid:<caller id>`; `ip:<address>` for the web) and on the server-wide lane of its kind
 *   (`pin:*`, `pw:*`), which bounds guessing over all user IDs together;
 * - the agent's own origins get a lane of their own: a call from a caller ID the agent is known by
 *   (their mobile number, or a number they dialled in from successfully in the last 90 days) counts
 *   on `pin:<id>@<caller id>`, and a browser holding the device cookie of an earlier sign-in of that
 *   agent on `pw:<id>#<device>`. Strangers who lock the stranger lanes do not lock these.
 * Every lane has the same rule (attempt-limiter.ts): at most its threshold of checks per window.
 * User lanes and the server-wide lanes also have a daily twin (`<key>~day`) with a higher
 * threshold over a day, so guessing paced under the short threshold stays bounded per day too.
 */
import type { Lane, LanePolicy } from './attempt-limiter.ts';
import type { DomainConfig } from './domain-config.ts';

export type LaneKind =
  | 'phone'
  | 'phone-known'
  | 'caller'
  | 'phone-any'
  | 'contact'
  | 'web'
  | 'web-device'
  | 'address'
  | 'web-any';

/** Who or what a lane counts, read back from its key. */
export interface LaneSubject {
  kind: LaneKind;
  /** The daily twin of the lane (`<key>~day`). */
  daily: boolean;
  userId: string | null;
  /** A caller ID (kinds `caller`, `phone-known`) or client address (`address`). */
  origin: string | null;
  /** The device id of a `web-device` lane, or the office number of a `contact` lane. */
  detail: string | null;
}

/** Caller IDs that say nothing about the caller are not counted, or one bad caller locks them all. */
export function isMeaningfulCallerId(callerId: string | null | undefined): callerId is string {
  return !!callerId && !/^(unknown|anonymous|restricted|private)$/i.test(callerId.trim());
}

/** User IDs are digits; anything else shares one lane (it can never be right). */
function userPart(userId: string): string {
  return /^[0-9]{1,32}$/.test(userId) ? userId : '~invalid';
}

export interface LanePolicies {
  personal: LanePolicy;
  personalDaily: LanePolicy;
  address: LanePolicy;
  everyone: LanePolicy;
  everyoneDaily: LanePolicy;
}

const DAY_SEC = 86_400;
const DAILY = '~day';

export function lanePolicies(config: DomainConfig): LanePolicies {
  const maxDurationSec = config.lockMaxDurationSec;
  return {
    personal: {
      threshold: config.lockThreshold,
      windowSec: config.lockWindowSec,
      durationSec: config.lockDurationSec,
      maxDurationSec,
    },
    address: {
      threshold: config.addressFailureLimit,
      windowSec: config.addressWindowSec,
      durationSec: config.addressWindowSec,
      maxDurationSec,
    },
    everyone: {
      threshold: config.anyFailureLimit,
      windowSec: config.anyWindowSec,
      durationSec: config.anyWindowSec,
      maxDurationSec,
    },
    personalDaily: daily(config.lockDailyThreshold),
    everyoneDaily: daily(config.anyDailyLimit),
  };
}

function daily(threshold: number): LanePolicy {
  return { threshold, windowSec: DAY_SEC, durationSec: DAY_SEC, maxDurationSec: DAY_SEC };
}

/** A lane and its daily twin. */
function withDaily(lane: Lane, policy: LanePolicy): Lane[] {
  return [
    lane,
    { key: `${lane.key}${DAILY}`, policy, paces: false, ...(lane.shared ? { shared: true } : {}) },
  ];
}

export interface PhoneAttemptOrigin {
  /** What was keyed as the ID. */
  userId: string;
  callerId: string | null | undefined;
  /** The caller ID is one the agent is known by: the call counts on the agent's own lane. */
  knownCaller: boolean;
  /** CONTACTS mode: the ID is an office number and there is no secret. */
  contacts?: boolean;
}

export function phoneLanes(origin: PhoneAttemptOrigin, policies: LanePolicies): Lane[] {
  const user = userPart(origin.userId);
  if (origin.contacts) {
    const lanes: Lane[] = [{ key: `contact:${user}`, policy: policies.personal, paces: true }];
    if (isMeaningfulCallerId(origin.callerId))
      lanes.push({ key: `cid:${origin.callerId}`, policy: policies.personal, paces: true });
    return lanes;
  }
  if (origin.knownCaller && isMeaningfulCallerId(origin.callerId)) {
    return withDaily(
      { key: `pin:${user}@${origin.callerId}`, policy: policies.personal, paces: true },
      policies.personalDaily,
    );
  }
  const lanes: Lane[] = [
    ...withDaily({ key: `pin:${user}`, policy: policies.personal, paces: true }, policies.personalDaily),
    ...withDaily(
      { key: 'pin:*', policy: policies.everyone, paces: false, shared: true },
      policies.everyoneDaily,
    ),
  ];
  if (isMeaningfulCallerId(origin.callerId))
    lanes.push({ key: `cid:${origin.callerId}`, policy: policies.personal, paces: true });
  return lanes;
}

export interface WebAttemptOrigin {
  userId: string;
  remoteIp: string | null | undefined;
  /** The id of a device cookie this agent was given at an earlier sign-in, when the browser sent one. */
  knownDevice: string | null;
}

export function webLanes(origin: WebAttemptOrigin, policies: LanePolicies): Lane[] {
  const user = userPart(origin.userId);
  if (origin.knownDevice !== null) {
    return withDaily(
      { key: `pw:${user}#${origin.knownDevice}`, policy: policies.personal, paces: true },
      policies.personalDaily,
    );
  }
  const lanes: Lane[] = [
    ...withDaily({ key: `pw:${user}`, policy: policies.personal, paces: true }, policies.personalDaily),
    ...withDaily(
      { key: 'pw:*', policy: policies.everyone, paces: false, shared: true },
      policies.everyoneDaily,
    ),
  ];
  if (origin.remoteIp) lanes.push({ key: `ip:${origin.remoteIp}`, policy: policies.address, paces: false });
  return lanes;
}

/** Every lane key of one user ID's own lanes starts with one of these. */
export function userLanePrefixes(userId: string): { phone: string; web: string } {
  return { phone: `pin:${userId}`, web: `pw:${userId}` };
}

/** Reads a lane key back; undefined for keys this version does not write. */
export function describeLane(laneKey: string): LaneSubject | undefined {
  const isDaily = laneKey.endsWith(DAILY);
  const key = isDaily ? laneKey.slice(0, -DAILY.length) : laneKey;
  const colon = key.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  const subject = (kind: LaneKind, userId: string | null, origin: string | null, detail: string | null) => ({
    kind,
    daily: isDaily,
    userId,
    origin,
    detail,
  });
  switch (prefix) {
    case 'pin': {
      if (rest === '*') return subject('phone-any', null, null, null);
      const at = rest.indexOf('@');
      if (at > 0) return subject('phone-known', rest.slice(0, at), rest.slice(at + 1), null);
      return subject('phone', rest, null, null);
    }
    case 'pw': {
      if (rest === '*') return subject('web-any', null, null, null);
      const hash = rest.indexOf('#');
      if (hash > 0) return subject('web-device', rest.slice(0, hash), null, rest.slice(hash + 1));
      return subject('web', rest, null, null);
    }
    case 'cid':
      return subject('caller', null, rest, null);
    case 'ip':
      return subject('address', null, rest, null);
    case 'contact':
      return subject('contact', null, null, rest);
    default:
      return undefined;
  }
}

/** The policy a lane key is counted under (for views of keys read back from the store). */
export function policyOfLane(
  subject: Pick<LaneSubject, 'kind' | 'daily'>,
  policies: LanePolicies,
): LanePolicy {
  const { kind, daily } = subject;
  if (kind === 'address') return policies.address;
  if (kind === 'phone-any' || kind === 'web-any') return daily ? policies.everyoneDaily : policies.everyone;
  return daily ? policies.personalDaily : policies.personal;
}
