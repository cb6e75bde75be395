import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDialInOptions } from '../../src/apps/agent-dial-in/dial-in-options.ts';
import { resolveDialInSettings } from '../../src/apps/agent-dial-in/dial-in-settings.ts';

test('no options: PIN required, no call menu', () => {
  assert.deepEqual(parseDialInOptions([], {}), {
    options: { loginMode: 'pin', callMenu: false },
    problems: [],
  });
});

test('VICIdial A---B argument', () => {
  const cases: Array<[string, string, boolean]> = [
    ['N---N', 'pin', false],
    ['Y---Y', 'id-only', true],
    ['CONTACTS---Y', 'contacts', true],
    ['contacts', 'contacts', false],
    ['Y', 'id-only', false],
    ['---Y', 'pin', true],
    ['N---', 'pin', false],
  ];
  for (const [arg, loginMode, callMenu] of cases) {
    const parsed = parseDialInOptions([arg], {});
    assert.deepEqual(parsed.options, { loginMode, callMenu }, arg);
    assert.deepEqual(parsed.problems, [], arg);
  }
});

test('named query parameters win over the argument', () => {
  const parsed = parseDialInOptions(['N---N'], { login: 'CONTACTS', callMenu: 'yes' });
  assert.deepEqual(parsed.options, { loginMode: 'contacts', callMenu: true });
  assert.deepEqual(parseDialInOptions([], { options: 'Y---Y' }).options, {
    loginMode: 'id-only',
    callMenu: true,
  });
  assert.deepEqual(parseDialInOptions([], { login: 'id-only', CALLMENU: 'N' }).options, {
    loginMode: 'id-only',
    callMenu: false,
  });
});

test('unknown values are problems and fall back to the safe default, never to an earlier source', () => {
  const parsed = parseDialInOptions(['Y---Y'], { login: 'maybe', callmenu: 'sometimes' });
  assert.deepEqual(parsed.options, { loginMode: 'pin', callMenu: false });
  assert.deepEqual(
    parsed.problems.map((p) => [p.source, p.value]),
    [
      ['query login', 'maybe'],
      ['query callMenu', 'sometimes'],
    ],
  );
  const odd = parseDialInOptions(['X---Q---Z'], {});
  assert.deepEqual(odd.options, { loginMode: 'pin', callMenu: false });
  assert.equal(odd.problems.length, 3);
});

test('settings: defaults, overrides and refusals', () => {
  const settings = resolveDialInSettings({ attempts: 5, prompts: { userId: 'custom/enter-id' } });
  assert.equal(settings.attempts, 5);
  assert.equal(settings.prompts.userId, 'custom/enter-id');
  assert.equal(settings.prompts.pin, 'agent-pass');
  assert.equal(settings.bridge, 'confbridge');
  assert.throws(() => resolveDialInSettings({ attempts: 0 }), /attempts/);
  assert.throws(() => resolveDialInSettings({ noSession: 'wait' as 'hold' }), /noSession/);
  assert.throws(() => resolveDialInSettings({ prompts: { pin: 'agent pass' } }), /pin is not a plain name/);
  assert.throws(() => resolveDialInSettings({ bridgeProfile: 'a,b' }), /bridgeProfile/);
});
