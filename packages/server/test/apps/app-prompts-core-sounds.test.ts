/**
 * Every prompt an app plays by default must exist on a stock Asterisk: the English core sounds
 * (packages/agi/test/fixtures/core-sounds-en.txt). A missing one plays nothing and fails the AGI,
 * as the lab's Asterisk showed with the old apology `an-error-has-occurred` (recording C14).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { coreSoundsEn, SoundLibrary } from '@callgate/agi/testing';
import { DEFAULT_DIAL_IN_PROMPTS } from '../../src/apps/agent-dial-in/dial-in-settings.ts';
import { DEFAULT_LOOKUP_SETTINGS } from '../../src/apps/caller-lookup/lookup-settings.ts';
import { DEFAULT_ROUTER_PROMPTS } from '../../src/apps/extension-router/router-settings.ts';
import { openRoutingHarness, type RoutingHarness } from './routing/routing-harness.ts';

const recordedList = readFileSync(
  new URL('../../../agi/test/fixtures/core-sounds-en.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l !== '');

describe('default prompts of the apps are Asterisk core sounds', () => {
  test("the simulator's list is the recorded one (core-sounds-en.ts is generated from the fixture)", () => {
    assert.equal(coreSoundsEn.length, 568);
    assert.deepEqual([...coreSoundsEn], recordedList);
  });

  const defaults: Array<[string, object]> = [
    ['agent-dial-in', DEFAULT_DIAL_IN_PROMPTS],
    ['extension-router', DEFAULT_ROUTER_PROMPTS],
    ['caller-lookup', { greetingPrompt: DEFAULT_LOOKUP_SETTINGS.greetingPrompt }],
  ];
  for (const [app, prompts] of defaults) {
    test(`${app}: every default prompt is a core sound`, () => {
      const missing = Object.entries(prompts).filter(([, name]) => !SoundLibrary.isCoreSound(name));
      assert.deepEqual(missing, []);
    });
  }

  test('the apology says something: "Please try your call again later." (no an-error-has-occurred)', () => {
    assert.equal(DEFAULT_DIAL_IN_PROMPTS.apology, 'please-try-call-later');
    assert.equal(DEFAULT_ROUTER_PROMPTS.apology, 'please-try-call-later');
    assert.equal(SoundLibrary.isCoreSound('an-error-has-occurred'), false);
  });
});

describe('C14: a prompt that is not a core sound, as the lab recorded it', () => {
  let h: RoutingHarness;
  before(async () => {
    // The recording's settings: --router-prompts {"unknown":"an-error-has-occurred"}, and the
    // apology of that time, the same missing file.
    h = await openRoutingHarness({
      extensionRouter: { prompts: { unknown: 'an-error-has-occurred', apology: 'an-error-has-occurred' } },
    });
  });
  after(() => h.close());

  test('unknown extension 199: STREAM FILE fails (result=-1 endpos=0), route error, AGISTATUS FAILURE', async () => {
    const recorded = readFileSync(
      new URL(
        '../fixtures/ami-transcripts/C14-router-missing-prompt-an-error-has-occurred.txt',
        import.meta.url,
      ),
      'utf8',
    );
    // The AGI commands Asterisk ran, from the AGIExecStart events the lab saw over AMI.
    const commands = [...recorded.matchAll(/^Event: AGIExecStart\n(?:.*\n)*?Command: (.*)$/gm)].map(
      (m) => m[1],
    );
    const rec = await h.call('extension-router', { args: ['199'] });
    const sent = rec.transcript.filter((l) => l.from === 'app').map((l) => l.line);
    assert.deepEqual(sent, commands);
    const replies = rec.transcript.filter((l) => l.from === 'asterisk').map((l) => l.line);
    assert.equal(replies.filter((l) => l === '200 result=-1 endpos=0').length, 2, 'both plays failed');
    assert.deepEqual(
      rec.prompts.map((p) => p.file),
      [],
      'nothing was played',
    );
    assert.equal(rec.variables.CALLGATE_ROUTE, 'error');
    // C14: "VarSet AGISTATUS FAILURE".
    assert.match(recorded, /Variable: AGISTATUS\nValue: FAILURE/);
    assert.equal(rec.agiStatus, 'FAILURE');
  });

  test('with the default apology the same call fails cleanly on a core sound', async () => {
    const router = await openRoutingHarness({
      extensionRouter: { prompts: { unknown: 'an-error-has-occurred' } },
    });
    try {
      const rec = await router.call('extension-router', { args: ['199'] });
      assert.deepEqual(
        rec.prompts.map((p) => p.file),
        ['please-try-call-later'],
      );
      assert.equal(rec.variables.CALLGATE_ROUTE, 'error');
    } finally {
      await router.close();
    }
  });
});
