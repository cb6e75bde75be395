import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffDelay } from '../../src/asterisk/ami-backoff.ts';
import { encodeAmiMessage } from '../../src/asterisk/ami-encode.ts';
import { isAmiError } from '../../src/asterisk/ami-error.ts';
import { type AmiFrame, AmiFrameParser } from '../../src/asterisk/ami-frame-parser.ts';

const STREAM =
  'Asterisk Call Manager/9.0.0\r\n' +
  'Response: Success\r\nActionID: a1\r\nMessage: Authentication accepted\r\n\r\n' +
  'Event: Newchannel\r\nChannel: PJSIP/2001-00000001\r\nCallerIDName: Dr: Who\r\nUniqueid: 1795342966.1\r\n\r\n' +
  'Event: UserEvent\r\nUserEvent: café ☎\r\nData: a:b:c\r\n\r\n';

function summarize(frames: AmiFrame[]): unknown[] {
  return frames.map((f) => (f.kind === 'banner' ? { banner: f.version } : f.message.fields));
}

describe('AmiFrameParser', () => {
  it('reads the banner, then messages; values keep their colons', () => {
    const frames = new AmiFrameParser({ expectBanner: true }).push(STREAM);
    assert.deepEqual(summarize(frames), [
      { banner: '9.0.0' },
      [
        ['Response', 'Success'],
        ['ActionID', 'a1'],
        ['Message', 'Authentication accepted'],
      ],
      [
        ['Event', 'Newchannel'],
        ['Channel', 'PJSIP/2001-00000001'],
        ['CallerIDName', 'Dr: Who'],
        ['Uniqueid', '1795342966.1'],
      ],
      [
        ['Event', 'UserEvent'],
        ['UserEvent', 'café ☎'],
        ['Data', 'a:b:c'],
      ],
    ]);
  });

  it('gives the same frames however TCP splits the bytes (byte by byte, UTF-8 cut in half)', () => {
    const whole = summarize(new AmiFrameParser({ expectBanner: true }).push(STREAM));
    const bytes = Buffer.from(STREAM, 'utf8');
    const parser = new AmiFrameParser({ expectBanner: true });
    const frames: AmiFrame[] = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...parser.push(bytes.subarray(i, i + 1)));
    assert.deepEqual(summarize(frames), whole);
  });

  it('gives the same frames for any cut points (property)', () => {
    const bytes = Buffer.from(STREAM, 'utf8');
    const whole = summarize(new AmiFrameParser({ expectBanner: true }).push(bytes));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 20 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const parser = new AmiFrameParser({ expectBanner: true });
          const frames: AmiFrame[] = [];
          for (let i = 0; i + 1 < points.length; i++)
            frames.push(...parser.push(bytes.subarray(points[i], points[i + 1])));
          assert.deepEqual(summarize(frames), whole);
        },
      ),
    );
  });

  it('accepts bare LF line ends and skips stray blank lines', () => {
    const frames = new AmiFrameParser({ expectBanner: false }).push(
      '\r\nResponse: Success\nActionID: x\n\n\n',
    );
    assert.deepEqual(summarize(frames), [
      [
        ['Response', 'Success'],
        ['ActionID', 'x'],
      ],
    ]);
  });

  it('turns legacy "Response: Follows" command output into Output fields', () => {
    const frames = new AmiFrameParser({ expectBanner: false }).push(
      'Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n' +
        'Endpoint:  2001/2001   Unavailable\nModule reloaded: yes\n--END COMMAND--\r\n\r\n',
    );
    assert.equal(frames.length, 1);
    const message = frames[0]?.kind === 'message' ? frames[0].message : undefined;
    assert.deepEqual(message?.getAll('Output'), [
      'Endpoint:  2001/2001   Unavailable',
      'Module reloaded: yes',
    ]);
    assert.equal(message?.actionId, 'c1');
  });

  it('refuses a peer that is not AMI and a message that never ends', () => {
    assert.throws(
      () => new AmiFrameParser({ expectBanner: true }).push('HTTP/1.1 400 Bad Request\r\n'),
      (err) => isAmiError(err, 'E_AMI_PROTOCOL'),
    );
    const parser = new AmiFrameParser({ expectBanner: false, maxMessageBytes: 64 });
    assert.throws(
      () => parser.push(`Event: X\r\nData: ${'y'.repeat(100)}\r\n`),
      (err) => isAmiError(err, 'E_AMI_PROTOCOL'),
    );
  });
});

describe('encodeAmiMessage', () => {
  it('writes Key: Value lines and a blank line', () => {
    assert.equal(
      encodeAmiMessage([
        ['Action', 'Originate'],
        ['Variable', 'A=1'],
        ['Variable', 'B=x:y'],
      ]),
      'Action: Originate\r\nVariable: A=1\r\nVariable: B=x:y\r\n\r\n',
    );
  });

  it('refuses CR/LF in a value (no second action can be smuggled in)', () => {
    assert.throws(
      () => encodeAmiMessage([['CallerID', 'x\r\n\r\nAction: Command\r\nCommand: core stop now']]),
      (err) => isAmiError(err, 'E_AMI_USAGE'),
    );
    assert.throws(
      () => encodeAmiMessage([['Bad: key', 'v']]),
      (err) => isAmiError(err, 'E_AMI_USAGE'),
    );
  });
});

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };
  it('grows exponentially and is capped', () => {
    const noJitter = () => 0;
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, options, noJitter)),
      [100, 200, 400, 800, 1000, 1000],
    );
  });
  it('takes off at most the jitter fraction', () => {
    assert.equal(
      backoffDelay(2, options, () => 0.999999),
      200,
    );
    assert.equal(
      backoffDelay(2, options, () => 0.5),
      300,
    );
  });
});
