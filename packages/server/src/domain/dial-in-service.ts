/**
 * The dial-in guard: checks what a caller keyed (user ID, PIN) against the agents, counts
 * failures per agent user ID and per caller ID across calls, locks after the threshold, tells the
 * app how long to wait before the next attempt, audits every attempt, and claims the session's
 * phone leg on success. It never sees a PIN after the check and never stores one.
 */
import type { Agent } from './agent.ts';
import { toAgent } from './agent.ts';
import type { AgentSession } from './agent-session.ts';
import type { AttemptLimiter } from './attempt-limiter.ts';
import type { AuditService } from './audit-service.ts';
import type { AuthResult } from './auth-event.ts';
import type { Contact } from './contact.ts';
import { verifySecret } from './secret-hash.ts';
import type { ServiceContext } from './service-context.ts';
import type { SessionService } from './session-service.ts';

/** `pin`: user ID + PIN (VICIdial `N`); `user_only`: user ID alone (`Y`); `contacts`: office number. */
export type DialInMode = 'pin' | 'user_only' | 'contacts';

export interface DialInAttempt {
  /** What the caller keyed as ID: an agent user ID, or an office number in `contacts` mode. */
  userId: string;
  pin?: string;
  callerId?: string | null;
  channel?: string | null;
  uniqueid?: string | null;
  mode?: DialInMode;
  /** Attempt number within this call (1, 2, 3), for the audit log. */
  attempt?: number;
  /** Claim the session's phone leg on success (needs channel and uniqueid). Default true. */
  claimLeg?: boolean;
  /** Overrides config.phoneLegPolicy for this call. */
  legPolicy?: 'refuse' | 'replace';
}

export interface DialInOutcome {
  result: AuthResult;
  /** Wait this long before offering the next attempt. */
  delayMs: number;
  /** Set when the ID or caller ID is locked (result `locked`, or this failure reached the threshold). */
  lockedUntil: Date | null;
  agent: Agent | null;
  session: AgentSession | null;
  contact: Contact | null;
  /** When the leg was replaced: the previous leg, for the caller to hang up. */
  replacedLeg: { channel: string | null; uniqueid: string | null } | null;
}

export interface DialInService {
  verifyDialIn(attempt: DialInAttempt): Promise<DialInOutcome>;
  /** Admin unlock: clears the failure counter and lock of an agent user ID (dial-in and web). */
  unlockUserId(userId: string): Promise<boolean>;
  /** Admin unlock of a caller ID's counter and lock. */
  unlockCallerId(callerId: string): Promise<boolean>;
}

export interface WebLoginAttempt {
  userId: string;
  password: string;
  remoteIp?: string | null;
  source?: 'web' | 'api';
}

export interface WebLoginOutcome {
  /** `locked`: the user ID is locked; `rate_limited`: the client address is, for a while. */
  result: 'ok' | 'bad_credentials' | 'locked' | 'rate_limited' | 'disabled';
  agent: Agent | null;
  delayMs: number;
  /** Until when the user ID (`locked`, or this failure locked it) or the address is refused. */
  lockedUntil: Date | null;
}

export interface WebLoginService {
  verifyLogin(attempt: WebLoginAttempt): Promise<WebLoginOutcome>;
}

/** Caller IDs that say nothing about the caller are not counted, or one bad caller locks them all. */
function callerKey(callerId: string | null | undefined): string[] {
  if (!callerId || /^(unknown|anonymous|restricted)$/i.test(callerId)) return [];
  return [`cid:${callerId}`];
}

export function createDialInService(
  ctx: ServiceContext,
  deps: { limiter: AttemptLimiter; audit: AuditService; sessions: SessionService },
): DialInService {
  const { store, clock, config } = ctx;
  const { limiter, audit, sessions } = deps;

  return {
    unlockUserId(userId) {
      return limiter.clear(`user:${userId}`, clock.now());
    },

    unlockCallerId(callerId) {
      return limiter.clear(`cid:${callerId}`, clock.now());
    },

    async verifyDialIn(input) {
      const now = clock.now();
      const mode = input.mode ?? 'pin';
      const enteredId = input.userId.slice(0, 32);
      const keys = [
        mode === 'contacts' ? `contact:${enteredId}` : `user:${enteredId}`,
        ...callerKey(input.callerId),
      ];
      const outcome: DialInOutcome = {
        result: 'bad_credentials',
        delayMs: 0,
        lockedUntil: null,
        agent: null,
        session: null,
        contact: null,
        replacedLeg: null,
      };
      let agentId: number | null = null;

      const finish = async (): Promise<DialInOutcome> => {
        await audit.record({
          at: now,
          source: 'dialin',
          agentId,
          enteredId,
          callerId: input.callerId ?? null,
          channel: input.channel ?? null,
          uniqueid: input.uniqueid ?? null,
          result: outcome.result,
          attempt: input.attempt ?? null,
        });
        return outcome;
      };
      const fail = async (): Promise<DialInOutcome> => {
        const state = await limiter.recordFailure(keys, now);
        // This attempt was a bad one; `lockedUntil` tells the app that no more will be heard.
        outcome.result = 'bad_credentials';
        outcome.delayMs = state.delayMs;
        outcome.lockedUntil = state.lockedUntil;
        return finish();
      };

      const before = await limiter.check(keys, now);
      if (before.lockedUntil) {
        outcome.result = 'locked';
        outcome.lockedUntil = before.lockedUntil;
        outcome.delayMs = before.delayMs;
        return finish();
      }

      if (mode === 'contacts') {
        const contact = /^[0-9]+$/.test(enteredId)
          ? await store.contacts.findByOfficeNum(enteredId)
          : undefined;
        // A disabled contact does not match: the caller hears the same failure as for a wrong number.
        if (!contact?.enabled) return fail();
        await limiter.recordSuccess(keys, now);
        outcome.result = 'ok';
        outcome.contact = contact;
        return finish();
      }

      const record = /^[0-9]+$/.test(enteredId) ? await store.agents.findByUserId(enteredId) : undefined;
      agentId = record?.id ?? null;
      // Always run one full hash check, found or not, so timing does not tell who exists.
      const credentialsOk =
        mode === 'user_only'
          ? record !== undefined
          : (await verifySecret(input.pin ?? '', record?.pinHash ?? null, ctx.hashCost)) &&
            record !== undefined;
      if (!credentialsOk || !record) return fail();

      outcome.agent = toAgent(record);
      if (!record.enabled || !config.dialInRoles.includes(record.role)) {
        outcome.result = 'disabled';
        return finish();
      }
      await limiter.recordSuccess(keys, now);

      const session = await sessions.findOpenSessionForAgent(record.id);
      if (!session) {
        outcome.result = 'no_session';
        return finish();
      }
      outcome.session = session;
      if (input.claimLeg !== false && input.channel && input.uniqueid) {
        const claim = await sessions.claimPhoneLeg(
          session.id,
          { channel: input.channel, uniqueid: input.uniqueid, state: 'connected' },
          { replace: (input.legPolicy ?? config.phoneLegPolicy) === 'replace', source: 'dialin' },
        );
        if (!claim.ok) {
          outcome.result = claim.reason;
          outcome.session = claim.session;
          return finish();
        }
        outcome.session = claim.session;
        outcome.replacedLeg = claim.replaced;
      }
      outcome.result = 'ok';
      return finish();
    },
  };
}

/**
 * Web logins: failures lock the user ID (`lockThreshold`, as for dial-in) and count against the
 * client address with a much higher limit (`addressFailureLimit`), which only rate-limits that
 * address: a whole office behind one NAT address is not locked out by five typos. A success clears
 * the user ID's counter but not the address's, so one valid account cannot launder guesses.
 */
export function createWebLoginService(
  ctx: ServiceContext,
  deps: { limiter: AttemptLimiter; addressLimiter: AttemptLimiter; audit: AuditService },
): WebLoginService {
  const { store, clock } = ctx;
  const { limiter, addressLimiter, audit } = deps;
  return {
    async verifyLogin(input) {
      const now = clock.now();
      const userId = input.userId.slice(0, 32);
      const userKeys = [`user:${userId}`];
      const addressKeys = input.remoteIp ? [`ip:${input.remoteIp}`] : [];
      const outcome: WebLoginOutcome = {
        result: 'bad_credentials',
        agent: null,
        delayMs: 0,
        lockedUntil: null,
      };
      let agentId: number | null = null;
      const finish = async () => {
        await audit.record({
          at: now,
          source: input.source ?? 'web',
          agentId,
          enteredId: userId,
          remoteIp: input.remoteIp ?? null,
          result: outcome.result,
        });
        return outcome;
      };

      const address = await addressLimiter.check(addressKeys, now);
      if (address.lockedUntil) {
        Object.assign(outcome, { result: 'rate_limited', lockedUntil: address.lockedUntil });
        return finish();
      }
      const before = await limiter.check(userKeys, now);
      if (before.lockedUntil) {
        Object.assign(outcome, {
          result: 'locked',
          lockedUntil: before.lockedUntil,
          delayMs: before.delayMs,
        });
        return finish();
      }
      const record = /^[0-9]+$/.test(userId) ? await store.agents.findByUserId(userId) : undefined;
      agentId = record?.id ?? null;
      const ok =
        (await verifySecret(input.password, record?.passwordHash ?? null, ctx.hashCost)) &&
        record !== undefined;
      if (!ok || !record) {
        await addressLimiter.recordFailure(addressKeys, now);
        const state = await limiter.recordFailure(userKeys, now);
        Object.assign(outcome, {
          result: 'bad_credentials',
          lockedUntil: state.lockedUntil,
          delayMs: state.delayMs,
        });
        return finish();
      }
      outcome.agent = toAgent(record);
      if (!record.enabled) {
        outcome.result = 'disabled';
        return finish();
      }
      await limiter.recordSuccess(userKeys, now);
      outcome.result = 'ok';
      return finish();
    },
  };
}
