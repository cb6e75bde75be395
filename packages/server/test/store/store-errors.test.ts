import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError, isDomainError } from '../../src/domain/domain-error.ts';
import { isUnavailableError, translateStoreError } from '../../src/store/store-errors.ts';

test('unique violations map to the rule they protect, on both drivers', () => {
  const cases: Array<[object, string]> = [
    [
      { code: '23505', constraint: 'ux_agent_sessions_open_device', message: 'duplicate key' },
      'E_DEVICE_IN_USE',
    ],
    [
      { code: '23505', constraint: 'ux_agent_sessions_open_agent', message: 'duplicate key' },
      'E_SESSION_EXISTS',
    ],
    [{ code: '23505', constraint: 'agents_user_id_key', message: 'duplicate key' }, 'E_DUPLICATE_USER'],
    [
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: agent_sessions.conference' },
      'E_NO_ROOM',
    ],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: other.thing' }, 'E_DUPLICATE'],
  ];
  for (const [err, code] of cases) {
    const out = translateStoreError(err, 'test');
    assert.ok(isDomainError(out, code as never), `${JSON.stringify(err)} → ${String(out)}`);
  }
});

test('connection and file errors become E_STORE_UNAVAILABLE; others pass through', () => {
  for (const err of [
    { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
    { code: 'SQLITE_READONLY_DBMOVED' },
  ]) {
    assert.ok(isUnavailableError(err));
    assert.ok(isDomainError(translateStoreError(err, 'x'), 'E_STORE_UNAVAILABLE'));
  }
  const bug = new TypeError('x is not a function');
  assert.equal(translateStoreError(bug, 'x'), bug);
  const domain = new DomainError('E_STATE', 'no');
  assert.equal(translateStoreError(domain, 'x'), domain);
});
