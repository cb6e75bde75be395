import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { availableDevices } from '../api/endpoints.ts';
import type { Device } from '../api/types.ts';
import { Notice } from '../components/notice.tsx';
import { RegistrationBadge } from '../components/registration-badge.tsx';

interface DevicePickerProps {
  heading: string;
  explanation: string;
  busy: boolean;
  onPick: (device: Device) => void;
  /** Bumped by the parent to reload the list, e.g. after a phone was taken meanwhile. */
  reloadKey?: number;
}

/** The free, enabled phones (registered or not known yet) as tappable cards. */
export function DevicePicker({ heading, explanation, busy, onPick, reloadKey = 0 }: DevicePickerProps) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    availableDevices()
      .then((r) => setDevices(r.devices))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the reload trigger
  useEffect(load, [load, reloadKey]);

  return (
    <section className="panel" aria-labelledby="device-picker-heading">
      {/* The explanation goes below the heading row, full width: beside the button it was
          squeezed into a narrow column on a phone. */}
      <div className="panel-head panel-head-compact">
        <h2 id="device-picker-heading">{heading}</h2>
        <button type="button" className="button button-ghost" onClick={load} disabled={busy}>
          Refresh list
        </button>
      </div>
      <p className="muted">{explanation}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {devices === null && !error ? <p className="muted">Loading phones…</p> : null}
      {devices !== null && devices.length === 0 ? (
        <p className="empty">No free phones right now. Ask an admin, or refresh in a moment.</p>
      ) : null}
      {devices !== null && devices.length > 0 ? (
        <ul className="device-list">
          {devices.map((device) => (
            <li key={device.id}>
              <button type="button" className="device-card" onClick={() => onPick(device)} disabled={busy}>
                {/* Named by what it shows, after a "Use" for screen readers: a name that left the
                    registration out failed WCAG 2.5.3 (the visible text is in the name). */}
                <span className="visually-hidden">Use </span>
                <span className="device-name">{device.name}</span>
                <span className="device-location">{device.location || 'No location given'}</span>
                <RegistrationBadge registered={device.registered} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
