import type { Session } from '../api/types.ts';
import { formatClockSeconds } from './format-time.ts';

export type LegSession = Pick<Session, 'phoneLeg' | 'phoneConnectedAt' | 'lastLegAttempt'>;

/** Why Callgate could not reach the agent's phone, in the words of the failure reasons. */
const FAILURE_REASONS: Record<string, string> = {
  busy: 'busy',
  noanswer: 'no answer',
  unavailable: 'unavailable',
  ami_down: 'Asterisk unreachable',
  cancelled: 'cancelled',
};

/** "Failed (busy)", or "Failed" for a reason without words of its own. */
export function legFailureText(reason: string | null): string {
  const words = reason === null ? undefined : FAILURE_REASONS[reason];
  return words ? `Failed (${words})` : 'Failed';
}

export type LegTone = 'none' | 'calling' | 'connected' | 'failed';

/**
 * What the phone leg shows and its colour: "Calling…", "Connected since 10:42:07", and when idle
 * why — the last attempt to call the phone failed, it was connected and hung up ("Disconnected"),
 * or nothing happened yet ("Waiting for your phone…"; on the board, about someone else's phone,
 * "No phone leg").
 */
export function phoneLeg(
  session: LegSession,
  perspective: 'agent' | 'board' = 'agent',
): { text: string; tone: LegTone } {
  if (session.phoneLeg === 'connected') {
    const since = session.phoneConnectedAt ? ` since ${formatClockSeconds(session.phoneConnectedAt)}` : '';
    return { text: `Connected${since}`, tone: 'connected' };
  }
  const attempt = session.lastLegAttempt ?? null;
  if (session.phoneLeg === 'calling' || attempt?.status === 'calling')
    return { text: 'Calling…', tone: 'calling' };
  if (attempt?.status === 'failed') return { text: legFailureText(attempt.reason), tone: 'failed' };
  if (attempt?.status === 'connected') return { text: 'Disconnected', tone: 'none' };
  return { text: perspective === 'agent' ? 'Waiting for your phone…' : 'No phone leg', tone: 'none' };
}
