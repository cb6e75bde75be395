import { type FormEvent, useCallback, useState } from 'react';
import { auditLog } from '../../api/endpoints.ts';
import {
  AUDIT_KINDS,
  AUDIT_RESULTS,
  AUDIT_SOURCES,
  type AuditEntry,
  type AuditFilter,
  type Me,
} from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { formatDateTime, fromDateTimeLocal } from '../../lib/format-time.ts';
import { LocksPanel } from '../locks/locks-panel.tsx';
import { AdminPage } from './admin-page.tsx';
import { auditResultBadge, auditResultLabel } from './audit-result.ts';
import { useLoaded } from './use-loaded.ts';

interface FilterDraft {
  agent: string;
  source: string;
  result: string;
  kind: string;
  from: string;
  to: string;
  limit: string;
}

const NO_FILTER: FilterDraft = {
  agent: '',
  source: '',
  result: '',
  kind: '',
  from: '',
  to: '',
  limit: '100',
};

const SOURCE_NAMES: Record<string, string> = {
  web: 'Web',
  dialin: 'Dial-in',
  api: 'API',
  admin: 'Admin',
  system: 'System',
};
const KIND_NAMES: Record<string, string> = { auth: 'Sign-in', session: 'Session' };

/**
 * Where an attempt came from, in one column: caller ID and channel for a dial-in, the address for
 * the web. Three columns of their own, mostly empty, pushed Detail off a 1366 px screen.
 */
function AuditOrigin({ entry }: { entry: AuditEntry }) {
  const lines = [
    { label: 'Caller ID', value: entry.callerId },
    { label: 'Channel', value: entry.channel },
    { label: 'Remote IP', value: entry.remoteIp },
  ].filter((line): line is { label: string; value: string } => line.value !== null && line.value !== '');
  if (lines.length === 0) return <span>—</span>;
  return (
    <div className="audit-origin">
      {lines.map((line) => (
        <span key={line.label} className="audit-origin-line mono" title={line.label}>
          <span className="visually-hidden">{line.label}: </span>
          {line.value}
        </span>
      ))}
    </div>
  );
}

function toFilter(draft: FilterDraft): AuditFilter {
  return {
    agent: draft.agent.trim() || undefined,
    source: draft.source || undefined,
    result: draft.result || undefined,
    kind: draft.kind || undefined,
    from: fromDateTimeLocal(draft.from),
    to: fromDateTimeLocal(draft.to),
    limit: Number(draft.limit),
  };
}

const any = (label: string) => ({ value: '', label });

const COLUMNS: readonly AdminColumn<AuditEntry>[] = [
  { header: 'Time', className: 'mono nowrap', cell: (e) => formatDateTime(e.at) },
  { header: 'Kind', cell: (e) => KIND_NAMES[e.kind] ?? e.kind },
  { header: 'Source', cell: (e) => SOURCE_NAMES[e.source] ?? e.source },
  {
    header: 'Agent',
    cell: (e) => (
      <span>
        {e.agentName ?? '—'} {e.agentUserId ? <span className="muted mono">{e.agentUserId}</span> : null}
      </span>
    ),
  },
  {
    header: 'Result',
    cell: (e) => <span className={auditResultBadge(e.kind, e.result)}>{auditResultLabel(e.result)}</span>,
  },
  { header: 'Entered ID', className: 'mono', cell: (e) => e.enteredId ?? '—' },
  { header: 'Origin', cell: (e) => <AuditOrigin entry={e} /> },
  { header: 'Detail', cell: (e) => <div className="audit-detail">{e.detail ?? '—'}</div> },
];

/** The log is read-only for everyone; admins lift locks from the panel above it. */
export function AuditLogScreen({ me }: { me: Me }) {
  const [draft, setDraft] = useState<FilterDraft>(NO_FILTER);
  const [applied, setApplied] = useState<FilterDraft>(NO_FILTER);
  const load = useCallback(() => auditLog(toFilter(applied)), [applied]);
  const list = useLoaded(load);
  const set = (key: keyof FilterDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...draft });
  };
  const clear = () => {
    setDraft(NO_FILTER);
    setApplied(NO_FILTER);
  };

  return (
    <AdminPage
      title="Audit log"
      description="Locks in force, and every sign-in and dial-in attempt and session change. PINs and passwords are never recorded."
      readOnly={false}
      error={list.error}
    >
      <LocksPanel readOnly={me.role !== 'admin'} />

      <form className="panel filters" onSubmit={apply} aria-label="Audit log filters">
        <div className="filter-grid">
          <TextField
            id="audit-agent"
            label="Agent user ID"
            value={draft.agent}
            onChange={set('agent')}
            inputMode="numeric"
          />
          <SelectField
            id="audit-source"
            label="Source"
            value={draft.source}
            onChange={set('source')}
            options={[
              any('Any source'),
              ...AUDIT_SOURCES.map((s) => ({ value: s, label: SOURCE_NAMES[s] ?? s })),
            ]}
          />
          <SelectField
            id="audit-result"
            label="Result"
            value={draft.result}
            onChange={set('result')}
            options={[
              any('Any result'),
              ...AUDIT_RESULTS.map((r) => ({ value: r, label: auditResultLabel(r) })),
            ]}
          />
          <SelectField
            id="audit-kind"
            label="Kind"
            value={draft.kind}
            onChange={set('kind')}
            options={[any('Any kind'), ...AUDIT_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] ?? k }))]}
          />
          <TextField
            id="audit-from"
            label="From"
            type="datetime-local"
            value={draft.from}
            onChange={set('from')}
          />
          <TextField id="audit-to" label="To" type="datetime-local" value={draft.to} onChange={set('to')} />
          <SelectField
            id="audit-limit"
            label="Show at most"
            value={draft.limit}
            onChange={set('limit')}
            options={['50', '100', '500'].map((n) => ({ value: n, label: `${n} entries` }))}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button type="button" className="button button-ghost" onClick={clear}>
            Clear filters
          </button>
          <button type="button" className="button button-ghost" onClick={list.reload}>
            Refresh
          </button>
        </div>
      </form>

      <AdminTable
        items={list.data?.entries ?? null}
        loadError={list.error}
        loadingText="Loading the audit log…"
        emptyText="No entries match these filters."
        columns={COLUMNS}
        rowKey={(e) => e.id}
        tableClassName="audit-table"
      />
    </AdminPage>
  );
}
