import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { endSession, logout, pauseSession, readySession, selectablePauseCodes } from '../api/endpoints.ts';
import type { AsteriskStatus, Me, SelectablePauseCode, Session } from '../api/types.ts';
import { AsteriskBanner } from '../components/asterisk-banner.tsx';
import { SelectField } from '../components/fields.tsx';
import { Notice } from '../components/notice.tsx';
import { StateBadge, StateTimer } from '../components/session-state.tsx';
import { formatClock } from '../lib/format-time.ts';
import { pauseLimitSec } from '../lib/pause-limit.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { MyDialInLock } from './locks/my-dial-in-lock.tsx';
import { SessionPhonePanel } from './session-phone-panel.tsx';

const INTERFACE_NAMES: Record<Session['interface'], string> = {
  internal: 'Internal',
  phone: 'Phone',
  mobile: 'Mobile',
  dialin: 'Dial-in',
};

interface SessionScreenProps {
  me: Me;
  session: Session;
  onSession: (session: Session) => void;
  onSignedOut: () => void;
  /** A warning from the live connection or the heartbeat, shown above the state. */
  connectionWarning: string | null;
  /** Asterisk control's status: the degraded banner and "Call me again". */
  asterisk: AsteriskStatus | null;
}

export function SessionScreen({
  me,
  session,
  onSession,
  onSignedOut,
  connectionWarning,
  asterisk,
}: SessionScreenProps) {
  useDocumentTitle('Your session');
  const [pauseCodes, setPauseCodes] = useState<SelectablePauseCode[]>([]);
  const [pauseCode, setPauseCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    selectablePauseCodes()
      .then(({ pauseCodes: codes }) => {
        setPauseCodes(codes);
        setPauseCode((current) => current || (codes[0]?.code ?? ''));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const act = async (action: () => Promise<{ session: Session }>) => {
    setBusy(true);
    setError(null);
    try {
      onSession((await action()).session);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const logOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await endSession().catch((e: unknown) => {
        // Already ended elsewhere (admin, lagged): logging out is still what the agent wants.
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      });
      await logout();
      onSignedOut();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const inCall = session.state === 'in_call';

  return (
    <div className="page page-narrow">
      <div className="page-head">
        <div>
          <h1>Your session</h1>
          <p className="muted">
            {me.name} ({me.userId}) · {INTERFACE_NAMES[session.interface]}
            {session.deviceName ? ` · ${session.deviceName}` : ''} · since {formatClock(session.startedAt)}
          </p>
        </div>
        <button type="button" className="button button-danger-ghost" onClick={logOut} disabled={busy}>
          Log out
        </button>
      </div>

      {connectionWarning ? <Notice tone="warning">{connectionWarning}</Notice> : null}
      <AsteriskBanner status={asterisk} audience="agent" />
      {error ? <Notice tone="error">{error}</Notice> : null}
      {session.interface === 'dialin' && session.phoneLeg !== 'connected' ? <MyDialInLock /> : null}

      <SessionPhonePanel me={me} session={session} asterisk={asterisk} onSession={onSession} />

      <section
        className={`panel state-panel state-panel-${session.state.replace('_', '-')}`}
        aria-labelledby="state-heading"
      >
        <h2 id="state-heading" className="visually-hidden">
          State
        </h2>
        <div className="state-row">
          <span aria-live="polite">
            <StateBadge session={session} />
          </span>
          <StateTimer
            since={session.stateChangedAt}
            label="Time in this state"
            limitSec={pauseLimitSec(session, pauseCodes)}
          />
        </div>
        <div className="state-actions">
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (pauseCode) void act(() => pauseSession(pauseCode));
            }}
          >
            <SelectField
              id="pause-code"
              label="Pause reason"
              value={pauseCode}
              onChange={setPauseCode}
              options={pauseCodes.map((p) => ({ value: p.code, label: p.name }))}
              disabled={busy || inCall || pauseCodes.length === 0}
            />
            <button
              type="submit"
              className="button button-pause"
              disabled={busy || inCall || pauseCode === ''}
            >
              Pause
            </button>
          </form>
          <button
            type="button"
            className="button button-ready"
            onClick={() => act(readySession)}
            disabled={busy || session.state !== 'paused'}
          >
            Ready
          </button>
        </div>
        {inCall ? <p className="muted">You can pause again when this call ends.</p> : null}
      </section>

      <section className="panel" aria-labelledby="room-heading">
        <h2 id="room-heading">Conference room</h2>
        <p className="big-number" data-testid="conference-room">
          {session.conference}
        </p>
        <p className="muted">Your calls are bridged into this room.</p>
      </section>
    </div>
  );
}
