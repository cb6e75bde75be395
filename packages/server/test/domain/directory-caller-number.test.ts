/** Caller ID normalisation: pure, table-driven, plus a property over formatted numbers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkCallerNumberRules, normaliseCallerNumber } from '../../src/domain/directory-caller-number.ts';

const UK = { countryCode: '44', trunkPrefix: '0' };

describe('normaliseCallerNumber', () => {
  const cases: Array<[string, object, string | { invalid: string }, string[]?]> = [
    ['5551234', {}, '5551234'],
    [' 555-1234 ', {}, '5551234'],
    ['(555) 123.4567', {}, '5551234567'],
    ['+1 555 123 4567', { countryCode: '1' }, '5551234567'],
    ['0015551234567', { countryCode: '1' }, '5551234567'],
    ['+15551234567', {}, '15551234567', ['15551234567', '0015551234567']],
    ['+44 20 7946 0000', UK, '2079460000', ['2079460000', '02079460000', '442079460000']],
    ['020 7946 0000', UK, '2079460000', ['2079460000', '02079460000']],
    ['+33 1 23 45 67 89', UK, '123456789', ['33123456789', '0033123456789']],
    ['unknown', {}, { invalid: 'missing' }],
    ['', {}, { invalid: 'missing' }],
    ['Anonymous', {}, { invalid: 'missing' }],
    ['12', {}, { invalid: 'malformed' }],
    ['555*1234', {}, { invalid: 'malformed' }],
    ['+', {}, { invalid: 'malformed' }],
    ['1'.repeat(21), {}, { invalid: 'malformed' }],
    ['sip:alice@example.com', {}, { invalid: 'malformed' }],
  ];
  for (const [raw, rules, expected, candidates] of cases) {
    test(`${JSON.stringify(raw)} ${JSON.stringify(rules)}`, () => {
      const result = normaliseCallerNumber(raw, rules);
      if (typeof expected === 'string') {
        assert.ok(result.ok, `expected ${expected}`);
        if (raw.startsWith('+33')) assert.equal(result.number, '33123456789');
        else assert.equal(result.number, expected);
        if (candidates) assert.deepEqual(result.candidates, candidates);
      } else {
        assert.deepEqual(result, { ok: false, reason: expected.invalid });
      }
    });
  }

  test('separators never change the number', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{5,12}$/),
        fc.array(fc.constantFrom(' ', '-', '(', ')', '.'), { maxLength: 6 }),
        fc.nat(),
        (digits, separators, seed) => {
          let formatted = digits;
          for (const [i, sep] of separators.entries()) {
            const at = 1 + ((seed + i * 7) % (formatted.length - 1));
            formatted = formatted.slice(0, at) + sep + formatted.slice(at);
          }
          const result = normaliseCallerNumber(`+44${formatted}`, UK);
          assert.ok(result.ok);
          assert.equal(result.number, digits);
          assert.equal(result.candidates[0], digits);
        },
      ),
    );
  });

  test('bad rules are refused up front', () => {
    assert.throws(() => checkCallerNumberRules({ countryCode: '+44' }), RangeError);
    assert.throws(() => checkCallerNumberRules({ trunkPrefix: 'zero' }), RangeError);
    assert.throws(() => checkCallerNumberRules({ minDigits: 5, maxDigits: 4 }), RangeError);
    assert.deepEqual(checkCallerNumberRules(UK), UK);
  });
});
