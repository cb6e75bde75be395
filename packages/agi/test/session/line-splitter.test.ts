import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LineSplitter } from '../../src/session/line-splitter.ts';

/** Each line decoded on its own, with its byte count: what the splitter must give for any chunking. */
function expectedLines(bytes: Buffer): [string, number][] {
  const lines: [string, number][] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    lines.push([bytes.toString('utf8', start, nl), nl - start]);
    start = nl + 1;
  }
  return lines;
}

function split(chunks: readonly Buffer[], limit = 1 << 20): { lines: [string, number][]; fits: boolean } {
  const splitter = new LineSplitter(limit);
  const lines: [string, number][] = [];
  for (const chunk of chunks) {
    if (!splitter.push(chunk, (_, line, size) => void lines.push([line, size]), undefined))
      return { lines, fits: false };
  }
  return { lines, fits: true };
}

/** Bytes rich in newlines, ASCII, multi-byte UTF-8 and invalid sequences. */
const streamBytes = fc
  .array(
    fc.oneof(
      fc.constant(Buffer.from('\n')),
      fc.constant(Buffer.from('agi_channel: SIP/x\n')),
      fc.constant(Buffer.from('é€😀')),
      fc.constant(Buffer.from([0xe2, 0x82])),
      fc.constant(Buffer.from([0xff])),
      fc.string().map((s) => Buffer.from(s)),
    ),
    { maxLength: 30 },
  )
  .map((parts) => Buffer.concat(parts));

test('any chunking gives the lines and byte counts of decoding each line on its own', () => {
  fc.assert(
    fc.property(streamBytes, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let at = 0;
      for (const point of [...points, bytes.length]) {
        chunks.push(bytes.subarray(at, point));
        at = point;
      }
      assert.deepEqual(split(chunks).lines, expectedLines(bytes));
    }),
  );
});

test('a whole-line chunk stops at the first line over the limit, and when onLine says stop', () => {
  const chunk = Buffer.from('ab\nabcdef\nxy\n');
  assert.deepEqual(split([chunk], 4), { lines: [['ab', 2]], fits: false });
  const splitter = new LineSplitter(100);
  const seen: string[] = [];
  assert.equal(
    splitter.push(
      chunk,
      (target, line) => {
        target.push(line);
        return target.length < 2;
      },
      seen,
    ),
    true,
  );
  assert.deepEqual(seen, ['ab', 'abcdef']);
});

test('the unfinished tail after whole lines is kept for the next chunk', () => {
  assert.deepEqual(split([Buffer.from('one\ntw'), Buffer.from('o\n')]).lines, [
    ['one', 3],
    ['two', 3],
  ]);
  assert.deepEqual(split([Buffer.from('x\n'), Buffer.from('abcdefgh')], 4), {
    lines: [['x', 1]],
    fits: false,
  });
});
