import type { DirectoryEntry, DirectoryTargetKind } from '../../api/directory-types.ts';
import {
  createDirectoryEntry,
  listAgents,
  listDevices,
  listDirectory,
  updateDirectoryEntry,
} from '../../api/endpoints.ts';
import type { AdminAgent, Device, Me } from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
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
import { NewRecordButton } from './new-record-button.tsx';
import { RecordEditor } from './record-editor.tsx';
import { RecordRowActions } from './record-row-actions.tsx';
import { useLoaded } from './use-loaded.ts';
import { useRecordForm } from './use-record-form.ts';
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

const COLUMNS: readonly AdminColumn<DirectoryEntry>[] = [
  { header: 'Extension', className: 'mono', cell: (e) => e.extension },
  { header: 'Name', className: 'cell-strong', cell: (e) => e.name },
  { header: 'Rings', className: 'cell-wrap', cell: (e) => describeTarget(e.target) },
  { header: 'Ring time', cell: (e) => `${e.ringSeconds} s` },
  { header: 'Voicemail', className: 'mono', cell: (e) => describeVoicemail(e) },
  { header: 'Status', cell: (e) => <EnabledBadge enabled={e.enabled} /> },
];

/** The extension directory: what dialling an internal extension rings, and its voicemail. */
export function DirectoryScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listDirectory);
  const agents = useLoaded(listAgents);
  const devices = useLoaded(listDevices);
  const rowAction = useRowAction();
  const form = useRecordForm<DirectoryEntry, DirectoryDraft>({
    empty: () => EMPTY_DIRECTORY_DRAFT,
    toDraft: draftOf,
    create: (draft) => createDirectoryEntry(entryInputOf(draft)),
    update: (entry, draft) => updateDirectoryEntry(entry.id, entryChangesOf(entry, draft)),
    onSaved: list.reload,
  });

  return (
    <AdminPage
      title="Directory"
      description="Internal extensions: what each rings, for how long, and the voicemail box after."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={<NewRecordButton noun="extension" onClick={form.openCreate} />}
    >
      <RecordEditor
        editor={form.editor}
        noun="extension"
        readOnly={readOnly}
        recordKey={(e) => e.id}
        recordLabel={(e) => e.extension}
        formFields={FORM_FIELDS}
        onSubmit={form.submit}
        error={agents.error ?? devices.error}
      >
        <DirectoryForm
          draft={form.draft}
          fields={form.editor.fields}
          readOnly={readOnly}
          agents={agents.data?.agents ?? []}
          devices={devices.data?.devices ?? []}
          onChange={form.setDraft}
        />
      </RecordEditor>

      <AdminTable
        items={list.data?.entries ?? null}
        loadError={list.error}
        loadingText="Loading the directory…"
        emptyText={`No extensions yet.${readOnly ? '' : ' Add the first one with New extension.'}`}
        columns={COLUMNS}
        rowKey={(e) => e.id}
        rowClassName={(e) => (e.enabled ? undefined : 'row-disabled')}
        actions={(entry) => (
          <RecordRowActions
            name={`extension ${entry.extension}`}
            enabled={entry.enabled}
            readOnly={readOnly}
            rowAction={rowAction}
            onEdit={() => form.openEdit(entry)}
            toggle={() => updateDirectoryEntry(entry.id, { enabled: !entry.enabled })}
            reload={list.reload}
          />
        )}
      />
    </AdminPage>
  );
}
