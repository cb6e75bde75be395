import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-error.ts';
import { setAgentPassword, setAgentPin } from '../../api/endpoints.ts';
import type { AdminAgent } from '../../api/types.ts';
import { TextField } from '../../components/fields.tsx';

type Outcome = { tone: 'ok' | 'error'; text: string; field?: string } | null;

/**
 * Password and PIN resets for an existing agent. Each is its own request, so they are kept out
 * of the main form's PATCH and never echoed back; the inputs are cleared once sent.
 */
export function AgentSecrets({ agent, onChanged }: { agent: AdminAgent; onChanged: () => void }) {
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const run = async (action: () => Promise<void>, done: string, clear: () => void) => {
    setBusy(true);
    setOutcome(null);
    try {
      await action();
      clear();
      setOutcome({ tone: 'ok', text: done });
      onChanged();
    } catch (e) {
      const field = e instanceof ApiError ? Object.keys(e.fields)[0] : undefined;
      const text = e instanceof ApiError && field ? (e.fields[field] ?? e.message) : errorMessage(e);
      setOutcome({ tone: 'error', text, ...(field ? { field } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const passwordError = outcome?.tone === 'error' && outcome.field === 'password' ? outcome.text : undefined;
  const pinError = outcome?.tone === 'error' && outcome.field === 'pin' ? outcome.text : undefined;

  return (
    <fieldset className="form-section">
      <legend>Sign-in secrets</legend>
      <p className="muted">
        Dial-in PIN: {agent.hasPin ? 'set' : 'not set (this agent cannot dial in)'}. Reset either here; they
        are stored hashed and never shown.
      </p>
      {outcome && !passwordError && !pinError ? (
        <p
          className={outcome.tone === 'ok' ? 'form-ok' : 'field-error'}
          role={outcome.tone === 'ok' ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      ) : null}
      <div className="secrets-grid">
        <div className="secret-row">
          <TextField
            id="agent-new-password"
            label="New password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            error={passwordError}
          />
          <button
            type="button"
            className="button"
            disabled={busy || password === ''}
            onClick={() =>
              run(
                () => setAgentPassword(agent.id, password),
                'Password reset.',
                () => setPassword(''),
              )
            }
          >
            Reset password
          </button>
        </div>
        <div className="secret-row">
          <TextField
            id="agent-new-pin"
            label="New PIN"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={setPin}
            error={pinError}
            hint="4 to 12 digits, keyed when dialing in."
          />
          <button
            type="button"
            className="button"
            disabled={busy || pin === ''}
            onClick={() =>
              run(
                () => setAgentPin(agent.id, pin),
                'PIN reset.',
                () => setPin(''),
              )
            }
          >
            Reset PIN
          </button>
          {agent.hasPin ? (
            <button
              type="button"
              className="button button-ghost"
              disabled={busy}
              onClick={() =>
                run(
                  () => setAgentPin(agent.id, null),
                  'PIN removed; this agent can no longer dial in.',
                  () => setPin(''),
                )
              }
            >
              Remove PIN
            </button>
          ) : null}
        </div>
      </div>
    </fieldset>
  );
}
