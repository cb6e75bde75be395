import type { Me, Session } from '../api/types.ts';
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

interface SessionPhonePanelProps {
  me: Me;
  session: Session;
}

/**
 * "Your phone": the phone leg live and, for a dial-in until the call is up, the number and the
 * steps to key. It comes first on the session screen because it is what the agent waits for; on
 * a phone below the state panel it was off screen.
 */
export function SessionPhonePanel({ me, session }: SessionPhonePanelProps) {
  const dialIn = session.phoneLeg === 'connected' ? null : session.dialIn;
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
    </section>
  );
}
