import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/logging/index.ts';

function captured() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

test('credentials are redacted at any of the known paths', () => {
  const out = captured();
  const log = createLogger({ level: 'info', destination: out.destination });
  log.info({ pin: '4321', password: 'pw-1', agent: { pin: '8765', userId: '1001' } }, 'login');
  log
    .child({ route: 'agent-dial-in' })
    .info({ req: { headers: { cookie: 'sid=abc', 'x-csrf-token': 'tok' } } });
  const text = out.lines.join('');
  for (const secret of ['4321', 'pw-1', '8765', 'sid=abc', 'tok"']) {
    assert.ok(!text.includes(secret), `leaked ${secret}`);
  }
  assert.ok(text.includes('1001'), 'other fields stay');
  assert.ok(text.includes('[redacted]'));
});

test('level filters lower levels', () => {
  const out = captured();
  const log = createLogger({ level: 'warn', destination: out.destination });
  log.info('hidden');
  log.warn('shown');
  assert.equal(out.lines.length, 1);
  assert.match(out.lines[0] ?? '', /shown/);
});
