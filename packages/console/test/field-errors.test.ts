import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeFieldErrors, unshownFieldErrors } from '../src/screens/admin/field-errors.ts';

test('errors on list items are shown on their list, first message wins', () => {
  assert.deepEqual(
    normalizeFieldErrors({
      'voice.codecs.1': 'Unknown codec',
      'voice.codecs.3': 'Unknown codec x',
      'voice.host': 'Required',
      pin: 'PIN must be 4 to 12 digits',
    }),
    { 'voice.codecs': 'Unknown codec', 'voice.host': 'Required', pin: 'PIN must be 4 to 12 digits' },
  );
});

test('field errors without a control on the form are kept apart, so none is lost', () => {
  assert.deepEqual(unshownFieldErrors({ name: 'Required', colour: 'Unknown field' }, ['name']), {
    colour: 'Unknown field',
  });
});
