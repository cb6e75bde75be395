import type { PauseCode, Session } from '../api/types.ts';

/**
 * The time limit of the session's current pause (its pause code's maxSeconds), or null when the
 * agent is not paused or the reason has no limit.
 */
export function pauseLimitSec(
  session: Pick<Session, 'state' | 'pauseCode'>,
  pauseCodes: readonly Pick<PauseCode, 'code' | 'maxSeconds'>[],
): number | null {
  if (session.state !== 'paused' || session.pauseCode === null) return null;
  return pauseCodes.find((p) => p.code === session.pauseCode)?.maxSeconds ?? null;
}
