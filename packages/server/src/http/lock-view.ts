/** Login locks as the API shows them (`LockEntry`): what is locked, since and until when. */
import type { Agent } from '../domain/agent.ts';
import { describeLock, type LockView } from '../domain/lock-service.ts';
import type { LaneKind } from '../domain/login-lanes.ts';

/** What the lock holds, for people: phone or web, strangers or one of the agent's own origins. */
export type LockSource = 'phone' | 'web';

export interface LockEntryView {
  key: string;
  kind: LaneKind;
  /** Locked by the daily limit of the lane rather than its short window. */
  daily: boolean;
  source: LockSource;
  userId: string | null;
  agentName: string | null;
  /** Caller ID (phone lanes) or client address (address lanes) the lane counts. */
  origin: string | null;
  /** Caller ID or address of the latest attempt. */
  lastOrigin: string | null;
  description: string;
  attempts: number;
  lockedAt: string | null;
  lockedUntil: string;
}

const WEB_KINDS: ReadonlySet<LaneKind> = new Set(['web', 'web-device', 'address', 'web-any']);

export function lockEntryView(lock: LockView, agent: Agent | undefined): LockEntryView {
  return {
    key: lock.key,
    kind: lock.kind,
    daily: lock.daily,
    source: WEB_KINDS.has(lock.kind) ? 'web' : 'phone',
    userId: lock.userId,
    agentName: agent?.name ?? null,
    origin: lock.origin,
    lastOrigin: lock.lastOrigin,
    description: describeLock(lock),
    attempts: lock.failures,
    lockedAt: lock.lockedAt?.toISOString() ?? null,
    lockedUntil: lock.lockedUntil.toISOString(),
  };
}
