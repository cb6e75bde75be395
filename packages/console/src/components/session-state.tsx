import type { Session } from '../api/types.ts';
import { formatElapsed } from '../lib/format-time.ts';
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
}

/** Time since `since` at the given moment; lists pass one shared clock to all their rows. */
export function ElapsedTime({ since, label, now }: ElapsedProps & { now: number }) {
  return (
    <span className="timer" role="timer" data-testid="state-timer" aria-label={label}>
      {formatElapsed(since, now)}
    </span>
  );
}

/** Time in the current state, ticking every second. */
export function StateTimer(props: ElapsedProps) {
  const now = useNow();
  return <ElapsedTime {...props} now={now} />;
}
