import type { Session } from '../api/types.ts';
import { elapsedSeconds, formatDuration, formatElapsed } from '../lib/format-time.ts';
import { useNow } from '../lib/use-now.ts';

/** "Paused — Lunch", "Ready" or "In call". */
export function stateLabel(session: Pick<Session, 'state' | 'pauseName' | 'pauseCode'>): string {
  if (session.state === 'ready') return 'Ready';
  if (session.state === 'in_call') return 'In call';
  const reason = session.pauseName ?? session.pauseCode;
  return reason ? `Paused — ${reason}` : 'Paused';
}

/** The agent state as a coloured badge. */
export function StateBadge({ session }: { session: Pick<Session, 'state' | 'pauseName' | 'pauseCode'> }) {
  return <span className={`badge state-${session.state.replace('_', '-')}`}>{stateLabel(session)}</span>;
}

interface ElapsedProps {
  since: string;
  label?: string;
  /** A pause reason's time limit; past it the timer turns red and says so. */
  limitSec?: number | null;
}

/** Time since `since` at the given moment; lists pass one shared clock to all their rows. */
export function ElapsedTime({ since, label, now, limitSec = null }: ElapsedProps & { now: number }) {
  const over = limitSec !== null && elapsedSeconds(since, now) > limitSec;
  return (
    <>
      <span
        className={`timer${over ? ' timer-over' : ''}`}
        role="timer"
        data-testid="state-timer"
        aria-label={label}
      >
        {formatElapsed(since, now)}
      </span>
      {over ? <span className="over-limit">over the {formatDuration(limitSec)} limit</span> : null}
    </>
  );
}

/** Time in the current state, ticking every second. */
export function StateTimer(props: ElapsedProps) {
  const now = useNow();
  return <ElapsedTime {...props} now={now} />;
}
