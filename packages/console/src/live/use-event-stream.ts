import { useEffect, useRef, useState } from 'react';
import { currentUser } from '../api/endpoints.ts';
import { http } from '../api/http-client.ts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface EventStreamHandlers {
  /** Named SSE events (`session`, `board`) → handler of the parsed JSON data. */
  events: Record<string, (data: unknown) => void>;
  /** Called on every (re)connect, so the screen can reload a snapshot it may have missed. */
  onOpen?: () => void;
}

const RETRY_MS = 3000;

/**
 * Subscribes to `GET /api/events` while the calling screen is mounted. The browser reconnects
 * dropped streams itself; when the server refuses the stream outright (readyState CLOSED, e.g.
 * after the login expired) this checks the login and either signs out or retries.
 */
export function useEventStream(handlers: EventStreamHandlers): StreamStatus {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const eventNames = Object.keys(handlers.events).sort().join(',');

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      source = new EventSource('/api/events', { withCredentials: true });
      source.addEventListener('open', () => {
        setStatus('live');
        handlersRef.current.onOpen?.();
      });
      for (const name of eventNames.split(',')) {
        if (name === '') continue;
        source.addEventListener(name, (event) => {
          let data: unknown;
          try {
            data = JSON.parse((event as MessageEvent<string>).data);
          } catch {
            return;
          }
          handlersRef.current.events[name]?.(data);
        });
      }
      source.addEventListener('error', () => {
        if (stopped || source === null) return;
        setStatus('reconnecting');
        if (source.readyState !== EventSource.CLOSED) return;
        source = null;
        currentUser()
          .then((signedIn) => {
            if (signedIn === null) http.signOutLocally();
            else retryTimer = setTimeout(connect, RETRY_MS);
          })
          .catch(() => {
            retryTimer = setTimeout(connect, RETRY_MS);
          });
      });
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [eventNames]);

  return status;
}
