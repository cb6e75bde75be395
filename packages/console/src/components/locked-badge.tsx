import type { LockEntry } from '../api/types.ts';
import { formatClock } from '../lib/format-time.ts';

/** "Locked" on an agent's row: which sign-ins are locked, and until when, for a screen reader too. */
export function LockedBadge({ locks }: { locks: readonly LockEntry[] }) {
  if (locks.length === 0) return null;
  const sources = [...new Set(locks.map((l) => (l.source === 'phone' ? 'dial-in' : 'web')))].join(' and ');
  const until = Math.max(...locks.map((l) => Date.parse(l.lockedUntil)));
  const text = `${sources} locked until ${formatClock(new Date(until).toISOString())}`;
  return (
    <span className="badge badge-warn" title={text}>
      Locked<span className="visually-hidden">: {text}</span>
    </span>
  );
}
