import type { Session } from '../api/types.ts';
import { formatClockSeconds } from '../lib/format-time.ts';

type LegSession = Pick<Session, 'phoneLeg' | 'phoneConnectedAt'>;

/**
 * "Waiting for your phone…", "Calling…" or "Connected since 10:42:07". On the board, which is
 * about someone else's phone, an idle leg reads "No phone leg".
 */
export function phoneLegText(session: LegSession, perspective: 'agent' | 'board' = 'agent'): string {
  if (session.phoneLeg === 'calling') return 'Calling…';
  if (session.phoneLeg === 'connected') {
    return session.phoneConnectedAt
      ? `Connected since ${formatClockSeconds(session.phoneConnectedAt)}`
      : 'Connected';
  }
  return perspective === 'agent' ? 'Waiting for your phone…' : 'No phone leg';
}

interface PhoneLegStatusProps {
  session: LegSession;
  perspective?: 'agent' | 'board';
}

export function PhoneLegStatus({ session, perspective = 'agent' }: PhoneLegStatusProps) {
  return (
    <span className={`leg leg-${session.phoneLeg}`} data-testid="phone-leg">
      <span className="leg-dot" aria-hidden="true" />
      {phoneLegText(session, perspective)}
    </span>
  );
}
