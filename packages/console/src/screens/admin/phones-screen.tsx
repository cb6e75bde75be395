import { createDevice, type DeviceInput, listDevices, updateDevice } from '../../api/endpoints.ts';
import { DEVICE_KINDS, type Device, type Me } from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { EnabledBadge, RegistrationBadge } from '../../components/registration-badge.tsx';
import { AdminPage } from './admin-page.tsx';
import { changedFields } from './changed-fields.ts';
import { NewRecordButton } from './new-record-button.tsx';
import { RecordEditor } from './record-editor.tsx';
import { RecordRowActions } from './record-row-actions.tsx';
import { useLoaded } from './use-loaded.ts';
import { useRecordForm } from './use-record-form.ts';
import { useRowAction } from './use-row-action.ts';

const EMPTY_DEVICE: DeviceInput = { name: '', endpoint: '', location: '', kind: 'desk', enabled: true };
const FORM_FIELDS = ['name', 'endpoint', 'location', 'kind', 'enabled'] as const;

const KIND_NAMES: Record<Device['kind'], string> = {
  desk: 'Desk phone',
  soft: 'Softphone',
  webrtc: 'Browser (WebRTC)',
};

function toInput(device: Device): DeviceInput {
  return {
    name: device.name,
    endpoint: device.endpoint,
    location: device.location ?? '',
    kind: device.kind,
    enabled: device.enabled,
  };
}

function PhoneForm({ initial, fields, readOnly, onChange }: PhoneFormProps) {
  const set = <K extends keyof DeviceInput>(key: K, value: DeviceInput[K]) =>
    onChange({ ...initial, [key]: value });
  return (
    <div className="form-grid">
      <TextField
        id="phone-name"
        label="Name"
        value={initial.name}
        onChange={(v) => set('name', v)}
        error={fields.name}
        disabled={readOnly}
      />
      <TextField
        id="phone-endpoint"
        label="Endpoint"
        value={initial.endpoint}
        onChange={(v) => set('endpoint', v)}
        error={fields.endpoint}
        hint="Technology and resource, e.g. PJSIP/2001"
        disabled={readOnly}
      />
      <TextField
        id="phone-location"
        label="Location"
        value={initial.location}
        onChange={(v) => set('location', v)}
        error={fields.location}
        hint="Where it is, e.g. Floor 2, desk 14"
        disabled={readOnly}
      />
      <SelectField
        id="phone-kind"
        label="Kind"
        value={initial.kind}
        options={DEVICE_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] }))}
        onChange={(v) => set('kind', v as Device['kind'])}
        error={fields.kind}
        disabled={readOnly}
      />
      <CheckboxField
        id="phone-enabled"
        label="Enabled"
        checked={initial.enabled}
        onChange={(v) => set('enabled', v)}
        error={fields.enabled}
        hint="Disabled phones cannot be picked for a session."
        disabled={readOnly}
      />
    </div>
  );
}

interface PhoneFormProps {
  initial: DeviceInput;
  fields: Record<string, string>;
  readOnly: boolean;
  onChange: (draft: DeviceInput) => void;
}

const COLUMNS: readonly AdminColumn<Device>[] = [
  { header: 'Name', className: 'cell-strong', cell: (d) => d.name },
  { header: 'Endpoint', className: 'mono', cell: (d) => d.endpoint },
  { header: 'Location', cell: (d) => d.location || '—' },
  { header: 'Kind', cell: (d) => KIND_NAMES[d.kind] ?? d.kind },
  { header: 'Registration', cell: (d) => <RegistrationBadge registered={d.registered} /> },
  {
    header: 'Status',
    cell: (d) => (
      <>
        <EnabledBadge enabled={d.enabled} />
        {d.inUse ? <span className="badge badge-info">In use</span> : null}
      </>
    ),
  },
];

export function PhonesScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listDevices);
  const rowAction = useRowAction();
  const form = useRecordForm<Device, DeviceInput>({
    empty: () => EMPTY_DEVICE,
    toDraft: toInput,
    create: (draft) => createDevice(draft),
    update: (device, draft) => updateDevice(device.id, changedFields(toInput(device), draft)),
    onSaved: list.reload,
  });

  return (
    <AdminPage
      title="Phones"
      description="Desk phones and softphones agents can pick for their session."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={<NewRecordButton noun="phone" onClick={form.openCreate} />}
    >
      <RecordEditor
        editor={form.editor}
        noun="phone"
        readOnly={readOnly}
        recordKey={(d) => d.id}
        recordLabel={(d) => d.name}
        formFields={FORM_FIELDS}
        onSubmit={form.submit}
      >
        <PhoneForm
          initial={form.draft}
          fields={form.editor.fields}
          readOnly={readOnly}
          onChange={form.setDraft}
        />
      </RecordEditor>

      <AdminTable
        items={list.data?.devices ?? null}
        loadError={list.error}
        loadingText="Loading phones…"
        emptyText={`No phones yet.${readOnly ? '' : ' Add the first one with New phone.'}`}
        columns={COLUMNS}
        rowKey={(d) => d.id}
        rowClassName={(d) => (d.enabled ? undefined : 'row-disabled')}
        actions={(device) => (
          <RecordRowActions
            name={device.name}
            enabled={device.enabled}
            readOnly={readOnly}
            rowAction={rowAction}
            onEdit={() => form.openEdit(device)}
            toggle={() => updateDevice(device.id, { enabled: !device.enabled })}
            reload={list.reload}
          />
        )}
      />
    </AdminPage>
  );
}
