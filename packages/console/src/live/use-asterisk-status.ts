import { useCallback, useState } from 'react';
import { serverStatus } from '../api/endpoints.ts';
import type { AsteriskStatus } from '../api/types.ts';

const STATUSES: readonly AsteriskStatus[] = ['off', 'connected', 'connecting', 'down'];

/** The status in an `asterisk` live event (`{ status }`), or null when it is not one. */
export function asteriskStatusOf(data: unknown): AsteriskStatus | null {
  const status = typeof data === 'object' && data !== null ? (data as { status?: unknown }).status : null;
  return STATUSES.find((s) => s === status) ?? null;
}

/**
 * Asterisk control's status as the server reports it: read with `refresh` on every (re)connect
 * of the live stream (which sends no status of its own when it opens) and kept current by its
 * `asterisk` events. Null until known, and on servers without `GET /api/status`.
 */
export function useAsteriskStatus(): {
  status: AsteriskStatus | null;
  onEvent: (data: unknown) => void;
  refresh: () => void;
} {
  const [status, setStatus] = useState<AsteriskStatus | null>(null);
  const onEvent = useCallback((data: unknown) => {
    const next = asteriskStatusOf(data);
    if (next !== null) setStatus(next);
  }, []);
  const refresh = useCallback(() => {
    serverStatus()
      .then((r) => setStatus(asteriskStatusOf({ status: r.asterisk })))
      .catch(() => {}); // an older server, or a blip: the banner is a hint, not a gate
  }, []);
  return { status, onEvent, refresh };
}
