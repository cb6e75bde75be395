import { myLocks } from '../../api/endpoints.ts';
import type { LockEntry } from '../../api/types.ts';
import { Notice } from '../../components/notice.tsx';
import { formatClock } from '../../lib/format-time.ts';
import { useLoaded } from '../admin/use-loaded.ts';

function lockLine(lock: LockEntry): string {
  const until = formatClock(lock.lockedUntil);
  return lock.kind === 'phone-known'
    ? `Dialing in from ${lock.origin} is locked until ${until}.`
    : `Dialing in from numbers you have not used before is locked until ${until}.`;
}

/**
 * Tells an agent that their dial-in is locked, and until when, so they know before calling.
 * Strangers' guesses lock only strangers' numbers: their own numbers still work.
 */
export function MyDialInLock() {
  const locks = useLoaded(myLocks);
  const phone = (locks.data?.locks ?? []).filter((l) => l.source === 'phone');
  if (phone.length === 0) return null;
  const strangersOnly = phone.every((l) => l.kind === 'phone');
  return (
    <Notice tone="warning">
      <strong>Your dial-in is locked after repeated wrong PINs.</strong>
      <ul>
        {phone.map((l) => (
          <li key={l.key}>{lockLine(l)}</li>
        ))}
      </ul>
      {strangersOnly ? (
        <p>Calls from your mobile or a number you dialled in from before still work.</p>
      ) : null}
      <p>An admin can lift the lock sooner.</p>
    </Notice>
  );
}
