/**
 * The dial-in guard: checks what a caller keyed (user ID, PIN) against the agents, tells the app
 * how long to wait before the next attempt, audits every attempt, and claims the session's phone
 * leg on success. It never sees a PIN after the check and never stores one.
 *
 * Every attempt is reserved on its lanes (login-lanes.ts) before the PIN is checked and settled
 * after (attempt-limiter.ts), so no number of calls at once checks more PINs per lane and window
 * than the threshold. A call from a caller ID the agent is known by counts on the agent's own
 * lane, which strangers guessing at the same user ID cannot lock.
 */
import type { Agent, AgentRecord } from './agent.ts';
import { toAgent } from './agent.ts';
import type { AgentSession } from './agent-session.ts';
import type { AttemptLimiter, Reservation } from './attempt-limiter.ts';
import type { AuditService } from './audit-service.ts';
import type { AuthResult } from './auth-event.ts';
import type { Contact } from './contact.ts';
import { isMeaningfulCallerId, lanePolicies, phoneLanes } from './login-lanes.ts';
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
  /** The node whose live call will hold the claimed leg (see leg-holders.ts); none: Asterisk holds it. */
  legHolder?: string | null;
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
}

/**
 * Whether two phone numbers are the same line, as caller IDs arrive in either international or
 * national form: equal digits, or the same last nine digits when both have that many.
 */
export function sameNumber(a: string, b: string): boolean {
  const da = a.replace(/[^0-9]/g, '');
  const db = b.replace(/[^0-9]/g, '');
  if (da.length === 0 || db.length === 0) return false;
  if (da === db) return true;
  return da.length >= 9 && db.length >= 9 && da.slice(-9) === db.slice(-9);
}

/** Results that prove the caller keyed the agent's right PIN. */
const KNOWN_CALLER_PROOF = ['ok', 'no_session', 'leg_exists'] as const;

/** How many of an agent's recent dial-in caller IDs count as their own. */
const KNOWN_CALLER_LIMIT = 5;

export function createDialInService(
  ctx: ServiceContext,
  deps: { limiter: AttemptLimiter; audit: AuditService; sessions: SessionService },
): DialInService {
  const { store, clock, config, observer } = ctx;
  const { limiter, audit, sessions } = deps;
  const policies = lanePolicies(config);

  /**
   * The agent's mobile number, or a caller ID their PIN was keyed from lately (a login, whether
   * or not a session was open then): proof enough that the number is theirs.
   */
  async function isKnownCaller(record: AgentRecord, callerId: string, now: Date): Promise<boolean> {
    if (record.mobileNumber && sameNumber(record.mobileNumber, callerId)) return true;
    const since = new Date(now.getTime() - config.knownCallerDays * 86_400_000);
    const recent = await store.authEvents.list({
      agentId: record.id,
      source: 'dialin',
      results: KNOWN_CALLER_PROOF,
      since,
      limit: 200,
    });
    const known = new Set<string>();
    for (const event of recent) {
      if (event.callerId === null || !isMeaningfulCallerId(event.callerId)) continue;
      known.add(event.callerId);
      if (known.size >= KNOWN_CALLER_LIMIT) break;
    }
    return known.has(callerId);
  }

  return {
    async verifyDialIn(input) {
      const now = clock.now();
      const mode = input.mode ?? 'pin';
      const enteredId = input.userId.slice(0, 32);
      const callerId = input.callerId ?? null;
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
          callerId,
          channel: input.channel ?? null,
          uniqueid: input.uniqueid ?? null,
          result: outcome.result,
          attempt: input.attempt ?? null,
        });
        return outcome;
      };

      let record: AgentRecord | undefined;
      let reserved: Reservation;
      try {
        // Reading the agent checks no secret; it tells whether the caller ID is the agent's own.
        record =
          mode !== 'contacts' && /^[0-9]+$/.test(enteredId)
            ? await store.agents.findByUserId(enteredId)
            : undefined;
        agentId = record?.id ?? null;
        const knownCaller =
          record !== undefined &&
          isMeaningfulCallerId(callerId) &&
          (await isKnownCaller(record, callerId, now));
        const lanes = phoneLanes(
          { userId: enteredId, callerId, knownCaller, contacts: mode === 'contacts' },
          policies,
        );
        reserved = await limiter.reserve(lanes, now, isMeaningfulCallerId(callerId) ? callerId : null);
      } catch (err) {
        // Not counted, so not checked: the caller hears the apology; the audit keeps the attempt.
        outcome.result = 'unavailable';
        await finish().catch(() => undefined);
        throw err;
      }
      if (!reserved.granted) {
        observer.attemptRefused('pin', reserved.lane.key);
        outcome.result = 'locked';
        outcome.lockedUntil = reserved.lockedUntil;
        return finish();
      }
      const reservation = reserved;

      const fail = async (result: 'bad_credentials' | 'disabled'): Promise<DialInOutcome> => {
        const state = await limiter.fail(reservation, now);
        outcome.result = result;
        outcome.delayMs = state.delayMs;
        // Set when this failure reached a threshold: nothing more will be heard from this caller.
        outcome.lockedUntil = state.lockedUntil;
        return finish();
      };

      if (mode === 'contacts') {
        const contact = /^[0-9]+$/.test(enteredId)
          ? await store.contacts.findByOfficeNum(enteredId)
          : undefined;
        // A disabled contact does not match: the caller hears the same failure as for a wrong number.
        if (!contact?.enabled) return fail('bad_credentials');
        await limiter.succeed(reservation, now);
        outcome.result = 'ok';
        outcome.contact = contact;
        return finish();
      }

      let credentialsOk: boolean;
      if (mode === 'user_only') {
        credentialsOk = record !== undefined;
      } else {
        // Always one full hash check, found or not, so timing does not tell who exists.
        observer.secretChecked('pin');
        credentialsOk =
          (await verifySecret(input.pin ?? '', record?.pinHash ?? null, ctx.hashCost)) &&
          record !== undefined;
      }
      if (!credentialsOk || !record) return fail('bad_credentials');

      outcome.agent = toAgent(record);
      // The right PIN of an account that may not dial in stays counted: it is no way in.
      if (!record.enabled || !config.dialInRoles.includes(record.role)) return fail('disabled');
      await limiter.succeed(reservation, now);

      const session = await sessions.findOpenSessionForAgent(record.id);
      if (!session) {
        outcome.result = 'no_session';
        return finish();
      }
      outcome.session = session;
      if (input.claimLeg !== false && input.channel && input.uniqueid) {
        const claim = await sessions.claimPhoneLeg(
          session.id,
          {
            channel: input.channel,
            uniqueid: input.uniqueid,
            state: 'connected',
            holder: input.legHolder ?? null,
          },
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
