import type { EndedSession } from '../api/types.ts';
import { formatClock } from './format-time.ts';

const REASONS: Record<string, string> = {
  logout: 'you logged out',
  lagged: 'the console was closed (lagged)',
  admin: 'an administrator ended it',
};

/** "Your session ended at 10:42 because the console was closed (lagged)". */
export function describeEndedSession(ended: EndedSession): string {
  const why = REASONS[ended.endReason] ?? `of ${ended.endReason.replaceAll('_', ' ')}`;
  return `Your session ended at ${formatClock(ended.endedAt)} because ${why}.`;
}
