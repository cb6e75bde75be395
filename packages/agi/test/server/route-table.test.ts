import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAgiError } from '../../src/errors.ts';
import { FALLBACK_ROUTE, normalizeScriptPath, RouteTable } from '../../src/server/route-table.ts';

describe('RouteTable', () => {
  test('matches an exact path, ignoring leading and trailing slashes', () => {
    const t = new RouteTable<string>();
    t.add('agent-dial-in', 'a');
    assert.deepEqual(t.match('agent-dial-in'), { route: 'agent-dial-in', params: {}, value: 'a' });
    assert.equal(t.match('/agent-dial-in/')?.value, 'a');
    assert.equal(t.match('agent-dial-in/x'), undefined);
    assert.equal(t.match('Agent-Dial-In'), undefined);
  });

  test('extracts parameters and percent-decodes them', () => {
    const t = new RouteTable<string>();
    t.add('users/:id', 'u');
    t.add('users/:id/calls/:call', 'c');
    assert.deepEqual(t.match('users/42'), { route: 'users/:id', params: { id: '42' }, value: 'u' });
    assert.deepEqual(t.match('users/a%20b/calls/7')?.params, { id: 'a b', call: '7' });
    assert.deepEqual(t.match('users/%E0%A4%A')?.params, { id: '%E0%A4%A' });
    assert.equal(t.match('users'), undefined);
    assert.equal(t.match('users//calls/1'), undefined);
  });

  test('exact routes win over parameters, and more static segments win', () => {
    const t = new RouteTable<string>();
    t.add('users/:id', 'param');
    t.add(':section/me', 'section');
    t.add('users/me', 'exact');
    t.add('users/:id/x', 'px');
    t.add('users/all/:x', 'static-first');
    assert.equal(t.match('users/me')?.value, 'exact');
    assert.equal(t.match('users/7')?.value, 'param');
    assert.equal(t.match('orders/me')?.value, 'section');
    assert.equal(t.match('users/all/x')?.value, 'static-first');
  });

  test('the fallback catches everything else and reports the * route', () => {
    const t = new RouteTable<string>();
    t.add('hello', 'h');
    assert.equal(t.match('nope'), undefined);
    t.setFallback('f');
    assert.deepEqual(t.match('nope/deeper'), { route: FALLBACK_ROUTE, params: {}, value: 'f' });
    assert.equal(t.match('')?.value, 'f');
    assert.equal(t.match('hello')?.value, 'h');
  });

  test('refuses duplicate and malformed patterns with AGI_ERR_BAD_ARGUMENT', () => {
    const t = new RouteTable<string>();
    t.add('a', '1');
    t.add('b/:id', '1');
    for (const bad of ['a', '/a/', 'b/:id', '', '/', 'x?y=1', 'x//y', 'x/:', 'x/:id/:id']) {
      assert.throws(
        () => t.add(bad, '2'),
        (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
        bad,
      );
    }
  });

  test('normalizeScriptPath trims slashes only', () => {
    assert.equal(normalizeScriptPath('//a/b//'), 'a/b');
    assert.equal(normalizeScriptPath('a'), 'a');
    assert.equal(normalizeScriptPath('///'), '');
  });
});
