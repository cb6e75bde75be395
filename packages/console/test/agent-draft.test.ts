import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdminAgent } from '../src/api/types.ts';
import {
  agentToDraft,
  createBody,
  editableFields,
  emptyAgentDraft,
} from '../src/screens/admin/agent-draft.ts';
import { changedFields } from '../src/screens/admin/changed-fields.ts';

const alice: AdminAgent = {
  id: 7,
  userId: '1001',
  name: 'Alice',
  role: 'agent',
  hotDesk: false,
  mobileNumber: null,
  defaultInterface: 'dialin',
  canDialIn: true,
  enabled: true,
  hasPin: true,
  voice: { ...emptyAgentDraft().voice },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

test('a new agent is sent with its user ID and enabled flag, without a PIN when none was typed', () => {
  const draft = {
    ...emptyAgentDraft(),
    userId: ' 1002 ',
    name: 'Bob',
    password: 'pw-123456',
    enabled: false,
  };
  const body = createBody(draft);
  assert.equal(body.enabled, false);
  assert.equal('pin' in body, false);
  assert.equal(body.userId, '1002');
  assert.equal(body.mobileNumber, null);
  assert.equal(body.defaultInterface, null);
  assert.equal(createBody({ ...draft, pin: '4321' }).pin, '4321');
});

test('an edit sends only what changed, never a secret nor the user ID', () => {
  const draft = {
    ...agentToDraft(alice),
    userId: '2002',
    name: 'Alice B',
    mobileNumber: '+44 7700 900123',
    password: 'typed',
    pin: '9999',
  };
  const changes = changedFields(editableFields(agentToDraft(alice)), editableFields(draft));
  assert.deepEqual(changes, { name: 'Alice B', mobileNumber: '+44 7700 900123' });
});

test('reordering codecs is a change; an untouched form is none', () => {
  const base = editableFields(agentToDraft(alice));
  assert.deepEqual(changedFields(base, editableFields(agentToDraft(alice))), {});
  const reordered = agentToDraft(alice);
  reordered.voice = { ...reordered.voice, codecs: [...reordered.voice.codecs].reverse() };
  assert.deepEqual(Object.keys(changedFields(base, editableFields(reordered))), ['voice']);
});
