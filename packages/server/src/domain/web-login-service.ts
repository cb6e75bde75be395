/**
 * Web sign-ins, counted like dial-ins (reserve on the lanes, check the password, settle; see
 * login-lanes.ts) but on lanes of their own, so guessing a password never locks the phone PIN.
 *
 * A browser that signs in gets a device cookie (a random token; its SHA-256 is kept). When it
 * comes back with it, its attempts for that agent count on a lane of its own: a stranger who
 * locks the user ID, or fills the rate limit of an office's shared address, does not lock out the
 * agent at the browser they always use.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Agent, AgentRecord } from './agent.ts';
import { toAgent } from './agent.ts';
import type { AttemptLimiter, Reservation } from './attempt-limiter.ts';
import type { AuditService } from './audit-service.ts';
import { describeLane, lanePolicies, webLanes } from './login-lanes.ts';
import { verifySecret } from './secret-hash.ts';
import type { ServiceContext } from './service-context.ts';

export interface WebLoginAttempt {
  userId: string;
  password: string;
  remoteIp?: string | null;
  source?: 'web' | 'api';
  /** The device cookie the browser sent, if any. */
  deviceToken?: string | null;
}

/** What refused an attempt before its password was checked. */
export type WebLockScope = 'user' | 'address' | 'everyone';

export interface WebLoginOutcome {
  /**
   * `locked`: a lane of the user ID (or all strangers' lane) is locked; `rate_limited`: the
   * client address is, for a while; `unavailable`: the attempt could not be counted, so nothing
   * was checked.
   */
  result: 'ok' | 'bad_credentials' | 'locked' | 'rate_limited' | 'disabled' | 'unavailable';
  agent: Agent | null;
  delayMs: number;
  /** Until when the attempt's lane is refused (`locked`, `rate_limited`, or this failure locked it). */
  lockedUntil: Date | null;
  /** For `locked`: which lane. */
  lockScope: WebLockScope | null;
  /** On success from a browser without this agent's device cookie: the cookie to give it. */
  newDeviceToken: string | null;
}

export interface WebLoginService {
  verifyLogin(attempt: WebLoginAttempt): Promise<WebLoginOutcome>;
}

/** A device cookie's id: the SHA-256 of its token (the token itself is never stored). */
export function deviceIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How a device id appears in lane keys and views: short, and still not the token. */
export function deviceLaneId(deviceId: string): string {
  return deviceId.slice(0, 16);
}

function scopeOf(laneKey: string): WebLockScope {
  const kind = describeLane(laneKey)?.kind;
  return kind === 'address' ? 'address' : kind === 'web-any' ? 'everyone' : 'user';
}

/** Browsers kept per agent; the least recently used go first. */
const DEVICES_PER_AGENT = 10;

export function createWebLoginService(
  ctx: ServiceContext,
  deps: { limiter: AttemptLimiter; audit: AuditService },
): WebLoginService {
  const { store, clock, config, observer } = ctx;
  const { limiter, audit } = deps;
  const policies = lanePolicies(config);

  /** The device id when the browser's cookie is one this agent was given. */
  async function knownDevice(record: AgentRecord | undefined, token: string | null | undefined) {
    if (!record || !token || token.length > 128) return null;
    const device = await store.loginDevices.findById(deviceIdOf(token));
    return device && device.agentId === record.id ? device.id : null;
  }

  return {
    async verifyLogin(input) {
      const now = clock.now();
      const userId = input.userId.slice(0, 32);
      const remoteIp = input.remoteIp ?? null;
      const outcome: WebLoginOutcome = {
        result: 'bad_credentials',
        agent: null,
        delayMs: 0,
        lockedUntil: null,
        lockScope: null,
        newDeviceToken: null,
      };
      let agentId: number | null = null;
      const finish = async () => {
        await audit.record({
          at: now,
          source: input.source ?? 'web',
          agentId,
          enteredId: userId,
          remoteIp,
          result: outcome.result,
        });
        return outcome;
      };

      let record: AgentRecord | undefined;
      let device: string | null = null;
      let reserved: Reservation;
      try {
        record = /^[0-9]+$/.test(userId) ? await store.agents.findByUserId(userId) : undefined;
        agentId = record?.id ?? null;
        device = await knownDevice(record, input.deviceToken);
        const lanes = webLanes({ userId, remoteIp, knownDevice: device && deviceLaneId(device) }, policies);
        reserved = await limiter.reserve(lanes, now, remoteIp);
      } catch (err) {
        outcome.result = 'unavailable';
        await finish().catch(() => undefined);
        throw err;
      }
      if (!reserved.granted) {
        observer.attemptRefused('password', reserved.lane.key);
        outcome.lockedUntil = reserved.lockedUntil;
        outcome.lockScope = scopeOf(reserved.lane.key);
        outcome.result = outcome.lockScope === 'address' ? 'rate_limited' : 'locked';
        return finish();
      }

      observer.secretChecked('password');
      const ok =
        (await verifySecret(input.password, record?.passwordHash ?? null, ctx.hashCost)) &&
        record !== undefined;
      if (!ok || !record?.enabled) {
        const state = await limiter.fail(reserved, now);
        if (ok && record) outcome.agent = toAgent(record);
        Object.assign(outcome, {
          result: ok ? 'disabled' : 'bad_credentials',
          lockedUntil: state.lockedUntil,
          lockScope: state.lockedKey === null ? null : scopeOf(state.lockedKey),
          delayMs: state.delayMs,
        });
        return finish();
      }
      await limiter.succeed(reserved, now);
      outcome.agent = toAgent(record);
      outcome.result = 'ok';
      if (device) {
        await store.loginDevices.touch(device, now);
      } else {
        const token = randomBytes(32).toString('base64url');
        await store.loginDevices.insert({
          id: deviceIdOf(token),
          agentId: record.id,
          createdAt: now,
          lastUsedAt: now,
        });
        await store.loginDevices.trim(record.id, DEVICES_PER_AGENT);
        outcome.newDeviceToken = token;
      }
      return finish();
    },
  };
}
