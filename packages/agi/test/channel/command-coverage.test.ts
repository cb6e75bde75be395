import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AgiChannel } from '../../src/channel/agi-channel.ts';

/** res_agi.c's command table in Asterisk 18–22, plus GOSUB from app_stack. */
const AGI_COMMANDS = [
  'ANSWER',
  'ASYNCAGI BREAK',
  'CHANNEL STATUS',
  'CONTROL STREAM FILE',
  'DATABASE DEL',
  'DATABASE DELTREE',
  'DATABASE GET',
  'DATABASE PUT',
  'EXEC',
  'GET DATA',
  'GET FULL VARIABLE',
  'GET OPTION',
  'GET VARIABLE',
  'GOSUB',
  'HANGUP',
  'NOOP',
  'RECEIVE CHAR',
  'RECEIVE TEXT',
  'RECORD FILE',
  'SAY ALPHA',
  'SAY DATE',
  'SAY DATETIME',
  'SAY DIGITS',
  'SAY NUMBER',
  'SAY PHONETIC',
  'SAY TIME',
  'SEND IMAGE',
  'SEND TEXT',
  'SET AUTOHANGUP',
  'SET CALLERID',
  'SET CONTEXT',
  'SET EXTENSION',
  'SET MUSIC',
  'SET PRIORITY',
  'SET VARIABLE',
  'SPEECH ACTIVATE GRAMMAR',
  'SPEECH CREATE',
  'SPEECH DEACTIVATE GRAMMAR',
  'SPEECH DESTROY',
  'SPEECH LOAD GRAMMAR',
  'SPEECH RECOGNIZE',
  'SPEECH SET',
  'SPEECH UNLOAD GRAMMAR',
  'STREAM FILE',
  'TDD MODE',
  'VERBOSE',
  'WAIT FOR DIGIT',
];

const docs = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
const rows = docs.split('\n').filter((line) => line.startsWith('| `'));

test('47 commands: the 46 of res_agi plus GOSUB', () => {
  assert.equal(new Set(AGI_COMMANDS).size, 47);
});

test('docs/commands.md has a row for every AGI command', () => {
  for (const command of AGI_COMMANDS) {
    const documented = rows.some((row) => row.split('|')[2]?.trim().startsWith(`\`${command}`));
    assert.ok(documented, `${command} is missing from docs/commands.md`);
  }
});

test('docs/commands.md documents every public AgiChannel method', () => {
  const methods = Object.getOwnPropertyNames(AgiChannel.prototype).filter((name) => {
    const descriptor = Object.getOwnPropertyDescriptor(AgiChannel.prototype, name);
    return name !== 'constructor' && typeof descriptor?.value === 'function';
  });
  assert.ok(methods.length >= 49, `only ${methods.length} methods`);
  for (const method of methods) {
    assert.ok(docs.includes(`\`${method}(`), `${method} is missing from docs/commands.md`);
  }
});
