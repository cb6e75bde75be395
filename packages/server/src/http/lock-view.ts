/** Login locks as the API shows them (`LockEntry`): what is locked, since and until when. */
import type { Agent } from '../domain/agent.ts';
import { describeLock, type LockView } from '../domain/lock-service.ts';
import type { LaneKind } from '../domain/login-lanes.ts';
import type { ApiLockEntry } from './contract/api-types.ts';

export type LockEntryView = ApiLockEntry;

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
