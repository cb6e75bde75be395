import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGI_COMMAND_NAMES } from '../../src/protocol/agi-command-names.ts';
import { INPUT_COMMANDS, isInputCommand, replyExcerpt } from '../../src/protocol/input-commands.ts';

test('input commands are recognised by their words, in any case, with their arguments', () => {
  assert.equal(isInputCommand('GET DATA "agent-pass" 5000 12'), true);
  assert.equal(isInputCommand('get data agent-pass'), true);
  assert.equal(isInputCommand('GET\tDATA x'), true);
  assert.equal(isInputCommand('WAIT FOR DIGIT 10000'), true);
  assert.equal(isInputCommand('STREAM FILE demo-congrats ""'), true);
  assert.equal(isInputCommand('CONTROL STREAM FILE x "" 3000'), true);
  assert.equal(isInputCommand('SAY DIGITS 1234 "#"'), true);
  assert.equal(isInputCommand('RECORD FILE /tmp/x wav "#" 5000'), true);
  assert.equal(isInputCommand('SPEECH RECOGNIZE prompt 5'), true);
  assert.equal(isInputCommand('GET VARIABLE PIN'), true);
  assert.equal(isInputCommand('GET DATA'), true, 'no arguments');
  for (const line of ['ANSWER', 'EXEC ConfBridge 1', 'SET VARIABLE X 1', 'NOOP', 'GET DATAX y', 'SAY']) {
    assert.equal(isInputCommand(line), false, line);
  }
  assert.equal(isInputCommand(undefined), false);
});

test('every input command is a real AGI command', () => {
  for (const name of INPUT_COMMANDS) assert.ok(AGI_COMMAND_NAMES.includes(name), name);
});

test('a reply to an input command is shown by its length only; others quoted and cut', () => {
  const hidden = replyExcerpt('999 result=4321', 'GET DATA agent-pass 5000 4');
  assert.doesNotMatch(hidden, /4321/);
  assert.match(hidden, /15 bytes withheld/);
  assert.equal(replyExcerpt('999 result=0', 'ANSWER'), '"999 result=0"');
  assert.equal(replyExcerpt('x'.repeat(100), 'NOOP'), `"${'x'.repeat(80)}…"`);
  assert.equal(replyExcerpt('junk', undefined), '"junk"');
});
