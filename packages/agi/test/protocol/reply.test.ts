// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Asterisk expressions such as ${VAR} are literal text here
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isAgiError } from '../../src/errors.ts';
import {
  classifyLine,
  commonReply,
  parseReplyLine,
  stripCarriageReturn,
  usageReply,
} from '../../src/protocol/reply.ts';

const cases: [
  line: string,
  result: string | undefined,
  data: string | undefined,
  attributes: Record<string, string>,
][] = [
  // basic.txt
  ['200 result=4', '4', undefined, {}],
  ['200 result=-1', '-1', undefined, {}],
  ['200 result=1 (hello world)', '1', 'hello world', {}],
  ['200 result=0', '0', undefined, {}],
  ['200 result=1 (Probe Caller <5551234>)', '1', 'Probe Caller <5551234>', {}],
  ['200 result=1 ()', '1', '', {}],
  [`200 result=1 (say "hi" and 'bye')`, '1', `say "hi" and 'bye'`, {}],
  ['200 result=1 (a\\b)', '1', 'a\\b', {}],
  ['200 result=1 (x) (y)', '1', 'x) (y', {}],
  ['200 result=1 ("AGI Name" <5550000>)', '1', '"AGI Name" <5550000>', {}],
  ['200 result=1 (hello world|say "hi" and \'bye\'||)', '1', 'hello world|say "hi" and \'bye\'||', {}],
  ['200 result=-1 (hangup)', '-1', 'hangup', {}],
  ['200 result=0 Gosub complete', '0', undefined, {}],
  ['200 result=-1 Gosub label not found', '-1', undefined, {}],
  // protocol.txt
  ['200 result=1 (grüße €)', '1', 'grüße €', {}],
  ['200 result=1 (anb)', '1', 'anb', {}],
  // media.txt
  ['200 result=0 endpos=3404', '0', undefined, { endpos: '3404' }],
  ['200 result=-1 endpos=0', '-1', undefined, { endpos: '0' }],
  ['200 result=53 endpos=9120', '53', undefined, { endpos: '9120' }],
  ['200 result=0 endpos=-1', '0', undefined, { endpos: '-1' }],
  ['200 result=35', '35', undefined, {}],
  // dtmf.txt
  ['200 result=1234', '1234', undefined, {}],
  ['200 result= (timeout)', '', 'timeout', {}],
  ['200 result=12 (timeout)', '12', 'timeout', {}],
  ['200 result=', '', undefined, {}],
  ['200 result=*1 (timeout)', '*1', 'timeout', {}],
  ['200 result=50 endpos=3404', '50', undefined, { endpos: '3404' }],
  // record.txt
  ['200 result=0 (timeout) endpos=16000', '0', 'timeout', { endpos: '16000' }],
  ['200 result=35 (dtmf) endpos=6400', '35', 'dtmf', { endpos: '6400' }],
  ['200 result=-1 (writefile)', '-1', 'writefile', {}],
  // hangupstream.txt
  ['200 result=-1 endpos=8160', '-1', undefined, { endpos: '8160' }],
  // exec.txt
  ['200 result=-2', '-2', undefined, {}],
  ['200 result=1 (${PROBEVAR}!)', '1', '${PROBEVAR}!', {}],
  // SPEECH RECOGNIZE (res_agi.c format): quoted values, parentheses inside them, trailing space
  [
    '200 result=1 (speech) endpos=1200 results=1 score0=870 text0="call (home) now" grammar0=digits ',
    '1',
    'speech',
    { endpos: '1200', results: '1', score0: '870', text0: 'call (home) now', grammar0: 'digits' },
  ],
  ['200 result=1 (digit) digit=5 endpos=800', '1', 'digit', { digit: '5', endpos: '800' }],
  // data followed by a parenthesis and attributes
  ['200 result=1 (a) b) endpos=5', '1', 'a) b', { endpos: '5' }],
];

test('200 replies from the transcripts', () => {
  for (const [line, result, data, attributes] of cases) {
    const reply = parseReplyLine(line);
    assert.equal(reply.code, 200, line);
    assert.equal(reply.result, result, line);
    assert.equal(reply.data, data, line);
    assert.deepEqual(reply.attributes, attributes, line);
    assert.equal(reply.raw, line);
    assert.equal(reply.usage, undefined);
  }
});

test('a value thousands of bytes long (protocol.txt, 3000 x)', () => {
  const value = 'x'.repeat(3000);
  assert.equal(parseReplyLine(`200 result=1 (${value})`).data, value);
});

test('510, 511 and the one-line 520', () => {
  const r510 = parseReplyLine('510 Invalid or unknown command');
  assert.deepEqual([r510.code, r510.result, r510.data], [510, undefined, undefined]);
  const r511 = parseReplyLine('511 Command Not Permitted on a dead channel or intercept routine');
  assert.equal(r511.code, 511);
  const r520 = parseReplyLine('520 Invalid command syntax.  Proper usage not available.');
  assert.equal(r520.code, 520);
  assert.equal(r520.usage, undefined);
});

test('multi-line 520 keeps the usage text, even a line that looks like a reply (protocol.txt)', () => {
  const body = [
    'Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns <literal>1</literal> if <replaceable>variablename</replaceable> is set and returns the variable in parentheses.',
    'Example return code: 200 result=1 (testvariable)',
  ];
  const reply = usageReply(body, '520 End of proper usage.');
  assert.equal(reply.code, 520);
  assert.equal(reply.raw, '520 End of proper usage.');
  assert.equal(reply.usage, body.join('\n'));
});

test('line classes', () => {
  assert.equal(classifyLine('HANGUP'), 'hangup');
  assert.equal(classifyLine('100 result=0 Trying...'), 'provisional');
  assert.equal(classifyLine('520-Invalid command syntax.  Proper usage follows:'), 'usage-start');
  assert.equal(classifyLine('520 End of proper usage.'), 'final');
  assert.equal(classifyLine('200 result=0'), 'final');
  assert.equal(classifyLine('510 Invalid or unknown command'), 'final');
  for (const garbage of [
    '',
    'hello',
    'HANGUP ',
    'hangup',
    '200',
    '20 result=0',
    '200-x',
    'Example return code: 200',
  ]) {
    assert.equal(classifyLine(garbage), 'garbage', garbage);
  }
});

test('garbage is AGI_ERR_PROTOCOL', () => {
  for (const line of ['', 'hello', '200-x', 'HANGUP']) {
    assert.throws(
      () => parseReplyLine(line),
      (e) => isAgiError(e, 'AGI_ERR_PROTOCOL'),
      line,
    );
  }
});

test('one trailing CR is tolerated for replies, nothing else', () => {
  assert.equal(stripCarriageReturn('200 result=0\r'), '200 result=0');
  assert.equal(stripCarriageReturn('200 result=0\r\r'), '200 result=0\r');
  assert.equal(stripCarriageReturn('200 result=0 '), '200 result=0 ');
});

test('property: any value inside the parentheses comes back unchanged', () => {
  const value = fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !s.includes('\n'));
  fc.assert(
    fc.property(
      value,
      fc.option(fc.integer({ min: -1, max: 1_000_000 }), { nil: undefined }),
      (data, endpos) => {
        const line = `200 result=1 (${data})${endpos === undefined ? '' : ` endpos=${endpos}`}`;
        const reply = parseReplyLine(line);
        assert.equal(reply.data, data);
        assert.deepEqual(reply.attributes, endpos === undefined ? {} : { endpos: String(endpos) });
      },
    ),
    { numRuns: 2000 },
  );
});

test('a bare `200 result=N` reads as the general parse does: a result, no data, no attributes', () => {
  for (const result of ['0', '1', '-1', '1234', '', '*']) {
    const line = `200 result=${result}`;
    assert.equal(classifyLine(line), 'final');
    assert.deepEqual(parseReplyLine(line), { code: 200, result, data: undefined, attributes: {}, raw: line });
  }
  // A blank after the result leaves the fast path: the tail is still parsed.
  assert.deepEqual(parseReplyLine('200 result=0\tendpos=8000').attributes, { endpos: '8000' });
  assert.equal(parseReplyLine('200 result=1 (x)').data, 'x');
  assert.equal(parseReplyLine('200 result=1', 'usage').usage, 'usage');
});

test('property: the common replies read exactly as the general parser reads them', () => {
  // With usage text the general parser takes every line: the same line without it takes the
  // short path for `200 result=N` and `200 result=N (data)`, which must give the same reply.
  const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\n'));
  const result = fc.oneof(fc.integer({ min: -2, max: 99999 }).map(String), fc.constantFrom('', '*1', '#'));
  const tail = fc.oneof(
    fc.constant(''),
    text.map((data) => ` (${data})`),
    text.map((data) => `  (${data})`),
    text.map((data) => `\t(${data})`),
    fc.tuple(text, fc.nat()).map(([data, n]) => ` (${data}) endpos=${n}`),
    fc.tuple(text, text).map(([data, n]) => ` (${data}) endpos=${n}`),
    fc.integer({ min: -1, max: 99999 }).map((n) => ` endpos=${n}`),
    text.map((n) => ` endpos=${n}`),
    fc.tuple(text, text).map(([a, b]) => ` endpos=${a} endpos=${b}`),
    text.map((t) => ` ${t}`),
  );
  fc.assert(
    fc.property(result, tail, (r, t) => {
      const line = `200 result=${r}${t}`;
      const { usage, ...general } = parseReplyLine(line, 'usage');
      assert.equal(usage, 'usage');
      assert.deepEqual({ ...parseReplyLine(line) }, general, line);
    }),
    { numRuns: 2000 },
  );
});

test('the replies of the common commands take the short path', () => {
  for (const line of [
    '200 result=0',
    '200 result=1 (5551234)',
    '200 result=0 endpos=8000',
    '200 result=35 (dtmf) endpos=6400',
    '200 result= (timeout)',
  ]) {
    assert.notEqual(commonReply(line), undefined, `${line} is read without the general parser`);
    assert.deepEqual(commonReply(line), parseReplyLine(line), line);
  }
  assert.equal(
    commonReply('200 result=1 (speech) endpos=1200 results=1'),
    undefined,
    'the rest goes the long way',
  );
});
