import { type ContactInput, createContact, listContacts, updateContact } from '../../api/endpoints.ts';
import type { Contact, Me } from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../components/fields.tsx';
import { EnabledBadge } from '../../components/registration-badge.tsx';
import { AdminPage } from './admin-page.tsx';
import { CallerProfilePanel } from './caller-profile-panel.tsx';
import { changedFields } from './changed-fields.ts';
import { NewRecordButton } from './new-record-button.tsx';
import { RecordEditor } from './record-editor.tsx';
import { RecordRowActions } from './record-row-actions.tsx';
import { useLoaded } from './use-loaded.ts';
import { useRecordForm } from './use-record-form.ts';
import { useRowAction } from './use-row-action.ts';

const EMPTY_CONTACT: ContactInput = { officeNum: '', name: '', details: '', enabled: true };
const FORM_FIELDS = ['officeNum', 'name', 'details', 'enabled'] as const;

function toInput(contact: Contact): ContactInput {
  return {
    officeNum: contact.officeNum,
    name: contact.name,
    details: contact.details ?? '',
    enabled: contact.enabled,
  };
}

const COLUMNS: readonly AdminColumn<Contact>[] = [
  { header: 'Office number', className: 'mono', cell: (c) => c.officeNum },
  { header: 'Name', className: 'cell-strong', cell: (c) => c.name },
  { header: 'Details', className: 'cell-wrap', cell: (c) => c.details || '—' },
  { header: 'Status', cell: (c) => <EnabledBadge enabled={c.enabled} /> },
];

export function ContactsScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listContacts);
  const rowAction = useRowAction();
  const form = useRecordForm<Contact, ContactInput>({
    empty: () => EMPTY_CONTACT,
    toDraft: toInput,
    create: (draft) => createContact(draft),
    update: (contact, draft) => updateContact(contact.id, changedFields(toInput(contact), draft)),
    onSaved: list.reload,
  });
  const { draft, set } = form;
  const fields = form.editor.fields;
  return (
    <AdminPage
      title="Contacts"
      description="Office numbers callers can reach through the contacts dial-in mode."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={<NewRecordButton noun="contact" onClick={form.openCreate} />}
    >
      <RecordEditor
        editor={form.editor}
        noun="contact"
        readOnly={readOnly}
        recordKey={(c) => c.id}
        recordLabel={(c) => c.name}
        formFields={FORM_FIELDS}
        onSubmit={form.submit}
        after={(c) => <CallerProfilePanel contactId={c.id} readOnly={readOnly} />}
      >
        <div className="form-grid">
          <TextField
            id="contact-office-num"
            label="Office number"
            value={draft.officeNum}
            onChange={(v) => set('officeNum', v)}
            error={fields.officeNum}
            hint="Digits only; what the caller keys."
            inputMode="numeric"
            disabled={readOnly}
          />
          <TextField
            id="contact-name"
            label="Name"
            value={draft.name}
            onChange={(v) => set('name', v)}
            error={fields.name}
            disabled={readOnly}
          />
          <TextAreaField
            id="contact-details"
            label="Details"
            value={draft.details}
            onChange={(v) => set('details', v)}
            error={fields.details}
            disabled={readOnly}
          />
          <CheckboxField
            id="contact-enabled"
            label="Enabled"
            checked={draft.enabled}
            onChange={(v) => set('enabled', v)}
            error={fields.enabled}
            disabled={readOnly}
          />
        </div>
      </RecordEditor>

      <AdminTable
        items={list.data?.contacts ?? null}
        loadError={list.error}
        loadingText="Loading contacts…"
        emptyText={`No contacts yet.${readOnly ? '' : ' Add the first one with New contact.'}`}
        columns={COLUMNS}
        rowKey={(c) => c.id}
        rowClassName={(c) => (c.enabled ? undefined : 'row-disabled')}
        actions={(contact) => (
          <RecordRowActions
            name={contact.name}
            enabled={contact.enabled}
            readOnly={readOnly}
            rowAction={rowAction}
            onEdit={() => form.openEdit(contact)}
            toggle={() => updateContact(contact.id, { enabled: !contact.enabled })}
            reload={list.reload}
          />
        )}
      />
    </AdminPage>
  );
}
