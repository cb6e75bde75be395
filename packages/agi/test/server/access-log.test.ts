import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AgiSessionSummary, accessLogRecord, printable } from '../../src/server/access-log.ts';

const summary: AgiSessionSummary = {
  route: 'agent-dial-in',
  path: 'agent-dial-in',
  uniqueid: '1700000000.1',
  channel: 'PJSIP/2001-00000001',
  callerId: '5551234',
  callerIdName: 'Probe Caller',
  remoteAddress: '127.0.0.1',
  durationMs: 1532.4,
  commands: 6,
  outcome: 'completed',
};

test('one readable line and structured fields per session', () => {
  const { obj, msg } = accessLogRecord(summary);
  assert.equal(
    msg,
    'agent-dial-in PJSIP/2001-00000001 1700000000.1 "Probe Caller" <5551234> completed 6 cmds 1532 ms',
  );
  assert.equal(obj.outcome, 'completed');
  assert.equal(obj.commands, 6);
  assert.equal(obj.remoteAddress, '127.0.0.1');
  assert.equal('errorCode' in obj, false);
});

test('the error code is shown, and hostile caller IDs stay on one line', () => {
  const { obj, msg } = accessLogRecord({
    ...summary,
    callerIdName: 'Evil"\nName',
    callerId: '1\r\n2',
    outcome: 'error',
    errorCode: 'AGI_ERR_TIMEOUT',
  });
  assert.equal(msg.includes('\n'), false);
  assert.equal(msg.includes('\r'), false);
  assert.match(msg, /"Evil\\"\\nName" <1\\r\\n2> error \(AGI_ERR_TIMEOUT\)/);
  assert.equal(obj.errorCode, 'AGI_ERR_TIMEOUT');
});

test('printable leaves ordinary text alone', () => {
  assert.equal(printable('PJSIP/2001-0000 é'), 'PJSIP/2001-0000 é');
  assert.equal(printable('a\tb'), 'a\\tb');
});
