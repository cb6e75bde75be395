import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxCommandTokens, tokenizeCommandLine } from '@callgate/agi/testing';

test('spaces and tabs split tokens; runs of them count once', () => {
  assert.deepEqual(tokenizeCommandLine('  NOOP   extra   spaces  '), ['NOOP', 'extra', 'spaces']);
  assert.deepEqual(tokenizeCommandLine('\tNOOP\ttab\tseparated'), ['NOOP', 'tab', 'separated']);
});

test('quotes group and are removed; "" is an empty token', () => {
  assert.deepEqual(tokenizeCommandLine('SET VARIABLE TESTVAR "hello world"'), [
    'SET',
    'VARIABLE',
    'TESTVAR',
    'hello world',
  ]);
  assert.deepEqual(tokenizeCommandLine('STREAM FILE beep ""'), ['STREAM', 'FILE', 'beep', '']);
  assert.deepEqual(tokenizeCommandLine('VERBOSE "a  b" c"d e"f'), ['VERBOSE', 'a  b', 'cd ef']);
});

test('backslash makes the next character literal; there are no C escapes', () => {
  assert.deepEqual(
    tokenizeCommandLine(String.raw`SET VARIABLE QUOTED "say \"hi\" and 'bye'"`)[3],
    `say "hi" and 'bye'`,
  );
  assert.deepEqual(tokenizeCommandLine(String.raw`SET VARIABLE BACKSLASH "a\\b"`)[3], 'a\\b');
  assert.deepEqual(tokenizeCommandLine(String.raw`SET VARIABLE NL "a\nb"`)[3], 'anb');
  assert.deepEqual(tokenizeCommandLine(String.raw`NOOP a\ b`), ['NOOP', 'a b']);
});

test('CR is an ordinary character (NOOP\\r is no command)', () => {
  assert.deepEqual(tokenizeCommandLine('GET VARIABLE PROBEVAR\r'), ['GET', 'VARIABLE', 'PROBEVAR\r']);
});

test('tokens past the limit are dropped', () => {
  const line = Array.from({ length: 200 }, (_, i) => `t${i}`).join(' ');
  const tokens = tokenizeCommandLine(line);
  assert.equal(tokens.length, maxCommandTokens);
  assert.equal(tokens.at(-1), `t${maxCommandTokens - 1}`);
});
