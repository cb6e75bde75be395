/** A phone's SIP registration as the server last saw it (null: not known yet). */
export function RegistrationBadge({ registered }: { registered: boolean | null }) {
  if (registered === true) return <span className="badge badge-ok">Registered</span>;
  if (registered === false) return <span className="badge badge-muted">Not registered</span>;
  return <span className="badge badge-muted">Registration unknown</span>;
}

export function EnabledBadge({ enabled, off = 'Disabled' }: { enabled: boolean; off?: string }) {
  return enabled ? (
    <span className="badge badge-ok">Enabled</span>
  ) : (
    <span className="badge badge-off">{off}</span>
  );
}
