import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { login } from '../api/endpoints.ts';
import type { Me } from '../api/types.ts';
import { TextField } from '../components/fields.tsx';
import { Notice } from '../components/notice.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';

interface SignInScreenProps {
  /** Why the user is here again, e.g. after their login expired. */
  notice: string | null;
  onSignedIn: (me: Me) => void;
}

export function SignInScreen({ notice, onSignedIn }: SignInScreenProps) {
  useDocumentTitle('Sign in');
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { me } = await login(userId.trim(), password);
      onSignedIn(me);
    } catch (e) {
      // The API's own words: one generic message for bad credentials, lockout and rate limits
      // with how long to wait.
      setError(errorMessage(e));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>Callgate</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Agents, supervisors and admins sign in with their user ID.</p>
        {notice && !error ? <Notice tone="info">{notice}</Notice> : null}
        {error ? <Notice tone="error">{error}</Notice> : null}
        <form onSubmit={submit} className="stack" noValidate>
          <TextField
            id="sign-in-user-id"
            label="User ID"
            value={userId}
            onChange={setUserId}
            autoComplete="username"
            inputMode="numeric"
            required
          />
          <TextField
            id="sign-in-password"
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
          />
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={busy || userId.trim() === '' || password === ''}
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
