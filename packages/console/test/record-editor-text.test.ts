import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordEditorSubmitLabel, recordEditorTitle } from '../src/screens/admin/record-editor-text.ts';

test('a new record form is headed "New <noun>" and submits with "Create <noun>"', () => {
  assert.equal(recordEditorTitle('pause code', false, { mode: 'create' }), 'New pause code');
  assert.equal(recordEditorSubmitLabel('pause code', 'create'), 'Create pause code');
});

test('an edit form names the record; a supervisor sees the capitalised noun without "Edit"', () => {
  const editing = { mode: 'edit', label: 'LUNCH' } as const;
  assert.equal(recordEditorTitle('pause code', false, editing), 'Edit pause code LUNCH');
  assert.equal(recordEditorTitle('pause code', true, editing), 'Pause code LUNCH');
  assert.equal(recordEditorSubmitLabel('pause code', 'edit'), 'Save changes');
});
