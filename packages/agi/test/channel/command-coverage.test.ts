import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AgiChannel } from '../../src/channel/agi-channel.ts';
import { AGI_COMMAND_NAMES } from '../../src/protocol/agi-command-names.ts';

const docs = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
const rows = docs.split('\n').filter((line) => line.startsWith('| `'));

test('47 commands: the 46 of res_agi plus GOSUB', () => {
  assert.equal(new Set(AGI_COMMAND_NAMES).size, 47);
});

test('docs/commands.md has a row for every AGI command', () => {
  for (const command of AGI_COMMAND_NAMES) {
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
