import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createAgiServer } from '@callgate/agi';
import { simulateCall } from '@callgate/agi/testing';

// README example: from here
test('a caller keys the right PIN and hears it accepted', async (t) => {
  const server = createAgiServer().route('pin', async (channel) => {
    await channel.answer();
    const { digits } = await channel.getData('agent-pass', { maxDigits: 4 });
    await channel.streamFile(digits === '4321' ? 'auth-thankyou' : 'auth-incorrect');
  });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => server.close());
  const call = await simulateCall({ url: `agi://127.0.0.1:${port}/pin`, caller: [{ keys: '4321' }] });
  assert.equal(call.prompts.map((p) => p.file).join(' '), 'agent-pass auth-thankyou');
  assert.equal(call.agiStatus, 'SUCCESS');
});
// README example: to here

/** The body of the ```ts block in the README section that shows the example. */
function readmeExample(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## Testing your app with the simulated Asterisk\n')[1] ?? '';
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(block?.[1], 'the README section has a ts code block');
  return block[1];
}

test('the README shows this file, imports and test, word for word', () => {
  const source = readFileSync(new URL(import.meta.url), 'utf8');
  const imports = source.slice(0, source.indexOf('\n\n') + 1).replace(/^import \{ readFileSync \}.*\n/m, '');
  const [, body = ''] =
    /\/\/ README example: from here\n([\s\S]*?)\/\/ README example: to here/.exec(source) ?? [];
  assert.equal(readmeExample(), `${imports}\n${body}`);
});
