import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../../src/protocol/parse-args.ts';

// Each line is one that Asterisk 22 read in the transcripts; the words are what its handler saw
// (deduced from the reply it gave).
test('reads transcript lines as Asterisk did', () => {
  assert.deepEqual(parseArgs('NOOP'), ['NOOP']);
  assert.deepEqual(parseArgs('  NOOP   extra   spaces  '), ['NOOP', 'extra', 'spaces']);
  assert.deepEqual(parseArgs('\tNOOP\ttab\tseparated'), ['NOOP', 'tab', 'separated']);
  assert.deepEqual(parseArgs('SET VARIABLE UNQUOTED hello world'), [
    'SET',
    'VARIABLE',
    'UNQUOTED',
    'hello',
    'world',
  ]);
  assert.deepEqual(parseArgs('SET VARIABLE "SPACE NAME" value'), ['SET', 'VARIABLE', 'SPACE NAME', 'value']);
  assert.deepEqual(parseArgs(`SET VARIABLE QUOTED "say \\"hi\\" and 'bye'"`), [
    'SET',
    'VARIABLE',
    'QUOTED',
    `say "hi" and 'bye'`,
  ]);
  assert.deepEqual(parseArgs('SET VARIABLE BACKSLASH "a\\\\b"'), ['SET', 'VARIABLE', 'BACKSLASH', 'a\\b']);
  assert.deepEqual(parseArgs('SET VARIABLE NL "a\\nb"'), ['SET', 'VARIABLE', 'NL', 'anb']);
  assert.deepEqual(parseArgs('STREAM FILE beep ""'), ['STREAM', 'FILE', 'beep', '']);
  assert.deepEqual(parseArgs('SAY DATETIME 0 "" "HM" UTC'), ['SAY', 'DATETIME', '0', '', 'HM', 'UTC']);
  assert.deepEqual(parseArgs('EXEC Set EXECVAR2=one two'), ['EXEC', 'Set', 'EXECVAR2=one', 'two']);
  assert.deepEqual(parseArgs('SET CALLERID "\\"AGI Name\\" <5550000>"'), [
    'SET',
    'CALLERID',
    '"AGI Name" <5550000>',
  ]);
});

test('empty and blank lines have no words (Asterisk answers 510)', () => {
  assert.deepEqual(parseArgs(''), []);
  assert.deepEqual(parseArgs('   '), []);
});

test('CR is an ordinary character: NOOP\\r is not NOOP', () => {
  assert.deepEqual(parseArgs('NOOP\r'), ['NOOP\r']);
  assert.deepEqual(parseArgs('GET VARIABLE PROBEVAR\r'), ['GET', 'VARIABLE', 'PROBEVAR\r']);
});

test('quotes inside a word join, escapes make spaces literal', () => {
  assert.deepEqual(parseArgs('a"b c"d e'), ['ab cd', 'e']);
  assert.deepEqual(parseArgs('a\\ b'), ['a b']);
  assert.deepEqual(parseArgs('"" ""'), ['', '']);
  assert.deepEqual(parseArgs('""x'), ['x']);
  assert.deepEqual(parseArgs('x\\'), ['x']);
  assert.deepEqual(parseArgs('"unterminated quote'), ['unterminated quote']);
});

test('words beyond the 127th are dropped, as Asterisk truncates', () => {
  const words = Array.from({ length: 130 }, (_, i) => `w${i}`);
  const read = parseArgs(words.join(' '));
  assert.equal(read.length, 127);
  assert.deepEqual(read, words.slice(0, 127));
});

test('past the limit an escape stays pending, so a later quote cannot open a word (as in C)', () => {
  const words = Array.from({ length: 127 }, (_, i) => `w${i}`);
  assert.deepEqual(parseArgs(`${words.join(' ')} \\x "a b"`), words);
});
