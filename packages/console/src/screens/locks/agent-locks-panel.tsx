import { unlock } from '../../api/endpoints.ts';
import type { AdminAgent, LockEntry } from '../../api/types.ts';
import { Notice } from '../../components/notice.tsx';
import { useRowAction } from '../admin/use-row-action.ts';
import { LocksTable } from './locks-table.tsx';

/** On the agent form: the agent's own sign-in locks (dial-in and web), with Unlock for admins. */
export function AgentLocksPanel(props: {
  agent: AdminAgent;
  locks: readonly LockEntry[];
  readOnly: boolean;
  reload: () => void;
}) {
  const { agent, locks, readOnly, reload } = props;
  const rowAction = useRowAction();
  return (
    <fieldset className="form-section">
      <legend>Sign-in locks</legend>
      {locks.length === 0 ? (
        <p className="muted">Neither dial-in nor web sign-in is locked for {agent.name}.</p>
      ) : (
        <>
          {rowAction.error ? <Notice tone="error">{rowAction.error}</Notice> : null}
          <LocksTable
            locks={locks}
            loadError={null}
            emptyText=""
            readOnly={readOnly}
            rowAction={rowAction}
            onUnlock={(lock) => unlock({ key: lock.key })}
            reload={reload}
          />
          {readOnly || locks.length < 2 ? null : (
            <div className="form-actions">
              <button
                type="button"
                className="button"
                disabled={rowAction.busy}
                onClick={() =>
                  rowAction.run(() => unlock({ userId: agent.userId }), reload, 'unlock everything')
                }
              >
                Unlock all for {agent.name}
              </button>
            </div>
          )}
        </>
      )}
    </fieldset>
  );
}
