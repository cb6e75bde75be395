/**
 * Locks as people see them: which lanes are locked, since and until when, and lifting one (an
 * admin's unlock, audited with who did it). See login-lanes.ts for what each lane counts.
 */
import type { AttemptLimiter } from './attempt-limiter.ts';
import type { AuditService } from './audit-service.ts';
import type { Lockout } from './auth-event.ts';
import { DomainError } from './domain-error.ts';
import { describeLane, type LaneKind, lanePolicies, policyOfLane } from './login-lanes.ts';
import type { ServiceContext } from './service-context.ts';

export interface LockView {
  key: string;
  kind: LaneKind;
  /** The daily twin of a lane: too many failures over the day. */
  daily: boolean;
  /** The agent user ID the lane belongs to (phone, phone-known, web, web-device lanes). */
  userId: string | null;
  /** The caller ID or client address the lane counts (caller, phone-known, address lanes). */
  origin: string | null;
  /** The device of a web-device lane, the office number of a contact lane. */
  detail: string | null;
  failures: number;
  lockedAt: Date | null;
  lockedUntil: Date;
  /** Caller ID or client address of the latest attempt. */
  lastOrigin: string | null;
}

/** Who lifts a lock: an admin (audited with their id) or the command line. */
export interface LockActor {
  agentId: number | null;
  remoteIp?: string | null;
  source: 'admin' | 'cli';
}

export interface LockService {
  /** Every lane locked now, latest end first. */
  listLocked(): Promise<LockView[]>;
  /** The user ID's own lanes that are locked now (phone and web, strangers' and known ones). */
  lockedForUser(userId: string): Promise<LockView[]>;
  /** Lifts one lane's lock and counter; false when it had none. Audited. */
  unlock(key: string, actor: LockActor): Promise<boolean>;
  /** Lifts every lane of a user ID (phone and web); returns how many had something. Audited. */
  unlockUser(userId: string, actor: LockActor): Promise<number>;
}

const PHONE_KINDS: ReadonlySet<LaneKind> = new Set(['phone', 'phone-known']);

export function isPhoneLane(view: LockView): boolean {
  return PHONE_KINDS.has(view.kind);
}

/** One line for the audit log: what was unlocked. Never a secret (lane keys hold none). */
export function describeLock(
  view: Pick<LockView, 'kind' | 'daily' | 'userId' | 'origin' | 'detail'>,
): string {
  return view.daily ? `${describeLaneKind(view)} (daily limit)` : describeLaneKind(view);
}

function describeLaneKind(view: Pick<LockView, 'kind' | 'userId' | 'origin' | 'detail'>): string {
  switch (view.kind) {
    case 'phone':
      return `dial-in of user ${view.userId} from unknown numbers`;
    case 'phone-known':
      return `dial-in of user ${view.userId} from ${view.origin}`;
    case 'caller':
      return `caller ID ${view.origin}`;
    case 'phone-any':
      return 'dial-in from unknown numbers, all users';
    case 'contact':
      return `contact ${view.detail}`;
    case 'web':
      return `web sign-in of user ${view.userId} from new browsers`;
    case 'web-device':
      return `web sign-in of user ${view.userId} from browser ${view.detail}`;
    case 'address':
      return `web sign-in from address ${view.origin}`;
    case 'web-any':
      return 'web sign-in from new browsers, all users';
  }
}

export function createLockService(
  ctx: ServiceContext,
  deps: { limiter: AttemptLimiter; audit: AuditService },
): LockService {
  const { store, clock, config } = ctx;
  const policies = lanePolicies(config);

  function view(row: Lockout): LockView | undefined {
    const subject = describeLane(row.key);
    if (!subject || !row.lockedUntil) return undefined;
    return {
      key: row.key,
      kind: subject.kind,
      daily: subject.daily,
      userId: subject.userId,
      origin: subject.origin,
      detail: subject.detail,
      failures: row.failures,
      lockedAt: row.lockedAt,
      lockedUntil: row.lockedUntil,
      lastOrigin: row.lastOrigin,
    };
  }

  async function userRows(userId: string): Promise<Lockout[]> {
    if (!/^[0-9]{1,32}$/.test(userId)) return [];
    const exact = await store.lockouts.findMany([
      `pin:${userId}`,
      `pw:${userId}`,
      `pin:${userId}~day`,
      `pw:${userId}~day`,
    ]);
    const own = await store.lockouts.listByKeyPrefix([`pin:${userId}@`, `pw:${userId}#`]);
    return [...exact, ...own];
  }

  async function record(key: string, actor: LockActor): Promise<void> {
    const subject = describeLane(key);
    const agent =
      subject?.userId != null && /^[0-9]+$/.test(subject.userId)
        ? await store.agents.findByUserId(subject.userId)
        : undefined;
    const origin = subject?.origin ?? null;
    await deps.audit.record({
      source: 'admin',
      result: 'unlocked',
      agentId: agent?.id ?? null,
      enteredId: subject?.userId ?? null,
      callerId: subject?.kind === 'caller' || subject?.kind === 'phone-known' ? origin : null,
      remoteIp: actor.remoteIp ?? (subject?.kind === 'address' ? origin : null),
      actorAgentId: actor.agentId,
      detail: (subject ? describeLock(subject) : key) + (actor.source === 'cli' ? ' (command line)' : ''),
    });
  }

  return {
    async listLocked() {
      const rows = await store.lockouts.listLocked(clock.now());
      return rows.map(view).filter((v): v is LockView => v !== undefined);
    },

    async lockedForUser(userId) {
      const now = clock.now();
      return (await userRows(userId))
        .filter((row) => row.lockedUntil !== null && row.lockedUntil > now)
        .map(view)
        .filter((v): v is LockView => v !== undefined)
        .sort((a, b) => b.lockedUntil.getTime() - a.lockedUntil.getTime());
    },

    async unlock(key, actor) {
      const subject = describeLane(key);
      if (!subject) throw new DomainError('E_NOT_FOUND', 'No such lock');
      const cleared = await deps.limiter.clear(key, clock.now());
      if (cleared) await record(key, actor);
      return cleared;
    },

    async unlockUser(userId, actor) {
      const now = clock.now();
      let cleared = 0;
      for (const row of await userRows(userId)) {
        const subject = describeLane(row.key);
        if (!subject) continue;
        // Only counters that still count: a stale row is not worth an audit entry.
        const live = row.lockedUntil
          ? row.lockedUntil > now
          : row.failures > 0 &&
            now.getTime() - row.windowStart.getTime() < policyOfLane(subject, policies).windowSec * 1000;
        if (!live) continue;
        if (await deps.limiter.clear(row.key, now)) {
          await record(row.key, actor);
          cleared++;
        }
      }
      return cleared;
    },
  };
}
