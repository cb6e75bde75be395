import { useMemo, useState } from 'react';
import { createAgent, listAgents, updateAgent } from '../../api/endpoints.ts';
import { type AdminAgent, INTERFACES, type Interface, type Me, ROLES, type Role } from '../../api/types.ts';
import { EditorPanel } from '../../components/editor-panel.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { EnabledBadge } from '../../components/registration-badge.tsx';
import { AdminPage } from './admin-page.tsx';
import { type AgentDraft, agentToDraft, createBody, editableFields, emptyAgentDraft } from './agent-draft.ts';
import { AgentQueuesPanel } from './agent-queues-panel.tsx';
import { AgentSecrets } from './agent-secrets.tsx';
import { changedFields } from './changed-fields.ts';
import { unshownFieldErrors } from './field-errors.ts';
import { useEditor } from './use-editor.ts';
import { useLoaded } from './use-loaded.ts';
import { useRowAction } from './use-row-action.ts';
import { VOICE_FIELD_NAMES, VoiceSettingsFieldset } from './voice-settings-fieldset.tsx';

const ROLE_NAMES: Record<Role, string> = { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin' };
const INTERFACE_NAMES: Record<Interface, string> = {
  internal: 'Internal',
  phone: 'Phone',
  mobile: 'Mobile',
  dialin: 'Dial-in',
};
const FORM_FIELDS = [
  'userId',
  'name',
  'role',
  'enabled',
  'password',
  'pin',
  'hotDesk',
  'mobileNumber',
  'defaultInterface',
  ...VOICE_FIELD_NAMES,
];

function matches(agent: AdminAgent, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || agent.userId.toLowerCase().includes(q) || agent.name.toLowerCase().includes(q);
}

export function AgentsScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listAgents);
  const editor = useEditor<AdminAgent>();
  const rowAction = useRowAction();
  const [draft, setDraft] = useState<AgentDraft>(emptyAgentDraft);
  const [query, setQuery] = useState('');
  const set = <K extends keyof AgentDraft>(key: K, value: AgentDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const agents = list.data?.agents ?? null;
  const shown = useMemo(() => (agents ?? []).filter((a) => matches(a, query)), [agents, query]);

  const openCreate = () => {
    setDraft(emptyAgentDraft());
    editor.open({ mode: 'create' });
  };
  const openEdit = (agent: AdminAgent) => {
    setDraft(agentToDraft(agent));
    editor.open({ mode: 'edit', item: agent });
  };
  const save = () => {
    const editing = editor.editing;
    if (editing === null) return;
    void editor.save(async () => {
      if (editing.mode === 'edit') {
        const changes = changedFields(editableFields(agentToDraft(editing.item)), editableFields(draft));
        if (Object.keys(changes).length > 0) await updateAgent(editing.item.id, changes);
        return;
      }
      await createAgent(createBody(draft));
    }, list.reload);
  };

  const fields = editor.fields;
  const editing = editor.editing;
  const creating = editing?.mode === 'create';

  return (
    <AdminPage
      title="Agents"
      description="Who can sign in, how they take calls, and their SIP voice settings."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={
        <button type="button" className="button button-primary" onClick={openCreate}>
          New agent
        </button>
      }
    >
      {editing ? (
        <EditorPanel
          key={editing.mode === 'edit' ? editing.item.id : 'new'}
          title={
            editing.mode === 'create'
              ? 'New agent'
              : `${readOnly ? 'Agent' : 'Edit agent'} ${editing.item.userId}`
          }
          readOnly={readOnly}
          busy={editor.busy}
          error={editor.error}
          otherFieldErrors={unshownFieldErrors(fields, FORM_FIELDS)}
          submitLabel={creating ? 'Create agent' : 'Save changes'}
          onSubmit={save}
          onClose={editor.close}
          after={
            editing.mode === 'edit' ? (
              <>
                <AgentQueuesPanel agentId={editing.item.id} readOnly={readOnly} />
                {readOnly ? null : <AgentSecrets agent={editing.item} onChanged={list.reload} />}
              </>
            ) : null
          }
        >
          <fieldset className="form-section">
            <legend>Account</legend>
            <div className="form-grid">
              <TextField
                id="agent-user-id"
                label="User ID"
                value={draft.userId}
                onChange={(v) => set('userId', v)}
                error={fields.userId}
                hint={
                  creating
                    ? 'Digits; keyed when dialing in. It cannot be changed later.'
                    : 'The user ID cannot be changed.'
                }
                inputMode="numeric"
                disabled={readOnly || !creating}
              />
              <TextField
                id="agent-name"
                label="Name"
                value={draft.name}
                onChange={(v) => set('name', v)}
                error={fields.name}
                disabled={readOnly}
              />
              <SelectField
                id="agent-role"
                label="Role"
                value={draft.role}
                options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
                onChange={(v) => set('role', v as Role)}
                error={fields.role}
                disabled={readOnly}
              />
              {creating ? (
                <>
                  <TextField
                    id="agent-password"
                    label="Password"
                    type="password"
                    autoComplete="new-password"
                    value={draft.password}
                    onChange={(v) => set('password', v)}
                    error={fields.password}
                    hint="For signing in to this console."
                  />
                  <TextField
                    id="agent-pin"
                    label="PIN"
                    type="password"
                    inputMode="numeric"
                    value={draft.pin}
                    onChange={(v) => set('pin', v)}
                    error={fields.pin}
                    hint="Optional, 4 to 12 digits. Without a PIN the agent cannot dial in."
                  />
                </>
              ) : null}
              <CheckboxField
                id="agent-enabled"
                label="Enabled"
                checked={draft.enabled}
                onChange={(v) => set('enabled', v)}
                error={fields.enabled}
                hint="Disabled agents cannot sign in or dial in."
                disabled={readOnly}
              />
            </div>
          </fieldset>

          <fieldset className="form-section">
            <legend>Taking calls</legend>
            <div className="form-grid">
              <CheckboxField
                id="agent-hot-desk"
                label="Hot desk"
                checked={draft.hotDesk}
                onChange={(v) => set('hotDesk', v)}
                error={fields.hotDesk}
                hint="At sign-in the agent picks one of the free registered phones."
                disabled={readOnly}
              />
              <TextField
                id="agent-mobile"
                label="Mobile number"
                type="tel"
                value={draft.mobileNumber}
                onChange={(v) => set('mobileNumber', v)}
                error={fields.mobileNumber}
                hint="Offers the Mobile interface; empty for none."
                disabled={readOnly}
              />
              <SelectField
                id="agent-default-interface"
                label="Default interface"
                value={draft.defaultInterface}
                options={[
                  { value: '', label: 'None' },
                  ...INTERFACES.map((i) => ({ value: i, label: INTERFACE_NAMES[i] })),
                ]}
                onChange={(v) => set('defaultInterface', v as Interface | '')}
                error={fields.defaultInterface}
                disabled={readOnly}
              />
            </div>
          </fieldset>

          <VoiceSettingsFieldset
            value={draft.voice}
            onChange={(v) => set('voice', v)}
            fields={fields}
            readOnly={readOnly}
          />
        </EditorPanel>
      ) : null}

      <div className="toolbar">
        <TextField
          id="agent-search"
          label="Search agents"
          type="search"
          value={query}
          onChange={setQuery}
          placeholder="User ID or name"
          className="toolbar-search"
        />
        {agents ? (
          <p className="muted toolbar-count" aria-live="polite">
            {shown.length} of {agents.length} agents
          </p>
        ) : null}
      </div>

      {agents === null ? (
        list.error ? null : (
          <p className="muted">Loading agents…</p>
        )
      ) : shown.length === 0 ? (
        <p className="empty">{agents.length === 0 ? 'No agents yet.' : 'No agent matches your search.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">User ID</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Takes calls on</th>
                <th scope="col">Dial-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((agent) => (
                <tr key={agent.id} className={agent.enabled ? undefined : 'row-disabled'}>
                  <td data-label="User ID" className="mono">
                    {agent.userId}
                  </td>
                  <td data-label="Name" className="cell-strong">
                    {agent.name}
                  </td>
                  <td data-label="Role">{ROLE_NAMES[agent.role] ?? agent.role}</td>
                  <td data-label="Takes calls on">
                    {agent.hotDesk
                      ? 'Hot desk'
                      : agent.defaultInterface
                        ? INTERFACE_NAMES[agent.defaultInterface]
                        : 'Agent chooses'}
                  </td>
                  <td data-label="Dial-in">{agent.hasPin ? 'PIN set' : 'No PIN'}</td>
                  <td data-label="Status">
                    <EnabledBadge enabled={agent.enabled} />
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => openEdit(agent)}
                      aria-label={`${readOnly ? 'View' : 'Edit'} ${agent.name}`}
                    >
                      {readOnly ? 'View' : 'Edit'}
                    </button>
                    {readOnly ? null : (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        disabled={rowAction.busy || agent.id === me.id}
                        aria-label={`${agent.enabled ? 'Disable' : 'Enable'} ${agent.name}`}
                        onClick={() =>
                          rowAction.run(
                            () => updateAgent(agent.id, { enabled: !agent.enabled }),
                            list.reload,
                            `${agent.enabled ? 'disable' : 'enable'} ${agent.name}`,
                          )
                        }
                      >
                        {agent.enabled ? 'Disable' : 'Enable'}
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
