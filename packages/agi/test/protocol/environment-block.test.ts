import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { AgiEnvironment } from '../../src/protocol/environment.ts';
import { parseEnvironment } from '../../src/protocol/environment.ts';
import { parseEnvironmentBlock, usualEnvironment } from '../../src/protocol/environment-block.ts';
import { BASIC_ENVIRONMENT_LINES } from '../fixtures/basic-environment.ts';

const BASIC = [...BASIC_ENVIRONMENT_LINES];

/** What parseEnvironment gives for the lines, or the message it throws. */
function lineByLine(lines: string[]): AgiEnvironment | string {
  try {
    return parseEnvironment(lines);
  } catch (error) {
    return (error as Error).message;
  }
}

function asBlock(lines: string[]): AgiEnvironment | string {
  try {
    return parseEnvironmentBlock(lines.map((line) => `${line}\n`).join(''));
  } catch (error) {
    return (error as Error).message;
  }
}

/** Same fields in the same order, same derived properties, same args. */
function assertSame(lines: string[]): void {
  const block = asBlock(lines);
  const expected = lineByLine(lines);
  assert.deepEqual(block, expected, lines.join('|'));
  if (typeof block !== 'string' && typeof expected !== 'string') {
    assert.deepEqual(Object.keys(block.fields), Object.keys(expected.fields), 'field order');
  }
}

test('a block gives what the same lines give one by one, for the usual layout and any other', () => {
  const stdio = BASIC.slice(2);
  const layouts: string[][] = [
    BASIC,
    [...BASIC, 'agi_arg_1: first', 'agi_arg_2: a: b', 'agi_arg_3: '],
    [...BASIC, ...Array.from({ length: 12 }, (_, i) => `agi_arg_${i + 1}: x${i}`)],
    [...BASIC, 'agi_arg_2: two', 'agi_arg_1: one'],
    [...BASIC, 'agi_arg_1: one', 'agi_arg_1: again'],
    [...BASIC, 'agi_arg_01: zero-padded'],
    [...BASIC, 'agi_channel: SIP/late'],
    [...BASIC, 'agi_custom: x'],
    [...BASIC, 'garbage'],
    [...BASIC.slice(0, 5), 'agi_channel:no-space', ...BASIC.slice(5)],
    BASIC.map((line) => `${line}\r`),
    BASIC.map((line) => line.replace(': ', ': é€😀 ')),
    BASIC.slice(0, -1),
    stdio,
    [],
  ];
  for (const lines of layouts) assertSame(lines);
});

test('property: any block parses as its lines do, or fails with the same error', () => {
  const value = fc.string({ unit: 'grapheme' }).map((s) => s.replaceAll('\n', ' '));
  // The 22 usual lines (the fixture's agi_arg_N lines are left to argsInOrder).
  const head = BASIC.filter((line) => !line.startsWith('agi_arg_'));
  const usual = fc
    .array(value, { minLength: head.length, maxLength: head.length })
    .map((values) => head.map((line, i) => `${line.slice(0, line.indexOf(': '))}: ${values[i]}`));
  const extra = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 12 }), value).map(([n, v]) => `agi_arg_${n}: ${v}`),
    value.map((v) => `agi_x: ${v}`),
    value,
  );
  const argsInOrder = fc
    .array(value, { maxLength: 10 })
    .map((values) => values.map((v, i) => `agi_arg_${i + 1}: ${v}`));
  fc.assert(
    fc.property(usual, argsInOrder, fc.array(extra, { maxLength: 3 }), (lines, args, more) => {
      const text = [...lines, ...args].map((line) => `${line}\n`).join('');
      assert.equal(usualEnvironment(text) !== undefined, args.length <= 8, 'the one-pass parser took it');
      assertSame([...lines, ...args]);
      assertSame([...lines, ...args, ...more]);
    }),
  );
});
