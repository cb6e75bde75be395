import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_RESULTS } from '../src/api/types.ts';
import { auditResultBadge, auditResultLabel } from '../src/screens/admin/audit-result.ts';

test('every result the filter offers has words of its own', () => {
  for (const result of AUDIT_RESULTS) {
    assert.notEqual(auditResultLabel(result), result.replaceAll('_', ' '), result);
  }
  assert.equal(auditResultLabel('leg_connected'), 'Phone connected');
  assert.equal(auditResultLabel('something_new'), 'something new');
});

test('refused sign-ins stand out; session events stay neutral', () => {
  assert.equal(auditResultBadge('auth', 'ok'), 'badge badge-ok');
  assert.equal(auditResultBadge('auth', 'locked'), 'badge badge-warn');
  assert.equal(auditResultBadge('session', 'ended'), 'badge');
});
