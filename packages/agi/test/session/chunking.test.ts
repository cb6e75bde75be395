import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { AgiError } from '../../src/errors.ts';
import { AgiSession } from '../../src/session/agi-session.ts';
import { BASIC_ENVIRONMENT, PipePeer, settle } from './peer.ts';

/**
 * A conversation from the transcripts: each command with every byte Asterisk sends after it and
 * before the next command (its reply, a 100 line, a 520 block, HANGUP lines before or after).
 */
const CONVERSATION: [command: string, bytes: string][] = [
  ['ANSWER', '200 result=0\n'],
  ['GET VARIABLE UTF8', '200 result=1 (grüße €)\n'],
  ['GOSUB sub-probe s 1 "a,b"', '100 result=0 Trying...\n200 result=0 Gosub complete\n'],
  [
    'GET VARIABLE',
    '520-Invalid command syntax.  Proper usage follows:\nReturns <literal>0</literal> if not set.\nExample return code: 200 result=1 (testvariable)\n520 End of proper usage.\n',
  ],
  ['GET VARIABLE PAREN', '200 result=1 (x) (y)\n'],
  ['RECORD FILE /tmp/r wav "#" 10000', '200 result=35 (dtmf) endpos=6400\n'],
  ['FOOBAR', '510 Invalid or unknown command\n'],
  ['STREAM FILE demo-congrats "#"', '200 result=-1 endpos=8160\nHANGUP\n'],
  ['NOOP', '200 result=0\n'],
  ['CHANNEL STATUS', '511 Command Not Permitted on a dead channel or intercept routine\n'],
];

/** Cuts text (as UTF-8 bytes) at the given fractions. */
function cut(text: string, fractions: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const points = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))]
    .filter((p) => p > 0 && p < bytes.length)
    .sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

async function run(
  cuts: number[][],
): Promise<{ replies: string[]; usage: string[]; hungUp: boolean; errors: number }> {
  const peer = new PipePeer();
  const session = new AgiSession(peer.transport, { environmentTimeoutMs: 0 });
  const errors: AgiError[] = [];
  session.on('protocolError', (e: AgiError) => errors.push(e));
  for (const chunk of cut(BASIC_ENVIRONMENT, cuts[0] ?? [])) peer.write(chunk);
  await session.ready();
  const replies: string[] = [];
  const usage: string[] = [];
  for (const [i, [command, bytes]] of CONVERSATION.entries()) {
    const pending = session.send(command);
    assert.equal(await peer.nextCommand(), command);
    for (const chunk of cut(bytes, cuts[i + 1] ?? [])) {
      peer.write(chunk);
      if (chunk.length < 4) await settle();
    }
    const reply = await pending;
    replies.push(reply.raw);
    if (reply.usage !== undefined) usage.push(reply.usage);
  }
  await settle();
  const hungUp = session.hungUp;
  session.close();
  return { replies, usage, hungUp, errors: errors.length };
}

test('property: the same replies however the byte stream is chunked', async () => {
  const expected = await run([]);
  assert.deepEqual(expected.replies, [
    '200 result=0',
    '200 result=1 (grüße €)',
    '200 result=0 Gosub complete',
    '520 End of proper usage.',
    '200 result=1 (x) (y)',
    '200 result=35 (dtmf) endpos=6400',
    '510 Invalid or unknown command',
    '200 result=-1 endpos=8160',
    '200 result=0',
    '511 Command Not Permitted on a dead channel or intercept routine',
  ]);
  assert.deepEqual(expected.usage, [
    'Returns <literal>0</literal> if not set.\nExample return code: 200 result=1 (testvariable)',
  ]);
  assert.equal(expected.hungUp, true);
  assert.equal(expected.errors, 0);

  const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
  await fc.assert(
    fc.asyncProperty(
      fc.array(fractions, { minLength: CONVERSATION.length + 1, maxLength: CONVERSATION.length + 1 }),
      async (cuts) => {
        assert.deepEqual(await run(cuts), expected);
      },
    ),
    { numRuns: 150 },
  );
});

test('every byte in its own chunk', async () => {
  const everyByte = [BASIC_ENVIRONMENT, ...CONVERSATION.map(([, bytes]) => bytes)].map((text) =>
    Array.from({ length: Buffer.byteLength(text) }, (_, i) => i / Buffer.byteLength(text)),
  );
  const result = await run(everyByte);
  assert.equal(result.replies.length, CONVERSATION.length);
  assert.equal(result.hungUp, true);
  assert.equal(result.errors, 0);
});
