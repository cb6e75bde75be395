import type { EndedSession } from '../api/types.ts';
import { formatClock, formatDateTime } from './format-time.ts';

const REASONS: Record<string, string> = {
  logout: 'you logged out',
  lagged: 'the console was closed (lagged)',
  admin: 'an administrator ended it',
};

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * "Your session ended at 10:42 because the console was closed (lagged)." An ending on an
 * earlier day carries its date, so yesterday's ending is not read as today's.
 */
export function describeEndedSession(ended: EndedSession, now: Date = new Date()): string {
  const why = REASONS[ended.endReason] ?? `of ${ended.endReason.replaceAll('_', ' ')}`;
  const when = sameLocalDay(new Date(ended.endedAt), now)
    ? `at ${formatClock(ended.endedAt)}`
    : `on ${formatDateTime(ended.endedAt).slice(0, 10)} at ${formatClock(ended.endedAt)}`;
  return `Your session ended ${when} because ${why}.`;
}
