import { useState } from 'react';
import type { DirectoryEntry, DirectoryTargetKind } from '../../api/directory-types.ts';
import {
  createDirectoryEntry,
  listAgents,
  listDevices,
  listDirectory,
  updateDirectoryEntry,
} from '../../api/endpoints.ts';
import type { AdminAgent, Device, Me } from '../../api/types.ts';
import { EditorPanel } from '../../components/editor-panel.tsx';
import { CheckboxField, SelectField, type SelectOption, TextField } from '../../components/fields.tsx';
import { EnabledBadge } from '../../components/registration-badge.tsx';
import { AdminPage } from './admin-page.tsx';
import {
  type DirectoryDraft,
  describeTarget,
  describeVoicemail,
  draftOf,
  EMPTY_DIRECTORY_DRAFT,
  entryChangesOf,
  entryInputOf,
} from './directory-draft.ts';
import { unshownFieldErrors } from './field-errors.ts';
import { useEditor } from './use-editor.ts';
import { useLoaded } from './use-loaded.ts';
import { useRowAction } from './use-row-action.ts';

const TARGET_KINDS: readonly SelectOption[] = [
  { value: 'agent', label: 'Agent' },
  { value: 'device', label: 'Phone' },
  { value: 'endpoints', label: 'Endpoints' },
] satisfies { value: DirectoryTargetKind; label: string }[];

const FORM_FIELDS = [
  'extension',
  'name',
  'target',
  'target.kind',
  'target.endpoints',
  'target.deviceId',
  'target.agentId',
  'ringSeconds',
  'voicemailBox',
  'voicemailContext',
  'enabled',
] as const;

interface DirectoryFormProps {
  draft: DirectoryDraft;
  fields: Record<string, string>;
  readOnly: boolean;
  agents: readonly AdminAgent[];
  devices: readonly Device[];
  onChange: (draft: DirectoryDraft) => void;
}

function DirectoryForm({ draft, fields, readOnly, agents, devices, onChange }: DirectoryFormProps) {
  const set = <K extends keyof DirectoryDraft>(key: K, value: DirectoryDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const agentOptions: SelectOption[] = [
    { value: '', label: 'Choose an agent…' },
    ...agents.map((a) => ({
      value: String(a.id),
      label: `${a.name} (${a.userId})${a.enabled ? '' : ' — disabled'}`,
    })),
  ];
  const deviceOptions: SelectOption[] = [
    { value: '', label: 'Choose a phone…' },
    ...devices.map((d) => ({
      value: String(d.id),
      label: `${d.name} (${d.endpoint})${d.enabled ? '' : ' — disabled'}`,
    })),
  ];

  return (
    <div className="form-grid">
      <TextField
        id="directory-extension"
        label="Extension"
        value={draft.extension}
        onChange={(v) => set('extension', v)}
        error={fields.extension}
        hint="Digits callers dial, e.g. 301."
        inputMode="numeric"
        disabled={readOnly}
      />
      <TextField
        id="directory-name"
        label="Name"
        value={draft.name}
        onChange={(v) => set('name', v)}
        error={fields.name}
        disabled={readOnly}
      />
      <SelectField
        id="directory-target-kind"
        label="Rings"
        value={draft.targetKind}
        options={TARGET_KINDS}
        onChange={(v) => set('targetKind', v as DirectoryTargetKind)}
        error={fields['target.kind'] ?? fields.target}
        disabled={readOnly}
      />
      {draft.targetKind === 'agent' ? (
        <SelectField
          id="directory-agent"
          label="Agent"
          value={draft.agentId}
          options={agentOptions}
          onChange={(v) => set('agentId', v)}
          error={fields['target.agentId']}
          hint="Rings the agent's current session: internal line, phone or mobile; voicemail when logged out."
          disabled={readOnly}
        />
      ) : draft.targetKind === 'device' ? (
        <SelectField
          id="directory-device"
          label="Phone"
          value={draft.deviceId}
          options={deviceOptions}
          onChange={(v) => set('deviceId', v)}
          error={fields['target.deviceId']}
          hint="Nothing rings while the phone is disabled."
          disabled={readOnly}
        />
      ) : (
        <TextField
          id="directory-endpoints"
          label="Endpoints"
          value={draft.endpoints}
          onChange={(v) => set('endpoints', v)}
          error={fields['target.endpoints']}
          hint="Rung together; separate with commas, e.g. PJSIP/2001, PJSIP/2002."
          disabled={readOnly}
        />
      )}
      <TextField
        id="directory-ring-seconds"
        label="Ring time (seconds)"
        value={draft.ringSeconds}
        onChange={(v) => set('ringSeconds', v)}
        error={fields.ringSeconds}
        hint="1 to 600; then voicemail."
        inputMode="numeric"
        disabled={readOnly}
      />
      <CheckboxField
        id="directory-voicemail"
        label="Voicemail"
        checked={draft.voicemail}
        onChange={(v) => set('voicemail', v)}
        hint="Without it an unanswered call just ends."
        disabled={readOnly}
      />
      {draft.voicemail ? (
        <>
          <TextField
            id="directory-voicemail-box"
            label="Voicemail box"
            value={draft.voicemailBox}
            onChange={(v) => set('voicemailBox', v)}
            error={fields.voicemailBox}
            hint="Mailbox in voicemail.conf; empty: the extension."
            disabled={readOnly}
          />
          <TextField
            id="directory-voicemail-context"
            label="Voicemail context"
            value={draft.voicemailContext}
            onChange={(v) => set('voicemailContext', v)}
            error={fields.voicemailContext}
            disabled={readOnly}
          />
        </>
      ) : null}
      <CheckboxField
        id="directory-enabled"
        label="Enabled"
        checked={draft.enabled}
        onChange={(v) => set('enabled', v)}
        error={fields.enabled}
        hint="A disabled extension answers as if it did not exist."
        disabled={readOnly}
      />
    </div>
  );
}

/** The extension directory: what dialling an internal extension rings, and its voicemail. */
export function DirectoryScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listDirectory);
  const agents = useLoaded(listAgents);
  const devices = useLoaded(listDevices);
  const editor = useEditor<DirectoryEntry>();
  const rowAction = useRowAction();
  const [draft, setDraft] = useState<DirectoryDraft>(EMPTY_DIRECTORY_DRAFT);

  const openCreate = () => {
    setDraft(EMPTY_DIRECTORY_DRAFT);
    editor.open({ mode: 'create' });
  };
  const openEdit = (entry: DirectoryEntry) => {
    setDraft(draftOf(entry));
    editor.open({ mode: 'edit', item: entry });
  };
  const save = () => {
    const editing = editor.editing;
    if (editing === null) return;
    void editor.save(
      () =>
        editing.mode === 'create'
          ? createDirectoryEntry(entryInputOf(draft))
          : updateDirectoryEntry(editing.item.id, entryChangesOf(editing.item, draft)),
      list.reload,
    );
  };

  const entries = list.data?.entries ?? null;
  return (
    <AdminPage
      title="Directory"
      description="Internal extensions: what each rings, for how long, and the voicemail box after."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={
        <button type="button" className="button button-primary" onClick={openCreate}>
          New extension
        </button>
      }
    >
      {editor.editing ? (
        <EditorPanel
          key={editor.editing.mode === 'edit' ? editor.editing.item.id : 'new'}
          title={
            editor.editing.mode === 'create'
              ? 'New extension'
              : `${readOnly ? 'Extension' : 'Edit extension'} ${editor.editing.item.extension}`
          }
          readOnly={readOnly}
          busy={editor.busy}
          error={editor.error ?? agents.error ?? devices.error}
          otherFieldErrors={unshownFieldErrors(editor.fields, FORM_FIELDS)}
          submitLabel={editor.editing.mode === 'create' ? 'Create extension' : 'Save changes'}
          onSubmit={save}
          onClose={editor.close}
        >
          <DirectoryForm
            draft={draft}
            fields={editor.fields}
            readOnly={readOnly}
            agents={agents.data?.agents ?? []}
            devices={devices.data?.devices ?? []}
            onChange={setDraft}
          />
        </EditorPanel>
      ) : null}

      {entries === null ? (
        list.error ? null : (
          <p className="muted">Loading the directory…</p>
        )
      ) : entries.length === 0 ? (
        <p className="empty">No extensions yet.{readOnly ? '' : ' Add the first one with New extension.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Extension</th>
                <th scope="col">Name</th>
                <th scope="col">Rings</th>
                <th scope="col">Ring time</th>
                <th scope="col">Voicemail</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className={entry.enabled ? undefined : 'row-disabled'}>
                  <td data-label="Extension" className="mono">
                    {entry.extension}
                  </td>
                  <td data-label="Name" className="cell-strong">
                    {entry.name}
                  </td>
                  <td data-label="Rings" className="cell-wrap">
                    {describeTarget(entry.target)}
                  </td>
                  <td data-label="Ring time">{entry.ringSeconds} s</td>
                  <td data-label="Voicemail" className="mono">
                    {describeVoicemail(entry)}
                  </td>
                  <td data-label="Status">
                    <EnabledBadge enabled={entry.enabled} />
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => openEdit(entry)}
                      aria-label={`${readOnly ? 'View' : 'Edit'} extension ${entry.extension}`}
                    >
                      {readOnly ? 'View' : 'Edit'}
                    </button>
                    {readOnly ? null : (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        disabled={rowAction.busy}
                        aria-label={`${entry.enabled ? 'Disable' : 'Enable'} extension ${entry.extension}`}
                        onClick={() =>
                          rowAction.run(
                            () => updateDirectoryEntry(entry.id, { enabled: !entry.enabled }),
                            list.reload,
                            `${entry.enabled ? 'disable' : 'enable'} extension ${entry.extension}`,
                          )
                        }
                      >
                        {entry.enabled ? 'Disable' : 'Enable'}
                      </button>
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
