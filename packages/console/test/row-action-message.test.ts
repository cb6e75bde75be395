import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../src/api/api-error.ts';
import { rowActionMessage } from '../src/screens/admin/row-action-message.ts';

test("a refused row action names what was tried and shows the API's field message", () => {
  const refused = new ApiError(400, 'E_VALIDATION', 'enabled: Contacts cannot be disabled yet', {
    enabled: 'Contacts cannot be disabled yet',
  });
  assert.equal(
    rowActionMessage('disable Front desk', refused),
    'Could not disable Front desk: Contacts cannot be disabled yet.',
  );
});

test("without field errors the API's message is used as it is, with its retry hint", () => {
  const busy = new ApiError(429, 'E_RATE_LIMITED', 'Too many requests.', {}, 30);
  assert.equal(
    rowActionMessage('end the session of Alice', busy),
    'Could not end the session of Alice: Too many requests. Try again in 30 seconds.',
  );
});

test('without a label the reason stands alone', () => {
  assert.equal(rowActionMessage(undefined, new Error('Network down')), 'Network down');
});
