import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-error.ts';
import type { CallerProfile } from '../../api/directory-types.ts';
import { getCallerProfile, updateCallerProfile } from '../../api/endpoints.ts';
import { CheckboxField, TextField } from '../../components/fields.tsx';

type Outcome = { tone: 'ok' | 'error'; text: string; fields: Record<string, string> } | null;

/**
 * A contact's caller details for the caller-lookup app (VIP routing, account reference). They
 * have their own route, so they are loaded and saved apart from the contact form's PATCH.
 */
export function CallerProfilePanel({ contactId, readOnly }: { contactId: number; readOnly: boolean }) {
  const [profile, setProfile] = useState<CallerProfile | null>(null);
  const [vip, setVip] = useState(false);
  const [account, setAccount] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const show = useCallback((loaded: CallerProfile) => {
    setProfile(loaded);
    setVip(loaded.vip);
    setAccount(loaded.account ?? '');
  }, []);

  useEffect(() => {
    getCallerProfile(contactId)
      .then((r) => show(r.callerProfile))
      .catch((e: unknown) => setOutcome({ tone: 'error', text: errorMessage(e), fields: {} }));
  }, [contactId, show]);

  const save = async () => {
    if (profile === null) return;
    setBusy(true);
    setOutcome(null);
    try {
      const changes = {
        ...(vip !== profile.vip ? { vip } : {}),
        ...(account.trim() !== (profile.account ?? '') ? { account: account.trim() || null } : {}),
      };
      show((await updateCallerProfile(contactId, changes)).callerProfile);
      setOutcome({ tone: 'ok', text: 'Caller details saved.', fields: {} });
    } catch (e) {
      setOutcome({ tone: 'error', text: errorMessage(e), fields: e instanceof ApiError ? e.fields : {} });
    } finally {
      setBusy(false);
    }
  };

  const fields = outcome?.fields ?? {};
  return (
    <fieldset className="form-section">
      <legend>Caller lookup</legend>
      <p className="muted">
        When this number calls in, the dialplan gets the VIP flag and the account (caller-lookup).
      </p>
      {outcome ? (
        <p
          className={outcome.tone === 'ok' ? 'form-ok' : 'field-error'}
          role={outcome.tone === 'ok' ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      ) : null}
      {profile === null ? null : (
        <div className="form-grid">
          <CheckboxField
            id="contact-vip"
            label="VIP caller"
            checked={vip}
            onChange={setVip}
            error={fields.vip}
            hint="VIPs can be sent to a priority context."
            disabled={readOnly}
          />
          <TextField
            id="contact-account"
            label="Account"
            value={account}
            onChange={setAccount}
            error={fields.account}
            hint="Up to 64 printable characters; empty for none."
            disabled={readOnly}
          />
        </div>
      )}
      {readOnly || profile === null ? null : (
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save caller details'}
          </button>
        </div>
      )}
    </fieldset>
  );
}
