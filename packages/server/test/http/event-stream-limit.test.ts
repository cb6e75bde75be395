import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_MAX_STREAMS_PER_WEB_SESSION } from '../../src/http/live-events.ts';
import { ALICE, type ApiHarness, BOB, openApiHarness } from './api-harness.ts';
import { SseClient } from './sse-client.ts';

function until(predicate: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > limitMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('GET /api/events: streams per web login', () => {
  let h: ApiHarness;
  const streams: SseClient[] = [];
  before(async () => {
    h = await openApiHarness();
  });
  after(async () => {
    for (const s of streams) s.close();
    await h.close();
  });

  test('200 streams opened at once on one cookie: the newest 6 stay, the rest are closed and told to wait', async () => {
    assert.equal(DEFAULT_MAX_STREAMS_PER_WEB_SESSION, 6);
    const alice = await h.loginAs(ALICE);
    const bob = await h.loginAs(BOB);
    const bobStream = await SseClient.open(h.baseUrl, bob.cookie);
    streams.push(bobStream);
    await bobStream.waitFor('session');

    const opened = await Promise.all(
      Array.from({ length: 200 }, () => SseClient.open(h.baseUrl, alice.cookie)),
    );
    streams.push(...opened);
    for (const s of opened) assert.equal(s.status, 200);
    await until(() => opened.filter((s) => s.ended).length === 194, '194 streams to be closed');
    const open = opened.filter((s) => !s.ended);
    assert.equal(open.length, 6);
    for (const s of open) await s.waitFor('session');
    for (const s of opened.filter((x) => x.ended)) {
      assert.ok(
        s.events.some((e) => e.event === 'replaced'),
        'a closed stream was told it was replaced',
      );
    }
    assert.equal(bobStream.ended, false, "another login's stream is untouched");

    // A console that reconnects still gets in: the oldest of the six makes room.
    const again = await SseClient.open(h.baseUrl, alice.cookie);
    streams.push(again);
    await again.waitFor('session');
    await until(() => open.filter((s) => s.ended).length === 1, 'the oldest of the six to close');
    assert.equal(bobStream.ended, false);
  });
});
