import { useState } from 'react';
import { createPauseCode, listPauseCodes, updatePauseCode } from '../../api/endpoints.ts';
import type { Me, PauseCode, PauseCodeInput } from '../../api/types.ts';
import { EditorPanel } from '../../components/editor-panel.tsx';
import { CheckboxField, TextField } from '../../components/fields.tsx';
import { formatDuration } from '../../lib/format-time.ts';
import { AdminPage } from './admin-page.tsx';
import { changedFields } from './changed-fields.ts';
import { unshownFieldErrors } from './field-errors.ts';
import { useEditor } from './use-editor.ts';
import { useLoaded } from './use-loaded.ts';
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

export function PauseCodesScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listPauseCodes);
  const editor = useEditor<PauseCode>();
  const rowAction = useRowAction();
  const [draft, setDraft] = useState<PauseCodeDraft>(EMPTY_DRAFT);
  const [localError, setLocalError] = useState<string | undefined>(undefined);
  const set = <K extends keyof PauseCodeDraft>(key: K, value: PauseCodeDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const openCreate = () => {
    setDraft(EMPTY_DRAFT);
    setLocalError(undefined);
    editor.open({ mode: 'create' });
  };
  const openEdit = (pauseCode: PauseCode) => {
    setDraft(toDraft(pauseCode));
    setLocalError(undefined);
    editor.open({ mode: 'edit', item: pauseCode });
  };
  const save = () => {
    const editing = editor.editing;
    if (editing === null) return;
    const value = fromDraft(draft);
    if (value.maxSeconds !== null && !(Number.isInteger(value.maxSeconds) && value.maxSeconds > 0)) {
      setLocalError('Enter whole seconds, or leave empty for no limit.');
      return;
    }
    setLocalError(undefined);
    void editor.save(() => {
      if (editing.mode === 'create') return createPauseCode(value);
      const { code: _code, ...changes } = changedFields(editing.item, value);
      return updatePauseCode(editing.item.code, changes);
    }, list.reload);
  };

  const pauseCodes = list.data?.pauseCodes ?? null;
  const fields = editor.fields;
  const creating = editor.editing?.mode === 'create';
  return (
    <AdminPage
      title="Pause codes"
      description="The reasons agents choose when they pause."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={
        <button type="button" className="button button-primary" onClick={openCreate}>
          New pause code
        </button>
      }
    >
      {editor.editing ? (
        <EditorPanel
          key={editor.editing.mode === 'edit' ? editor.editing.item.code : 'new'}
          title={
            editor.editing.mode === 'create'
              ? 'New pause code'
              : `${readOnly ? 'Pause code' : 'Edit pause code'} ${editor.editing.item.code}`
          }
          readOnly={readOnly}
          busy={editor.busy}
          error={editor.error}
          otherFieldErrors={unshownFieldErrors(fields, FORM_FIELDS)}
          submitLabel={creating ? 'Create pause code' : 'Save changes'}
          onSubmit={save}
          onClose={editor.close}
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
        </EditorPanel>
      ) : null}

      {pauseCodes === null ? (
        list.error ? null : (
          <p className="muted">Loading pause codes…</p>
        )
      ) : pauseCodes.length === 0 ? (
        <p className="empty">No pause codes yet.{readOnly ? '' : ' Agents need at least one to pause.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Billable</th>
                <th scope="col">Limit</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pauseCodes.map((p) => (
                <tr key={p.code} className={p.active ? undefined : 'row-disabled'}>
                  <td data-label="Code" className="mono">
                    {p.code}
                  </td>
                  <td data-label="Name" className="cell-strong">
                    {p.name}
                  </td>
                  <td data-label="Billable">{p.billable ? 'Yes' : 'No'}</td>
                  <td data-label="Limit">
                    {p.maxSeconds === null ? 'No limit' : formatDuration(p.maxSeconds)}
                  </td>
                  <td data-label="Status">
                    <span>
                      {p.active ? (
                        <span className="badge badge-ok">Active</span>
                      ) : (
                        <span className="badge badge-off">Disabled</span>
                      )}
                      {p.system ? <span className="badge badge-info">System</span> : null}
                    </span>
                  </td>
                  <td className="cell-actions">
                    {p.system ? (
                      // The server sets these itself (LAGGED) and refuses any change to them.
                      <span className="muted">Set by Callgate</span>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => openEdit(p)}
                          aria-label={`${readOnly ? 'View' : 'Edit'} ${p.name}`}
                        >
                          {readOnly ? 'View' : 'Edit'}
                        </button>
                        {readOnly ? null : (
                          <button
                            type="button"
                            className="button button-small button-ghost"
                            disabled={rowAction.busy}
                            aria-label={`${p.active ? 'Disable' : 'Enable'} ${p.name}`}
                            onClick={() =>
                              rowAction.run(
                                () => updatePauseCode(p.code, { active: !p.active }),
                                list.reload,
                                `${p.active ? 'disable' : 'enable'} ${p.name}`,
                              )
                            }
                          >
                            {p.active ? 'Disable' : 'Enable'}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminPage>
  );
}
