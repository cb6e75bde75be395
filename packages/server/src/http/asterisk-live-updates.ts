/**
 * Feeds Asterisk control into the live streams: every stream gets `event: asterisk`
 * `data: { status }` when the AMI status changes (the console's degraded-mode banner), and an
 * agent's stream gets their session again when an attempt to call their phone ends, since a
 * failure recorded without a leg change (AMI down) publishes no session event of its own.
 * A new stream gets no status event: the console reads `GET /api/status` on every (re)connect.
 */
import type { Services } from '../domain/create-services.ts';
import type { AsteriskPort } from './asterisk-port.ts';
import type { LiveEvents } from './live-events.ts';

export const ASTERISK_EVENT = 'asterisk';

/** Subscribes; returns the unsubscribe. */
export function connectAsteriskToLive(
  asterisk: AsteriskPort,
  live: LiveEvents,
  services: Services,
): () => void {
  const offStatus = asterisk.onStatus((change) => live.broadcast(ASTERISK_EVENT, { status: change.status }));
  const offOutcome = asterisk.onLegOutcome(({ sessionId }) => {
    services.sessions
      .get(sessionId)
      .then((session) => live.refreshAgent(session.agentId))
      .catch(() => {}); // the session is gone: nothing to show
  });
  return () => {
    offStatus();
    offOutcome();
  };
}
