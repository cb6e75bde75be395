import { useState } from 'react';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { logout, startSession } from '../api/endpoints.ts';
import type { Device, EndedSession, Interface, Me, Session } from '../api/types.ts';
import { Notice } from '../components/notice.tsx';
import { describeEndedSession } from '../lib/end-reason.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { DevicePicker } from './device-picker.tsx';
import { MyDialInLock } from './locks/my-dial-in-lock.tsx';

interface InterfaceChoice {
  value: Interface;
  title: string;
  explanation: string;
}

function interfaceChoices(me: Me): InterfaceChoice[] {
  const choices: InterfaceChoice[] = [
    { value: 'internal', title: 'Internal', explanation: 'Calls ring your own SIP account on a softphone.' },
    { value: 'phone', title: 'Phone', explanation: 'Calls ring a desk phone you pick from the list.' },
  ];
  if (me.mobileNumber) {
    choices.push({
      value: 'mobile',
      title: 'Mobile',
      explanation: `Calls ring your mobile, ${me.mobileNumber}.`,
    });
  }
  choices.push({
    value: 'dialin',
    title: 'Dial-in',
    explanation: me.canDialIn
      ? 'You call in from any phone and key your user ID and PIN.'
      : 'Needs a dial-in PIN. Ask an admin to set one.',
  });
  return choices;
}

interface ChooseInterfaceScreenProps {
  me: Me;
  lastEnded: EndedSession | null;
  onStarted: (session: Session) => void;
  /** The server says a session already exists: reload it. */
  onSessionExists: () => void;
  onSignedOut: () => void;
}

export function ChooseInterfaceScreen({
  me,
  lastEnded,
  onStarted,
  onSessionExists,
  onSignedOut,
}: ChooseInterfaceScreenProps) {
  useDocumentTitle('Choose where calls reach you');
  const [pickingPhone, setPickingPhone] = useState(me.hotDesk || me.defaultInterface === 'phone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [endedNotice, setEndedNotice] = useState(lastEnded);

  const start = async (iface: Interface, device?: Device) => {
    setBusy(true);
    setError(null);
    try {
      const { session } = await startSession(iface, device?.id);
      onStarted(session);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === 'E_SESSION_EXISTS') {
        onSessionExists();
        return;
      }
      if (e instanceof ApiError && e.code === 'E_DEVICE_IN_USE') setReloadKey((k) => k + 1);
      setError(errorMessage(e));
    }
  };

  const signOut = async () => {
    try {
      await logout();
    } catch {
      // Signed out locally either way; the server forgets an unused login when it expires.
    }
    onSignedOut();
  };

  return (
    <div className="page page-narrow">
      <div className="page-head">
        <div>
          <h1>Choose where calls reach you</h1>
          <p className="muted">
            Signed in as {me.name} ({me.userId}). Pick one to start your session.
          </p>
        </div>
        <button type="button" className="button button-ghost" onClick={signOut}>
          Sign out
        </button>
      </div>
      {endedNotice ? (
        <Notice tone="warning" onDismiss={() => setEndedNotice(null)}>
          {describeEndedSession(endedNotice)}
        </Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {me.canDialIn ? <MyDialInLock /> : null}

      {me.hotDesk ? (
        <DevicePicker
          heading="Pick your phone"
          explanation="Hot desk: choose the phone at the desk you are sitting at."
          busy={busy}
          reloadKey={reloadKey}
          onPick={(device) => start('phone', device)}
        />
      ) : (
        <>
          {/* Each card is a list item with one button, its title, stretched over the whole card
              (CSS): the button's name is the visible title alone, as WCAG 2.5.3 (label in name)
              wants, and the badge and the explanation are its description. */}
          <ul className="choice-grid">
            {interfaceChoices(me).map((choice) => {
              const disabled = busy || (choice.value === 'dialin' && !me.canDialIn);
              const selected = pickingPhone && choice.value === 'phone';
              const isDefault = me.defaultInterface === choice.value;
              const describedBy = `${isDefault ? `choice-${choice.value}-default ` : ''}choice-${choice.value}-text`;
              return (
                <li
                  key={choice.value}
                  className={`choice-card${selected ? ' selected' : ''}${disabled ? ' choice-card-disabled' : ''}`}
                >
                  <span className={`choice-icon choice-icon-${choice.value}`} aria-hidden="true" />
                  <span className="choice-title">
                    <button
                      type="button"
                      className="choice-button"
                      disabled={disabled}
                      aria-pressed={choice.value === 'phone' ? selected : undefined}
                      aria-describedby={describedBy}
                      onClick={() =>
                        choice.value === 'phone' ? setPickingPhone(!pickingPhone) : start(choice.value)
                      }
                    >
                      {choice.title}
                    </button>
                    {isDefault ? (
                      <span className="badge badge-muted" id={`choice-${choice.value}-default`}>
                        Default
                      </span>
                    ) : null}
                  </span>
                  <span className="choice-text" id={`choice-${choice.value}-text`}>
                    {choice.explanation}
                  </span>
                </li>
              );
            })}
          </ul>
          {pickingPhone ? (
            <DevicePicker
              heading="Pick a phone"
              explanation="Free phones that are set up for Callgate."
              busy={busy}
              reloadKey={reloadKey}
              onPick={(device) => start('phone', device)}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
