import { useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { callMeAgain } from '../api/endpoints.ts';
import type { AsteriskStatus, Me, Session } from '../api/types.ts';
import { Notice } from '../components/notice.tsx';
import { PhoneLegStatus } from '../components/phone-leg-status.tsx';

function whereCallsRing(session: Session, me: Me): string {
  switch (session.interface) {
    case 'internal':
      return `Calls ring your own SIP account (${me.userId}).`;
    case 'phone':
      return `Calls ring ${session.deviceName ?? 'the phone you picked'}.`;
    case 'mobile':
      return me.mobileNumber ? `Calls ring your mobile, ${me.mobileNumber}.` : 'Calls ring your mobile.';
    case 'dialin':
      return 'You call in and stay on the line; calls are bridged to you.';
  }
}

/**
 * "Call me again" is offered when Callgate calls this session's phone (not dial-in), Asterisk
 * control is on, and the last attempt is over without a leg up: it failed, or the phone hung up.
 */
export function canCallAgain(session: Session, asterisk: AsteriskStatus | null): boolean {
  const attempt = session.lastLegAttempt ?? null;
  return (
    session.interface !== 'dialin' &&
    asterisk !== null &&
    asterisk !== 'off' &&
    session.phoneLeg === 'none' &&
    attempt !== null &&
    attempt.status !== 'calling'
  );
}

interface SessionPhonePanelProps {
  me: Me;
  session: Session;
  asterisk: AsteriskStatus | null;
  onSession: (session: Session) => void;
}

/**
 * "Your phone": the phone leg live and, for a dial-in until the call is up, the number and the
 * steps to key. It comes first on the session screen because it is what the agent waits for; on
 * a phone below the state panel it was off screen.
 */
export function SessionPhonePanel({ me, session, asterisk, onSession }: SessionPhonePanelProps) {
  const dialIn = session.phoneLeg === 'connected' ? null : session.dialIn;
  const [calling, setCalling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The answer comes when the phone answered or the attempt failed (up to the ring timeout);
  // meanwhile the live stream shows "Calling…".
  const callAgain = async () => {
    setCalling(true);
    setError(null);
    try {
      onSession((await callMeAgain()).session);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCalling(false);
    }
  };
  return (
    <section className="panel phone-panel" aria-labelledby="phone-heading">
      <h2 id="phone-heading">Your phone</h2>
      <p className="leg-line" aria-live="polite">
        <PhoneLegStatus session={session} />
      </p>
      {dialIn ? (
        <div className="dialin-body">
          <p className="dialin-number">
            <span className="muted">Dial-in number</span>
            <strong className="big-number" data-testid="dialin-number">
              {dialIn.number}
            </strong>
          </p>
          <ol className="steps">
            {dialIn.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="muted">{whereCallsRing(session, me)}</p>
      )}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {canCallAgain(session, asterisk) || calling ? (
        <button
          type="button"
          className="button button-primary"
          onClick={callAgain}
          disabled={calling || asterisk !== 'connected'}
        >
          {calling ? 'Calling your phone…' : 'Call me again'}
        </button>
      ) : null}
    </section>
  );
}
