import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgiLineReader } from '@callgate/agi/testing';

const text = (line: Buffer | undefined): string | undefined => line?.toString('latin1');

test('several lines in one write are answered one per arrival of more bytes (pipeline.txt)', () => {
  const reader = new AgiLineReader();
  reader.push(Buffer.from('NOOP one\nNOOP two\nNOOP three\n'));
  assert.equal(text(reader.nextLine()), 'NOOP one');
  assert.equal(reader.readable, false, 'the rest sits in the stdio buffer: poll() does not fire');
  reader.push(Buffer.from('NOOP four\n'));
  const lines: Array<string | undefined> = [];
  while (reader.readable) lines.push(text(reader.nextLine()));
  assert.deepEqual(lines, ['NOOP two', 'NOOP three', 'NOOP four']);
});

test('a line split over two writes is one command', () => {
  const reader = new AgiLineReader();
  reader.push(Buffer.from('GET VAR'));
  assert.equal(reader.nextLine(), undefined);
  reader.push(Buffer.from('IABLE PROBEVAR\n'));
  assert.equal(text(reader.nextLine()), 'GET VARIABLE PROBEVAR');
});

test('a line over 8191 bytes is cut and the rest is the next command (longline.txt)', () => {
  const reader = new AgiLineReader();
  const line = `SET VARIABLE LONGVAR ${'y'.repeat(9000 - 22)}\n`;
  reader.push(Buffer.from(line));
  const first = reader.nextLine();
  assert.equal(first?.length, 8191);
  // The remainder is still unread in the socket, so Asterisk runs it at once as a bogus command.
  assert.equal(reader.readable, true);
  assert.equal(text(reader.nextLine()), 'y'.repeat(9000 - 22 - (8191 - 21)));
  assert.equal(reader.readable, false);
});
