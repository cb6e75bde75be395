import type { AsteriskStatus } from '../api/types.ts';
import { Notice } from './notice.tsx';

interface AsteriskBannerProps {
  status: AsteriskStatus | null;
  /** The agent reads about their phone; admins about everyone's. */
  audience: 'agent' | 'admin';
}

/** Degraded mode: Callgate cannot reach the Asterisk Manager, so nothing is called or changed there. */
export function AsteriskBanner({ status, audience }: AsteriskBannerProps) {
  if (status !== 'down' && status !== 'connecting') return null;
  return (
    <Notice tone="warning">
      <strong>Asterisk is unreachable.</strong>{' '}
      {audience === 'agent'
        ? 'Callgate cannot call your phone or update your queues until it is back; it catches up then.'
        : "Agents' phones are not called and queues not updated until Callgate reconnects; it catches up then."}
    </Notice>
  );
}
