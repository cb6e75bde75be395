import type { LockEntry } from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import type { RowAction } from '../admin/use-row-action.ts';

const SOURCE_NAMES: Record<LockEntry['source'], string> = { phone: 'Dial-in', web: 'Web' };

const COLUMNS: readonly AdminColumn<LockEntry>[] = [
  { header: 'Locked', className: 'cell-strong', cell: (l) => l.description },
  { header: 'Source', cell: (l) => SOURCE_NAMES[l.source] },
  {
    header: 'Agent',
    cell: (l) =>
      l.userId === null ? (
        '—'
      ) : (
        <span>
          {l.agentName ?? 'Unknown user ID'} <span className="muted mono">{l.userId}</span>
        </span>
      ),
  },
  { header: 'Since', className: 'mono nowrap', cell: (l) => (l.lockedAt ? formatDateTime(l.lockedAt) : '—') },
  { header: 'Until', className: 'mono nowrap', cell: (l) => formatDateTime(l.lockedUntil) },
  { header: 'Attempts', cell: (l) => l.attempts },
  { header: 'Last attempt from', className: 'mono', cell: (l) => l.lastOrigin ?? '—' },
];

interface LocksTableProps {
  locks: readonly LockEntry[] | null;
  loadError: string | null;
  emptyText: string;
  readOnly: boolean;
  rowAction: RowAction;
  onUnlock: (lock: LockEntry) => Promise<unknown>;
  reload: () => void;
}

/** Locks in force, each with its Unlock button (admins). */
export function LocksTable({
  locks,
  loadError,
  emptyText,
  readOnly,
  rowAction,
  onUnlock,
  reload,
}: LocksTableProps) {
  return (
    <AdminTable
      items={locks}
      loadError={loadError}
      loadingText="Loading locks…"
      emptyText={emptyText}
      columns={COLUMNS}
      rowKey={(l) => l.key}
      {...(readOnly
        ? {}
        : {
            actions: (lock: LockEntry) => (
              <button
                type="button"
                className="button button-small"
                disabled={rowAction.busy}
                onClick={() => rowAction.run(() => onUnlock(lock), reload, `unlock ${lock.description}`)}
              >
                Unlock<span className="visually-hidden"> {lock.description}</span>
              </button>
            ),
          })}
    />
  );
}
