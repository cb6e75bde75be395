import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';
import { endAgentSession, liveBoard, pauseAgentSession, selectablePauseCodes } from '../../api/endpoints.ts';
import type { Me, SelectablePauseCode, Session } from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { AsteriskBanner } from '../../components/asterisk-banner.tsx';
import { SelectField } from '../../components/fields.tsx';
import { PhoneLegStatus } from '../../components/phone-leg-status.tsx';
import { ElapsedTime, StateBadge } from '../../components/session-state.tsx';
import { elapsedSeconds, formatClock, formatElapsed } from '../../lib/format-time.ts';
import { pauseLimitSec } from '../../lib/pause-limit.ts';
import { useNow } from '../../lib/use-now.ts';
import { useAsteriskStatus } from '../../live/use-asterisk-status.ts';
import { useEventStream } from '../../live/use-event-stream.ts';
import { AdminPage } from './admin-page.tsx';
import { useRowAction } from './use-row-action.ts';

const INTERFACE_NAMES: Record<Session['interface'], string> = {
  internal: 'Internal',
  phone: 'Phone',
  mobile: 'Mobile',
  dialin: 'Dial-in',
};

function isBoard(data: unknown): data is { sessions: Session[] } {
  return (
    typeof data === 'object' && data !== null && Array.isArray((data as { sessions?: unknown }).sessions)
  );
}

/** Consoles beat every 15 s; after about three missed beats the board says so. */
const CONSOLE_SILENT_SEC = 45;

const byAgent = (a: Session, b: Session) =>
  a.agentName.localeCompare(b.agentName) || a.agentUserId.localeCompare(b.agentUserId);

/** Every open session, updated live from `board` events; admins can pause or end one. */
export function LiveBoardScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pauseCodes, setPauseCodes] = useState<SelectablePauseCode[]>([]);
  const [pauseCode, setPauseCode] = useState('');
  const rowAction = useRowAction();
  const now = useNow();

  const reload = useCallback(() => {
    liveBoard()
      .then((board) => {
        setSessions(board.sessions);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  useEffect(reload, [reload]);
  // For the Pause buttons and for each pause's time limit.
  useEffect(() => {
    selectablePauseCodes()
      .then(({ pauseCodes: codes }) => {
        setPauseCodes(codes);
        setPauseCode((current) => current || (codes[0]?.code ?? ''));
      })
      .catch(() => setPauseCodes([]));
  }, []);

  const asterisk = useAsteriskStatus();
  const stream = useEventStream({
    events: {
      board: (data) => {
        if (isBoard(data)) setSessions(data.sessions);
      },
      asterisk: asterisk.onEvent,
    },
    onOpen: () => {
      reload();
      asterisk.refresh();
    },
  });

  const sorted = sessions ? [...sessions].sort(byAgent) : null;
  const columns: AdminColumn<Session>[] = [
    {
      header: 'Agent',
      cell: (s) => (
        <span>
          <span className="cell-strong">{s.agentName}</span>{' '}
          <span className="muted mono">{s.agentUserId}</span>
          {elapsedSeconds(s.lastSeenAt, now) >= CONSOLE_SILENT_SEC ? (
            <span className="badge badge-warn silent-badge">
              Console silent {formatElapsed(s.lastSeenAt, now)}
            </span>
          ) : null}
        </span>
      ),
    },
    {
      header: 'State',
      cell: (s) => (
        <span className="state-cell">
          <StateBadge session={s} />
          <ElapsedTime
            since={s.stateChangedAt}
            label={`Time in state for ${s.agentName}`}
            now={now}
            limitSec={pauseLimitSec(s, pauseCodes)}
          />
        </span>
      ),
    },
    {
      header: 'Interface',
      cell: (s) => (
        <span>
          {INTERFACE_NAMES[s.interface] ?? s.interface}
          {s.deviceName ? <span className="muted"> · {s.deviceName}</span> : null}
        </span>
      ),
    },
    { header: 'Phone leg', cell: (s) => <PhoneLegStatus session={s} perspective="board" /> },
    { header: 'Room', className: 'mono', cell: (s) => s.conference },
    { header: 'Started', cell: (s) => formatClock(s.startedAt) },
  ];
  const count = (state: Session['state']) => sessions?.filter((s) => s.state === state).length ?? 0;

  return (
    <AdminPage
      title="Live board"
      description="Every open agent session, as it changes."
      readOnly={readOnly}
      error={loadError ?? rowAction.error}
    >
      <div className="toolbar">
        <ul className="board-summary" aria-label="Summary">
          <li>
            <span className="summary-number">{sessions?.length ?? 0}</span> signed in
          </li>
          <li className="summary-ready">
            <span className="summary-number">{count('ready')}</span> ready
          </li>
          <li className="summary-paused">
            <span className="summary-number">{count('paused')}</span> paused
          </li>
          <li className="summary-in-call">
            <span className="summary-number">{count('in_call')}</span> in call
          </li>
        </ul>
        {readOnly ? null : (
          <SelectField
            id="board-pause-code"
            label="Pause reason for Pause buttons"
            value={pauseCode}
            options={pauseCodes.map((p) => ({ value: p.code, label: p.name }))}
            onChange={setPauseCode}
            disabled={pauseCodes.length === 0}
            className="toolbar-select"
          />
        )}
        <p className={`live-indicator live-${stream}`} role="status">
          <span className="leg-dot" aria-hidden="true" />
          {stream === 'live' ? 'Live' : stream === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </p>
      </div>

      <AsteriskBanner status={asterisk.status} audience="admin" />

      <AdminTable
        items={sorted}
        loadError={loadError}
        loadingText="Loading sessions…"
        emptyText="No agent has a session open right now."
        columns={columns}
        rowKey={(s) => s.id}
        rowData={(s) => ({ 'data-session-id': String(s.id) })}
        tableClassName="board-table"
        actions={
          readOnly
            ? undefined
            : (s) => (
                <>
                  <button
                    type="button"
                    className="button button-small button-pause"
                    disabled={rowAction.busy || pauseCode === '' || s.state === 'in_call'}
                    aria-label={`Pause ${s.agentName}`}
                    onClick={() =>
                      rowAction.run(() => pauseAgentSession(s.id, pauseCode), reload, `pause ${s.agentName}`)
                    }
                  >
                    Pause
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-ghost"
                    disabled={rowAction.busy}
                    aria-label={`End session of ${s.agentName}`}
                    onClick={() =>
                      rowAction.run(() => endAgentSession(s.id), reload, `end the session of ${s.agentName}`)
                    }
                  >
                    End
                  </button>
                </>
              )
        }
      />
    </AdminPage>
  );
}
