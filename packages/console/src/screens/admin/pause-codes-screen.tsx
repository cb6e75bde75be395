import { useState } from 'react';
import { createPauseCode, listPauseCodes, updatePauseCode } from '../../api/endpoints.ts';
import type { Me, PauseCode, PauseCodeInput } from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { CheckboxField, TextField } from '../../components/fields.tsx';
import { formatDuration } from '../../lib/format-time.ts';
import { AdminPage } from './admin-page.tsx';
import { changedFields } from './changed-fields.ts';
import { NewRecordButton } from './new-record-button.tsx';
import { RecordEditor } from './record-editor.tsx';
import { RecordRowActions } from './record-row-actions.tsx';
import { useLoaded } from './use-loaded.ts';
import { useRecordForm } from './use-record-form.ts';
import { useRowAction } from './use-row-action.ts';

/** The form keeps max seconds as typed text; empty means no limit. */
interface PauseCodeDraft {
  code: string;
  name: string;
  billable: boolean;
  maxSeconds: string;
  active: boolean;
}

const EMPTY_DRAFT: PauseCodeDraft = { code: '', name: '', billable: false, maxSeconds: '', active: true };
const FORM_FIELDS = ['code', 'name', 'billable', 'maxSeconds', 'active'] as const;

const toDraft = (p: PauseCode): PauseCodeDraft => ({
  code: p.code,
  name: p.name,
  billable: p.billable,
  maxSeconds: p.maxSeconds === null ? '' : String(p.maxSeconds),
  active: p.active,
});

function fromDraft(d: PauseCodeDraft): PauseCodeInput {
  const trimmed = d.maxSeconds.trim();
  return { ...d, code: d.code.trim(), maxSeconds: trimmed === '' ? null : Number(trimmed) };
}

const COLUMNS: readonly AdminColumn<PauseCode>[] = [
  { header: 'Code', className: 'mono', cell: (p) => p.code },
  { header: 'Name', className: 'cell-strong', cell: (p) => p.name },
  { header: 'Billable', cell: (p) => (p.billable ? 'Yes' : 'No') },
  { header: 'Limit', cell: (p) => (p.maxSeconds === null ? 'No limit' : formatDuration(p.maxSeconds)) },
  {
    header: 'Status',
    cell: (p) => (
      <span>
        {p.active ? (
          <span className="badge badge-ok">Active</span>
        ) : (
          <span className="badge badge-off">Disabled</span>
        )}
        {p.system ? <span className="badge badge-info">System</span> : null}
      </span>
    ),
  },
];

export function PauseCodesScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listPauseCodes);
  const rowAction = useRowAction();
  const form = useRecordForm<PauseCode, PauseCodeDraft>({
    empty: () => EMPTY_DRAFT,
    toDraft,
    create: (draft) => createPauseCode(fromDraft(draft)),
    update: (pauseCode, draft) => {
      const { code: _code, ...changes } = changedFields(pauseCode, fromDraft(draft));
      return updatePauseCode(pauseCode.code, changes);
    },
    onSaved: list.reload,
  });
  const [localError, setLocalError] = useState<string | undefined>(undefined);
  const { draft, set } = form;

  const openCreate = () => {
    setLocalError(undefined);
    form.openCreate();
  };
  const openEdit = (pauseCode: PauseCode) => {
    setLocalError(undefined);
    form.openEdit(pauseCode);
  };
  const save = () => {
    const { maxSeconds } = fromDraft(draft);
    if (maxSeconds !== null && !(Number.isInteger(maxSeconds) && maxSeconds > 0)) {
      setLocalError('Enter whole seconds, or leave empty for no limit.');
      return;
    }
    setLocalError(undefined);
    form.submit();
  };

  const fields = form.editor.fields;
  const creating = form.editor.editing?.mode === 'create';
  return (
    <AdminPage
      title="Pause codes"
      description="The reasons agents choose when they pause."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={<NewRecordButton noun="pause code" onClick={openCreate} />}
    >
      <RecordEditor
        editor={form.editor}
        noun="pause code"
        readOnly={readOnly}
        recordKey={(p) => p.code}
        recordLabel={(p) => p.code}
        formFields={FORM_FIELDS}
        onSubmit={save}
      >
        <div className="form-grid">
          <TextField
            id="pause-code-code"
            label="Code"
            value={draft.code}
            onChange={(v) => set('code', v)}
            error={fields.code}
            hint={
              creating
                ? 'A short key, e.g. LUNCH. It cannot be changed later.'
                : 'The code cannot be changed.'
            }
            disabled={readOnly || !creating}
          />
          <TextField
            id="pause-code-name"
            label="Name"
            value={draft.name}
            onChange={(v) => set('name', v)}
            error={fields.name}
            disabled={readOnly}
          />
          <TextField
            id="pause-code-max-seconds"
            label="Maximum seconds"
            type="number"
            inputMode="numeric"
            value={draft.maxSeconds}
            onChange={(v) => set('maxSeconds', v)}
            error={localError ?? fields.maxSeconds}
            hint="Leave empty for no limit."
            disabled={readOnly}
          />
          <CheckboxField
            id="pause-code-billable"
            label="Billable"
            checked={draft.billable}
            onChange={(v) => set('billable', v)}
            error={fields.billable}
            hint="Counts as paid working time in reports."
            disabled={readOnly}
          />
          <CheckboxField
            id="pause-code-active"
            label="Active"
            checked={draft.active}
            onChange={(v) => set('active', v)}
            error={fields.active}
            hint="Only active codes are offered to agents."
            disabled={readOnly}
          />
        </div>
      </RecordEditor>

      <AdminTable
        items={list.data?.pauseCodes ?? null}
        loadError={list.error}
        loadingText="Loading pause codes…"
        emptyText={`No pause codes yet.${readOnly ? '' : ' Agents need at least one to pause.'}`}
        columns={COLUMNS}
        rowKey={(p) => p.code}
        rowClassName={(p) => (p.active ? undefined : 'row-disabled')}
        actions={(p) =>
          p.system ? (
            // The server sets these itself (LAGGED) and refuses any change to them.
            <span className="muted">Set by Callgate</span>
          ) : (
            <RecordRowActions
              name={p.name}
              enabled={p.active}
              readOnly={readOnly}
              rowAction={rowAction}
              onEdit={() => openEdit(p)}
              toggle={() => updatePauseCode(p.code, { active: !p.active })}
              reload={list.reload}
            />
          )
        }
      />
    </AdminPage>
  );
}
