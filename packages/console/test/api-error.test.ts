import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, apiErrorFromBody, errorMessage } from '../src/api/api-error.ts';

test('the contract error body gives code, message and field errors', () => {
  const error = apiErrorFromBody(
    400,
    {
      error: {
        code: 'E_VALIDATION',
        message: 'Some fields are not valid',
        fields: { pin: 'PIN must be 4 to 12 digits', bad: 3 },
      },
    },
    null,
  );
  assert.equal(error.status, 400);
  assert.equal(error.code, 'E_VALIDATION');
  assert.equal(error.message, 'Some fields are not valid');
  assert.deepEqual(error.fields, { pin: 'PIN must be 4 to 12 digits' });
});

test('a lockout carries how long to wait, from the body or else the Retry-After header', () => {
  const fromBody = apiErrorFromBody(
    423,
    { error: { code: 'E_LOCKED', message: 'Locked.', retryAfterSec: 300 } },
    '9',
  );
  assert.equal(fromBody.retryAfterSec, 300);
  assert.equal(errorMessage(fromBody), 'Locked. Try again in 5 minutes.');
  const fromHeader = apiErrorFromBody(429, { error: { code: 'E_RATE_LIMIT', message: 'Slow down.' } }, '30');
  assert.equal(errorMessage(fromHeader), 'Slow down. Try again in 30 seconds.');
});

test('a bare or missing body still yields a readable error', () => {
  const bare = apiErrorFromBody(
    429,
    { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' },
    null,
  );
  assert.equal(bare.code, 'E_HTTP');
  assert.equal(bare.message, 'Rate limit exceeded');
  const none = apiErrorFromBody(503, null, null);
  assert.match(none.message, /database/);
  const unknown = apiErrorFromBody(418, 'teapot', null);
  assert.equal(unknown.message, 'The server answered 418.');
});

test('errorMessage accepts anything thrown', () => {
  assert.equal(errorMessage(new ApiError(404, 'E_NOT_FOUND', 'No such agent')), 'No such agent');
  assert.equal(errorMessage(new Error('boom')), 'boom');
  assert.equal(errorMessage('text'), 'text');
});
