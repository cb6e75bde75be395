import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { getAgentSession, heartbeat } from '../api/endpoints.ts';
import type { AgentSessionView, Me, Session } from '../api/types.ts';
import { Notice } from '../components/notice.tsx';
import { startIntervalTicker } from '../live/interval-ticker.ts';
import { useAsteriskStatus } from '../live/use-asterisk-status.ts';
import { useEventStream } from '../live/use-event-stream.ts';
import { ChooseInterfaceScreen } from './choose-interface-screen.tsx';
import { SessionScreen } from './session-screen.tsx';

/** How often an open console tells the server it is still there (the contract says 15 s). */
export const HEARTBEAT_MS = 15_000;

function isAgentSessionView(data: unknown): data is AgentSessionView {
  return typeof data === 'object' && data !== null && 'session' in data;
}

/**
 * The agent's side of the console: choose an interface when there is no open session, else the
 * session itself, kept live from `session` events and a heartbeat while the page is open.
 */
export function AgentHome({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const [view, setView] = useState<AgentSessionView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [heartbeatFailed, setHeartbeatFailed] = useState(false);

  const reload = useCallback(() => {
    getAgentSession()
      .then((v) => {
        setView(v);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  useEffect(reload, [reload]);

  const asterisk = useAsteriskStatus();
  const stream = useEventStream({
    events: {
      session: (data) => {
        if (isAgentSessionView(data)) setView({ session: data.session, lastEnded: data.lastEnded ?? null });
      },
      asterisk: asterisk.onEvent,
    },
    onOpen: () => {
      reload();
      asterisk.refresh();
    },
  });

  const sessionId = view?.session?.id ?? null;
  useEffect(() => {
    if (sessionId === null) return;
    const beat = () => {
      heartbeat()
        .then(({ session }) => {
          setHeartbeatFailed(false);
          setView((current) => ({ session, lastEnded: current?.lastEnded ?? null }));
        })
        .catch((e: unknown) => {
          // The session ended elsewhere (admin, lagged): fetch why. Otherwise keep trying.
          if (e instanceof ApiError && (e.status === 404 || e.status === 409)) reload();
          else setHeartbeatFailed(true);
        });
    };
    const stopTicker = startIntervalTicker(HEARTBEAT_MS, beat);
    // Coming back to the tab: tell the server at once rather than at the next tick.
    const onVisible = () => {
      if (document.visibilityState === 'visible') beat();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopTicker();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [sessionId, reload]);

  const setSession = (session: Session) =>
    setView((current) => ({ session, lastEnded: current?.lastEnded ?? null }));

  if (view === null) {
    return (
      <div className="page page-narrow">
        {loadError ? (
          <>
            <Notice tone="error">{loadError}</Notice>
            <button type="button" className="button button-primary" onClick={reload}>
              Try again
            </button>
          </>
        ) : (
          <p className="muted">Loading your session…</p>
        )}
      </div>
    );
  }

  if (view.session === null) {
    return (
      <ChooseInterfaceScreen
        key={view.lastEnded?.endedAt ?? 'none'}
        me={me}
        lastEnded={view.lastEnded}
        onStarted={setSession}
        onSessionExists={reload}
        onSignedOut={onSignedOut}
      />
    );
  }

  const connectionWarning = heartbeatFailed
    ? 'The server is not answering. Keep this page open; it retries every 15 seconds.'
    : stream === 'reconnecting'
      ? 'Live updates are reconnecting…'
      : null;

  return (
    <SessionScreen
      me={me}
      session={view.session}
      onSession={setSession}
      onSignedOut={onSignedOut}
      connectionWarning={connectionWarning}
      asterisk={asterisk.status}
    />
  );
}
