/** Settings of the routing apps: defaults, and bad values refused at registration (startup). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createCallerLookupApp,
  createExtensionRouterApp,
  resolveLookupSettings,
  resolveRouterSettings,
} from '../../../src/apps/index.ts';

const noDirectory = { directory: {} as never };
const noCallers = { callers: {} as never };

describe('routing settings', () => {
  test('defaults', () => {
    const router = resolveRouterSettings();
    assert.equal(router.mobileTrunkContext, 'callgate-mobile');
    assert.equal(router.prompts.unknown, 'ss-noservice');
    // An undefined value (a serve option not given) keeps the default.
    assert.equal(
      resolveRouterSettings({ mobileTrunkContext: undefined }).mobileTrunkContext,
      'callgate-mobile',
    );
    const lookup = resolveLookupSettings();
    assert.deepEqual([lookup.greeting, lookup.vipContext, lookup.setCallerIdName], ['none', null, false]);
  });

  test('bad router settings throw at registration, naming the setting', () => {
    const bad: Array<[object, RegExp]> = [
      [{ mobileTrunkContext: 'a,b' }, /mobileTrunkContext/],
      [{ dialOptions: 'tT,L(1000)' }, /dialOptions/],
      [{ voicemailMainOptions: 's&' }, /voicemailMainOptions/],
      [{ prompts: { unknown: 'no such file' } }, /prompt unknown/],
    ];
    for (const [settings, message] of bad) {
      assert.throws(() => createExtensionRouterApp({ services: noDirectory, settings }), message);
    }
  });

  test('bad caller-lookup settings throw at registration, naming the setting', () => {
    const bad: Array<[object, RegExp]> = [
      [{ greeting: 'tts' }, /greeting/],
      [{ vipContext: 'vip context' }, /vipContext/],
      [{ vipPriority: 0 }, /vipPriority/],
      [{ numberRules: { countryCode: '+44' } }, /countryCode/],
      [{ greetingPrompt: 'hello;world' }, /greetingPrompt/],
    ];
    for (const [settings, message] of bad) {
      assert.throws(() => createCallerLookupApp({ services: noCallers, settings }), message);
    }
  });
});
