import { useState } from 'react';
import { createDevice, type DeviceInput, listDevices, updateDevice } from '../../api/endpoints.ts';
import { DEVICE_KINDS, type Device, type Me } from '../../api/types.ts';
import { EditorPanel } from '../../components/editor-panel.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { EnabledBadge, RegistrationBadge } from '../../components/registration-badge.tsx';
import { AdminPage } from './admin-page.tsx';
import { changedFields } from './changed-fields.ts';
import { unshownFieldErrors } from './field-errors.ts';
import { useEditor } from './use-editor.ts';
import { useLoaded } from './use-loaded.ts';
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

export function PhonesScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listDevices);
  const editor = useEditor<Device>();
  const rowAction = useRowAction();
  const [draft, setDraft] = useState<DeviceInput>(EMPTY_DEVICE);

  const openCreate = () => {
    setDraft(EMPTY_DEVICE);
    editor.open({ mode: 'create' });
  };
  const openEdit = (device: Device) => {
    setDraft(toInput(device));
    editor.open({ mode: 'edit', item: device });
  };
  const save = () => {
    const editing = editor.editing;
    if (editing === null) return;
    void editor.save(
      () =>
        editing.mode === 'create'
          ? createDevice(draft)
          : updateDevice(editing.item.id, changedFields(toInput(editing.item), draft)),
      list.reload,
    );
  };

  const devices = list.data?.devices ?? null;
  return (
    <AdminPage
      title="Phones"
      description="Desk phones and softphones agents can pick for their session."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={
        <button type="button" className="button button-primary" onClick={openCreate}>
          New phone
        </button>
      }
    >
      {editor.editing ? (
        <EditorPanel
          key={editor.editing.mode === 'edit' ? editor.editing.item.id : 'new'}
          title={
            editor.editing.mode === 'create'
              ? 'New phone'
              : `${readOnly ? 'Phone' : 'Edit phone'} ${editor.editing.item.name}`
          }
          readOnly={readOnly}
          busy={editor.busy}
          error={editor.error}
          otherFieldErrors={unshownFieldErrors(editor.fields, FORM_FIELDS)}
          submitLabel={editor.editing.mode === 'create' ? 'Create phone' : 'Save changes'}
          onSubmit={save}
          onClose={editor.close}
        >
          <PhoneForm initial={draft} fields={editor.fields} readOnly={readOnly} onChange={setDraft} />
        </EditorPanel>
      ) : null}

      {devices === null ? (
        list.error ? null : (
          <p className="muted">Loading phones…</p>
        )
      ) : devices.length === 0 ? (
        <p className="empty">No phones yet.{readOnly ? '' : ' Add the first one with New phone.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Location</th>
                <th scope="col">Kind</th>
                <th scope="col">Registration</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr key={device.id} className={device.enabled ? undefined : 'row-disabled'}>
                  <td data-label="Name" className="cell-strong">
                    {device.name}
                  </td>
                  <td data-label="Endpoint" className="mono">
                    {device.endpoint}
                  </td>
                  <td data-label="Location">{device.location || '—'}</td>
                  <td data-label="Kind">{KIND_NAMES[device.kind] ?? device.kind}</td>
                  <td data-label="Registration">
                    <RegistrationBadge registered={device.registered} />
                  </td>
                  <td data-label="Status">
                    <EnabledBadge enabled={device.enabled} />
                    {device.inUse ? <span className="badge badge-info">In use</span> : null}
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => openEdit(device)}
                      aria-label={`${readOnly ? 'View' : 'Edit'} ${device.name}`}
                    >
                      {readOnly ? 'View' : 'Edit'}
                    </button>
                    {readOnly ? null : (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        disabled={rowAction.busy}
                        aria-label={`${device.enabled ? 'Disable' : 'Enable'} ${device.name}`}
                        onClick={() =>
                          rowAction.run(
                            () => updateDevice(device.id, { enabled: !device.enabled }),
                            list.reload,
                            `${device.enabled ? 'disable' : 'enable'} ${device.name}`,
                          )
                        }
                      >
                        {device.enabled ? 'Disable' : 'Enable'}
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
