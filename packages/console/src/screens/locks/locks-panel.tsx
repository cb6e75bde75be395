import { listLocks, unlock } from '../../api/endpoints.ts';
import { Notice } from '../../components/notice.tsx';
import { useLoaded } from '../admin/use-loaded.ts';
import { useRowAction } from '../admin/use-row-action.ts';
import { LocksTable } from './locks-table.tsx';

/**
 * Every login lock in force: user IDs (dial-in and web, from strangers or from one of the agent's
 * own numbers or browsers), caller IDs, addresses, and the server-wide lanes. Admins lift them.
 */
export function LocksPanel({ readOnly }: { readOnly: boolean }) {
  const locks = useLoaded(listLocks);
  const rowAction = useRowAction();
  return (
    <section className="panel" aria-labelledby="locks-heading">
      <div className="panel-head panel-head-compact">
        <h2 id="locks-heading">Locks in force</h2>
        <button type="button" className="button button-ghost button-small" onClick={locks.reload}>
          Refresh locks
        </button>
      </div>
      <p className="muted">
        Repeated wrong PINs or passwords lock what they came through for a while. Calls from an agent's own
        numbers and sign-ins from their own browsers have locks of their own, so strangers cannot lock them
        out.
      </p>
      {rowAction.error ? <Notice tone="error">{rowAction.error}</Notice> : null}
      {locks.error ? <Notice tone="error">{locks.error}</Notice> : null}
      <LocksTable
        locks={locks.data?.locks ?? null}
        loadError={locks.error}
        emptyText="Nothing is locked."
        readOnly={readOnly}
        rowAction={rowAction}
        onUnlock={(lock) => unlock({ key: lock.key })}
        reload={locks.reload}
      />
    </section>
  );
}
