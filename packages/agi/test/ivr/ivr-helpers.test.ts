/**
 * The IVR helpers on a real AgiChannel: a FastAGI server on 127.0.0.1 and the simulated Asterisk
 * calling it over real sockets, with scripted caller keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AgiChannel } from '../../src/channel/agi-channel.ts';
import { isAgiError } from '../../src/errors.ts';
import {
  allOf,
  collectDigits,
  digitsOnly,
  lengthBetween,
  type MenuResult,
  menu,
  oneOf,
} from '../../src/ivr/index.ts';
import { type AgiServer, createAgiServer } from '../../src/server/index.ts';
import { type CallerAction, type CallRecording, simulateCall } from '../../src/testing/index.ts';

type Flow = (channel: AgiChannel) => Promise<unknown>;

let server: AgiServer;
let port = 0;
const flows = new Map<string, Flow>();
const results = new Map<string, unknown>();

before(async () => {
  server = createAgiServer();
  // Each test registers its flow under an id passed as the `t` query parameter.
  server.route('ivr', async (channel, call) => {
    const id = call.query.t ?? '';
    const flow = flows.get(id);
    if (!flow) throw new Error(`no flow ${id}`);
    try {
      results.set(id, await flow(channel));
    } catch (err) {
      results.set(id, err);
    }
  });
  ({ port } = await server.listen({ port: 0, host: '127.0.0.1' }));
});

after(async () => {
  await server.close({ deadlineMs: 500 });
});

let nextId = 0;
async function run<T>(
  flow: (channel: AgiChannel) => Promise<T>,
  caller: CallerAction[],
): Promise<{ result: T; rec: CallRecording }> {
  const id = String(++nextId);
  flows.set(id, flow);
  // The helpers are under test, not the prompts: any prompt name plays (1 s).
  const rec = await simulateCall({
    url: `agi://127.0.0.1:${port}/ivr?t=${id}`,
    answered: true,
    caller,
    sounds: { anySoundMs: 1000 },
  });
  return { result: results.get(id) as T, rec };
}

const prompts = (rec: CallRecording) => rec.prompts.map((p) => p.file);
const getDataLines = (rec: CallRecording) =>
  rec.transcript.filter((t) => t.from === 'app' && t.line.startsWith('GET DATA')).map((t) => t.line);

describe('collectDigits', () => {
  test('digits ended by # on the first attempt, sent as one GET DATA with timeout and max digits', async () => {
    const { result, rec } = await run(
      (ch) => collectDigits(ch, { prompt: 'agent-user', maxDigits: 6, timeoutMs: 4000 }),
      [{ keys: '1001#' }],
    );
    assert.deepEqual(result, { ok: true, digits: '1001', attempt: 1 });
    assert.deepEqual(getDataLines(rec), ['GET DATA agent-user 4000 6']);
  });

  test('max digits reached ends the entry without #', async () => {
    const { result } = await run(
      (ch) => collectDigits(ch, { prompt: 'p', maxDigits: 3 }),
      [{ keys: '12345' }],
    );
    assert.deepEqual(result, { ok: true, digits: '123', attempt: 1 });
  });

  test('nothing keyed, then an entry: the timeout prompt between, the retry prompt after', async () => {
    const { result, rec } = await run(
      (ch) =>
        collectDigits(ch, {
          prompt: 'enter-code',
          retryPrompt: 'enter-code-again',
          timeoutPrompt: 'please-try-again',
          invalidPrompt: 'invalid',
          timeoutMs: 2000,
        }),
      [{ keys: '42#', at: { prompt: 'enter-code-again' } }],
    );
    assert.deepEqual(result, { ok: true, digits: '42', attempt: 2 });
    assert.deepEqual(prompts(rec), ['enter-code', 'please-try-again', 'enter-code-again']);
  });

  test('a refused entry plays the invalid prompt; validators compose; async validators work', async () => {
    const validate = allOf(digitsOnly, lengthBetween(4, 6), async (d) => d !== '0000');
    const { result, rec } = await run(
      (ch) => collectDigits(ch, { prompt: 'pin', validate, invalidPrompt: 'invalid', attempts: 4 }),
      [{ keys: '12#*123#0000#4321#' }],
    );
    assert.deepEqual(result, { ok: true, digits: '4321', attempt: 4 });
    assert.deepEqual(prompts(rec), ['pin', 'invalid', 'pin', 'invalid', 'pin', 'invalid', 'pin']);
  });

  test('a partial entry cut by the digit timeout is judged like any other', async () => {
    const { result } = await run(
      (ch) => collectDigits(ch, { prompt: 'p', minDigits: 4, attempts: 1, timeoutMs: 1000 }),
      [{ keys: '12' }],
    );
    assert.deepEqual(result, { ok: false, reason: 'invalid', attempt: 1 });
  });

  test('every attempt failing returns the reason of the last one', async () => {
    const { result, rec } = await run(
      (ch) => collectDigits(ch, { prompt: 'p', validate: oneOf('7'), attempts: 2, timeoutMs: 1000 }),
      [{ keys: '5#' }],
    );
    assert.deepEqual(result, { ok: false, reason: 'timeout', attempt: 2 });
    assert.equal(getDataLines(rec).length, 2);
  });

  test('# alone counts as no input', async () => {
    const { result } = await run((ch) => collectDigits(ch, { prompt: 'p', attempts: 1 }), [{ keys: '#' }]);
    assert.deepEqual(result, { ok: false, reason: 'timeout', attempt: 1 });
  });

  const hangups: Array<[string, CallerAction[]]> = [
    ['during the prompt', [{ hangup: true, at: { prompt: 'p', afterMs: 100 } }]],
    [
      'while keying',
      [
        { keys: '1', at: { prompt: 'p', afterMs: 200 } },
        { hangup: true, at: { prompt: 'p', afterMs: 1500 } },
      ],
    ],
    [
      'during the follow-up prompt',
      [{ keys: '1#' }, { hangup: true, at: { prompt: 'invalid', afterMs: 100 } }],
    ],
  ];
  for (const [name, caller] of hangups) {
    test(`a hangup ${name} is an outcome, and no command follows it`, async () => {
      const { result, rec } = await run(
        (ch) =>
          collectDigits(ch, { prompt: 'p', validate: oneOf('9'), invalidPrompt: 'invalid', timeoutMs: 5000 }),
        caller,
      );
      assert.deepEqual(result, { ok: false, reason: 'hangup', attempt: 1 });
      assert.equal(rec.hungUpBy, 'caller');
      const afterHangup = rec.transcript.filter((t) => t.from === 'app' && t.at > (rec.hungUpAt ?? 0));
      assert.deepEqual(afterHangup, []);
    });
  }

  test('bad limits throw AGI_ERR_BAD_ARGUMENT before any command is sent', async () => {
    const { result, rec } = await run(
      (ch) => collectDigits(ch, { prompt: 'p', maxDigits: 2, minDigits: 3 }),
      [],
    );
    assert.ok(isAgiError(result, 'AGI_ERR_BAD_ARGUMENT'));
    assert.deepEqual(getDataLines(rec), []);
  });

  test('an aborted signal stops before the next attempt with AGI_ERR_ABORTED', async () => {
    const controller = new AbortController();
    const { result, rec } = await run(
      (ch) =>
        collectDigits(ch, {
          prompt: 'p',
          timeoutMs: 1000,
          signal: controller.signal,
          validate: () => {
            controller.abort();
            return false;
          },
        }),
      [{ keys: '1#' }],
    );
    assert.ok(isAgiError(result, 'AGI_ERR_ABORTED'));
    assert.equal(getDataLines(rec).length, 1);
  });

  test('a missing prompt file is thrown, not mistaken for a hangup', async () => {
    const id = String(++nextId);
    flows.set(id, (ch) => collectDigits(ch, { prompt: 'no-such-file' }));
    await simulateCall({
      url: `agi://127.0.0.1:${port}/ivr?t=${id}`,
      answered: true,
      sounds: { missing: ['no-such-file'] },
    });
    assert.ok(isAgiError(results.get(id), 'AGI_ERR_COMMAND_FAILED'));
  });
});

describe('menu', () => {
  const options = { '1': 'sales', '2': 'support', '0': 'operator' } as const;

  test('one key picks an option at once', async () => {
    const { result, rec } = await run((ch) => menu(ch, { prompt: 'main-menu', options }), [{ keys: '2' }]);
    assert.deepEqual(result, { ok: true, key: '2', value: 'support', attempt: 1 });
    assert.deepEqual(getDataLines(rec), ['GET DATA main-menu 5000 1']);
  });

  test('a wrong key, then a right one', async () => {
    const { result, rec } = await run(
      (ch) => menu(ch, { prompt: 'main-menu', options, invalidPrompt: 'option-is-invalid' }),
      [{ keys: '7' }, { keys: '0', at: { prompt: 'main-menu', nth: 2 } }],
    );
    assert.deepEqual(result, { ok: true, key: '0', value: 'operator', attempt: 2 });
    assert.deepEqual(prompts(rec), ['main-menu', 'option-is-invalid', 'main-menu']);
  });

  test('multi-digit keys and function values', async () => {
    let called = '';
    const { result } = await run(
      (ch) =>
        menu(ch, {
          prompt: 'm',
          options: { '11': (): string => (called = 'eleven'), '12': (): string => (called = 'twelve') },
        }),
      [{ keys: '12#' }],
    );
    const choice = result as MenuResult<() => string>;
    assert.ok(choice.ok);
    choice.value();
    assert.equal(called, 'twelve');
  });

  test('no choice after every attempt; options must be keys', async () => {
    const { result } = await run(
      (ch) => menu(ch, { prompt: 'm', options, attempts: 2, timeoutMs: 1000 }),
      [],
    );
    assert.deepEqual(result, { ok: false, reason: 'timeout', attempt: 2 });
    const bad = await run((ch) => menu(ch, { prompt: 'm', options: { '#': 1 } }), []);
    assert.ok(isAgiError(bad.result, 'AGI_ERR_BAD_ARGUMENT'));
  });
});
