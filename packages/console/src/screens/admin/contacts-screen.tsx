import { useState } from 'react';
import { type ContactInput, createContact, listContacts, updateContact } from '../../api/endpoints.ts';
import type { Contact, Me } from '../../api/types.ts';
import { EditorPanel } from '../../components/editor-panel.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../components/fields.tsx';
import { EnabledBadge } from '../../components/registration-badge.tsx';
import { AdminPage } from './admin-page.tsx';
import { CallerProfilePanel } from './caller-profile-panel.tsx';
import { changedFields } from './changed-fields.ts';
import { unshownFieldErrors } from './field-errors.ts';
import { useEditor } from './use-editor.ts';
import { useLoaded } from './use-loaded.ts';
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

export function ContactsScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listContacts);
  const editor = useEditor<Contact>();
  const rowAction = useRowAction();
  const [draft, setDraft] = useState<ContactInput>(EMPTY_CONTACT);
  const set = <K extends keyof ContactInput>(key: K, value: ContactInput[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const openCreate = () => {
    setDraft(EMPTY_CONTACT);
    editor.open({ mode: 'create' });
  };
  const openEdit = (contact: Contact) => {
    setDraft(toInput(contact));
    editor.open({ mode: 'edit', item: contact });
  };
  const save = () => {
    const editing = editor.editing;
    if (editing === null) return;
    void editor.save(
      () =>
        editing.mode === 'create'
          ? createContact(draft)
          : updateContact(editing.item.id, changedFields(toInput(editing.item), draft)),
      list.reload,
    );
  };

  const contacts = list.data?.contacts ?? null;
  const fields = editor.fields;
  return (
    <AdminPage
      title="Contacts"
      description="Office numbers callers can reach through the contacts dial-in mode."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={
        <button type="button" className="button button-primary" onClick={openCreate}>
          New contact
        </button>
      }
    >
      {editor.editing ? (
        <EditorPanel
          key={editor.editing.mode === 'edit' ? editor.editing.item.id : 'new'}
          title={
            editor.editing.mode === 'create'
              ? 'New contact'
              : `${readOnly ? 'Contact' : 'Edit contact'} ${editor.editing.item.name}`
          }
          readOnly={readOnly}
          busy={editor.busy}
          error={editor.error}
          otherFieldErrors={unshownFieldErrors(fields, FORM_FIELDS)}
          submitLabel={editor.editing.mode === 'create' ? 'Create contact' : 'Save changes'}
          onSubmit={save}
          onClose={editor.close}
          after={
            editor.editing.mode === 'edit' ? (
              <CallerProfilePanel contactId={editor.editing.item.id} readOnly={readOnly} />
            ) : null
          }
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
        </EditorPanel>
      ) : null}

      {contacts === null ? (
        list.error ? null : (
          <p className="muted">Loading contacts…</p>
        )
      ) : contacts.length === 0 ? (
        <p className="empty">No contacts yet.{readOnly ? '' : ' Add the first one with New contact.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Office number</th>
                <th scope="col">Name</th>
                <th scope="col">Details</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => (
                <tr key={contact.id} className={contact.enabled ? undefined : 'row-disabled'}>
                  <td data-label="Office number" className="mono">
                    {contact.officeNum}
                  </td>
                  <td data-label="Name" className="cell-strong">
                    {contact.name}
                  </td>
                  <td data-label="Details" className="cell-wrap">
                    {contact.details || '—'}
                  </td>
                  <td data-label="Status">
                    <EnabledBadge enabled={contact.enabled} />
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => openEdit(contact)}
                      aria-label={`${readOnly ? 'View' : 'Edit'} ${contact.name}`}
                    >
                      {readOnly ? 'View' : 'Edit'}
                    </button>
                    {readOnly ? null : (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        disabled={rowAction.busy}
                        aria-label={`${contact.enabled ? 'Disable' : 'Enable'} ${contact.name}`}
                        onClick={() =>
                          rowAction.run(
                            () => updateContact(contact.id, { enabled: !contact.enabled }),
                            list.reload,
                            `${contact.enabled ? 'disable' : 'enable'} ${contact.name}`,
                          )
                        }
                      >
                        {contact.enabled ? 'Disable' : 'Enable'}
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
