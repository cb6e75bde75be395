import { useMemo, useState } from 'react';
import { createAgent, listAgents, listLocks, updateAgent } from '../../api/endpoints.ts';
import {
  type AdminAgent,
  INTERFACES,
  type Interface,
  type LockEntry,
  type Me,
  ROLES,
  type Role,
} from '../../api/types.ts';
import { type AdminColumn, AdminTable } from '../../components/admin-table.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { LockedBadge } from '../../components/locked-badge.tsx';
import { EnabledBadge } from '../../components/registration-badge.tsx';
import { AgentLocksPanel } from '../locks/agent-locks-panel.tsx';
import { AdminPage } from './admin-page.tsx';
import { type AgentDraft, agentToDraft, createBody, editableFields, emptyAgentDraft } from './agent-draft.ts';
import { AgentQueuesPanel } from './agent-queues-panel.tsx';
import { AgentSecrets } from './agent-secrets.tsx';
import { changedFields } from './changed-fields.ts';
import { NewRecordButton } from './new-record-button.tsx';
import { RecordEditor } from './record-editor.tsx';
import { RecordRowActions } from './record-row-actions.tsx';
import { useLoaded } from './use-loaded.ts';
import { useRecordForm } from './use-record-form.ts';
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

const NO_LOCKS: readonly LockEntry[] = [];

function columns(locksOf: (agent: AdminAgent) => readonly LockEntry[]): AdminColumn<AdminAgent>[] {
  return [
    { header: 'User ID', className: 'mono', cell: (a) => a.userId },
    { header: 'Name', className: 'cell-strong', cell: (a) => a.name },
    { header: 'Role', cell: (a) => ROLE_NAMES[a.role] ?? a.role },
    {
      header: 'Takes calls on',
      cell: (a) =>
        a.hotDesk ? 'Hot desk' : a.defaultInterface ? INTERFACE_NAMES[a.defaultInterface] : 'Agent chooses',
    },
    { header: 'Dial-in', cell: (a) => (a.hasPin ? 'PIN set' : 'No PIN') },
    {
      header: 'Status',
      cell: (a) => (
        <>
          <EnabledBadge enabled={a.enabled} />
          <LockedBadge locks={locksOf(a)} />
        </>
      ),
    },
  ];
}

export function AgentsScreen({ me }: { me: Me }) {
  const readOnly = me.role !== 'admin';
  const list = useLoaded(listAgents);
  const locks = useLoaded(listLocks);
  const rowAction = useRowAction();
  const form = useRecordForm<AdminAgent, AgentDraft>({
    empty: emptyAgentDraft,
    toDraft: agentToDraft,
    create: (draft) => createAgent(createBody(draft)),
    update: async (agent, draft) => {
      const changes = changedFields(editableFields(agentToDraft(agent)), editableFields(draft));
      if (Object.keys(changes).length > 0) await updateAgent(agent.id, changes);
    },
    onSaved: list.reload,
  });
  const [query, setQuery] = useState('');
  const { draft, set } = form;

  const agents = list.data?.agents ?? null;
  const shown = useMemo(() => (agents ?? []).filter((a) => matches(a, query)), [agents, query]);

  const locksByUser = useMemo(() => {
    const byUser = new Map<string, LockEntry[]>();
    for (const lock of locks.data?.locks ?? []) {
      if (lock.userId === null) continue;
      byUser.set(lock.userId, [...(byUser.get(lock.userId) ?? []), lock]);
    }
    return byUser;
  }, [locks.data]);
  const locksOf = (agent: AdminAgent) => locksByUser.get(agent.userId) ?? NO_LOCKS;
  const tableColumns = columns(locksOf);

  const fields = form.editor.fields;
  const creating = form.editor.editing?.mode === 'create';

  return (
    <AdminPage
      title="Agents"
      description="Who can sign in, how they take calls, and their SIP voice settings."
      readOnly={readOnly}
      error={list.error ?? rowAction.error}
      actions={<NewRecordButton noun="agent" onClick={form.openCreate} />}
    >
      <RecordEditor
        editor={form.editor}
        noun="agent"
        readOnly={readOnly}
        recordKey={(a) => a.id}
        recordLabel={(a) => a.userId}
        formFields={FORM_FIELDS}
        onSubmit={form.submit}
        after={(agent) => (
          <>
            <AgentLocksPanel agent={agent} locks={locksOf(agent)} readOnly={readOnly} reload={locks.reload} />
            <AgentQueuesPanel agentId={agent.id} readOnly={readOnly} />
            {readOnly ? null : <AgentSecrets agent={agent} onChanged={list.reload} />}
          </>
        )}
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
      </RecordEditor>

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

      <AdminTable
        items={agents === null ? null : shown}
        loadError={list.error}
        loadingText="Loading agents…"
        emptyText={agents?.length === 0 ? 'No agents yet.' : 'No agent matches your search.'}
        columns={tableColumns}
        rowKey={(a) => a.id}
        rowClassName={(a) => (a.enabled ? undefined : 'row-disabled')}
        actions={(agent) => (
          <RecordRowActions
            name={agent.name}
            enabled={agent.enabled}
            readOnly={readOnly}
            rowAction={rowAction}
            onEdit={() => form.openEdit(agent)}
            toggle={() => updateAgent(agent.id, { enabled: !agent.enabled })}
            reload={list.reload}
            toggleDisabled={agent.id === me.id}
          />
        )}
      />
    </AdminPage>
  );
}
