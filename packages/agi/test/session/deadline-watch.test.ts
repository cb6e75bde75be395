import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineWatch } from '../../src/session/deadline-watch.ts';

test('an item expires no earlier than its deadline and soon after it; a deleted one never does', async () => {
  const expired: [string, number][] = [];
  const started = performance.now();
  const watch = new DeadlineWatch<string>(40, (item) => expired.push([item, performance.now() - started]));
  watch.add('slow peer');
  watch.add('answered');
  await sleep(5);
  watch.delete('answered');
  await sleep(120);
  assert.deepEqual(
    expired.map(([item]) => item),
    ['slow peer'],
  );
  const [, afterMs] = expired[0] ?? ['', 0];
  assert.ok(afterMs >= 40, `expired after ${afterMs} ms, before its 40 ms deadline`);
  // Two steps late at most, plus whatever the event loop lags on a busy machine.
  assert.ok(afterMs < 40 + 2 * 10 + 200, `expired after ${afterMs} ms, long after its deadline`);
  assert.equal(watch.size, 0, 'nothing left waiting');
});

test('items added later expire later: each keeps its own deadline under the shared timer', async () => {
  const order: string[] = [];
  const watch = new DeadlineWatch<string>(100, (item) => order.push(item));
  watch.add('first');
  await sleep(150);
  watch.add('second');
  await sleep(60);
  // The first was due at 100-150 ms; the second cannot be due before 250 ms.
  assert.deepEqual(order, ['first'], 'the second, added 150 ms later, is not due yet');
  while (order.length < 2) await sleep(20);
  assert.deepEqual(order, ['first', 'second']);
});
