// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Asterisk expressions such as ${VAR} are literal text here
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isAgiError } from '../../src/errors.ts';
import {
  assertLineFits,
  encodeArgument,
  encodeCommand,
  LEGACY_MAX_COMMAND_BYTES,
} from '../../src/protocol/command-encoder.ts';
import { parseArgs } from '../../src/protocol/parse-args.ts';

test('plain words go bare, as in the transcripts', () => {
  assert.equal(encodeCommand('ANSWER'), 'ANSWER');
  assert.equal(encodeCommand('GET VARIABLE', ['PROBEVAR']), 'GET VARIABLE PROBEVAR');
  assert.equal(encodeCommand('GET DATA', ['beep', 5000, 10]), 'GET DATA beep 5000 10');
  assert.equal(encodeCommand('WAIT FOR DIGIT', [-1]), 'WAIT FOR DIGIT -1');
  assert.equal(
    encodeCommand('GET FULL VARIABLE', ['${CALLERID(num)}']),
    'GET FULL VARIABLE ${CALLERID(num)}',
  );
});

test('empty strings, spaces, quotes and backslashes are quoted and escaped (transcripts/basic.txt)', () => {
  assert.equal(encodeCommand('STREAM FILE', ['beep', '']), 'STREAM FILE beep ""');
  assert.equal(
    encodeCommand('SET VARIABLE', ['TESTVAR', 'hello world']),
    'SET VARIABLE TESTVAR "hello world"',
  );
  assert.equal(
    encodeCommand('SET VARIABLE', ['QUOTED', `say "hi" and 'bye'`]),
    `SET VARIABLE QUOTED "say \\"hi\\" and 'bye'"`,
  );
  assert.equal(encodeCommand('SET VARIABLE', ['BACKSLASH', 'a\\b']), 'SET VARIABLE BACKSLASH "a\\\\b"');
  assert.equal(
    encodeCommand('SET CALLERID', ['"AGI Name" <5550000>']),
    'SET CALLERID "\\"AGI Name\\" <5550000>"',
  );
  assert.equal(encodeArgument('a\tb'), '"a\tb"');
  assert.equal(encodeArgument('grüße €'), '"grüße €"');
});

test('undefined trailing arguments are left out; a gap is refused', () => {
  assert.equal(encodeCommand('STREAM FILE', ['beep', '', undefined]), 'STREAM FILE beep ""');
  assert.throws(
    () => encodeCommand('SAY DATETIME', [0, '', undefined, 'UTC']),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
});

test('CR, LF and NUL are refused with AGI_ERR_BAD_ARGUMENT, never sent', () => {
  for (const bad of ['a\rb', 'a\nb', 'x\r', '\n', 'a\0b']) {
    assert.throws(
      () => encodeCommand('VERBOSE', [bad, 1]),
      (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
    );
  }
  assert.throws(
    () => encodeArgument('\uD800x'),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
  assert.throws(
    () => encodeArgument(Number.NaN),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
  assert.throws(
    () => encodeCommand('NOOP\r'),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
  assert.throws(
    () => encodeCommand(''),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
  assert.throws(
    () => encodeCommand('SET "x"'),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
  assert.throws(
    () => assertLineFits('NOOP\nNOOP'),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
});

test('the limit is 8191 bytes including the newline, counted in UTF-8 bytes', () => {
  const prefix = 'SET VARIABLE LONGVAR ';
  const fits = prefix + 'y'.repeat(8190 - prefix.length);
  assert.equal(encodeCommand('SET VARIABLE', ['LONGVAR', 'y'.repeat(8190 - prefix.length)]), fits);
  assert.throws(
    () => encodeCommand('SET VARIABLE', ['LONGVAR', 'y'.repeat(8191 - prefix.length)]),
    (e) => isAgiError(e, 'AGI_ERR_COMMAND_TOO_LONG'),
  );
  // 9000 bytes as in transcripts/longline.txt
  assert.throws(
    () => encodeCommand('SET VARIABLE', ['LONGVAR', 'y'.repeat(9000)]),
    (e) => isAgiError(e, 'AGI_ERR_COMMAND_TOO_LONG'),
  );
  // '€' is 3 bytes: 2730 of them plus the quotes are 8192 bytes, over the limit
  assert.throws(
    () => encodeCommand('X', ['€'.repeat(2730)]),
    (e) => isAgiError(e, 'AGI_ERR_COMMAND_TOO_LONG'),
  );
});

test('the limit is configurable for Asterisk 18 (2047)', () => {
  const arg = 'z'.repeat(2046 - 'NOOP '.length);
  assert.equal(encodeCommand('NOOP', [arg], { maxBytes: LEGACY_MAX_COMMAND_BYTES }).length, 2046);
  assert.throws(
    () => encodeCommand('NOOP', [`${arg}z`], { maxBytes: LEGACY_MAX_COMMAND_BYTES }),
    (e) => isAgiError(e, 'AGI_ERR_COMMAND_TOO_LONG'),
  );
});

test('more than 127 words is refused (Asterisk would truncate)', () => {
  const args = Array.from({ length: 126 }, (_, i) => String(i));
  assert.equal(parseArgs(encodeCommand('NOOP', args)).length, 127);
  assert.throws(
    () => encodeCommand('NOOP', [...args, 'x']),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
});

const sendable = fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !/[\r\n\0]/.test(s));

test('property: any value without CR/LF/NUL round-trips through the encoder and parse_args', () => {
  fc.assert(
    fc.property(fc.array(sendable, { maxLength: 8 }), (values) => {
      const line = encodeCommand('SET VARIABLE', values);
      assert.deepEqual(parseArgs(line), ['SET', 'VARIABLE', ...values]);
    }),
    { numRuns: 2000 },
  );
});

test('property: strings made of the special characters round-trip too', () => {
  const special = fc.string({
    unit: fc.constantFrom(' ', '\t', '"', '\\', 'a', "'", '(', ')'),
    maxLength: 20,
  });
  fc.assert(
    fc.property(fc.array(special, { maxLength: 5 }), (values) => {
      assert.deepEqual(parseArgs(encodeCommand('EXEC', values)), ['EXEC', ...values]);
    }),
    { numRuns: 2000 },
  );
});

test('a command name checked once gives the same line again; a bad name is refused every time', () => {
  for (let i = 0; i < 2; i++) {
    assert.equal(encodeCommand('  GET\tVARIABLE ', ['X']), 'GET VARIABLE X');
    assert.equal(encodeCommand('GET VARIABLE', ['a b']), 'GET VARIABLE "a b"');
    assert.throws(
      () => encodeCommand('GET "VARIABLE"', ['X']),
      (error) => isAgiError(error, 'AGI_ERR_BAD_ARGUMENT'),
    );
  }
});
