import type { Session } from '../api/types.ts';
import { formatClockSeconds } from '../lib/format-time.ts';

/** "Waiting for your phone…", "Calling…" or "Connected since 10:42:07". */
export function phoneLegText(session: Pick<Session, 'phoneLeg' | 'phoneConnectedAt'>): string {
  if (session.phoneLeg === 'calling') return 'Calling…';
  if (session.phoneLeg === 'connected') {
    return session.phoneConnectedAt
      ? `Connected since ${formatClockSeconds(session.phoneConnectedAt)}`
      : 'Connected';
  }
  return 'Waiting for your phone…';
}

export function PhoneLegStatus({ session }: { session: Pick<Session, 'phoneLeg' | 'phoneConnectedAt'> }) {
  return (
    <span className={`leg leg-${session.phoneLeg}`} data-testid="phone-leg">
      <span className="leg-dot" aria-hidden="true" />
      {phoneLegText(session)}
    </span>
  );
}
