/**
 * The recorded scenario of a successful dial-in (fixtures/dial-in-success.transcript.txt): every
 * line between the simulated Asterisk and the app, for an operator to read. The test replays the
 * call and requires the same exchange, so a change in what the app sends shows up in review.
 * Regenerate after an intended change: CALLGATE_UPDATE_FIXTURES=1 npm run test:only -- dial-in-transcript
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CallRecording } from '@callgate/agi/testing';
import { AGENT_PIN, AGENT_USER_ID, openDialInHarness } from './dial-in-harness.ts';

const FIXTURE = new URL('../fixtures/dial-in-success.transcript.txt', import.meta.url);
const UPDATE = process.env.CALLGATE_UPDATE_FIXTURES === '1';
const PIN_PROMPT = 'GET DATA agent-pass';

const HEADER = `# Callgate agent dial-in: a successful call, line by line.
# Recorded by packages/server/test/apps/dial-in-transcript.test.ts against the simulated Asterisk;
# regenerate with: CALLGATE_UPDATE_FIXTURES=1 npm run test:only -- dial-in-transcript
#
# Setup: agent ${AGENT_USER_ID} has an open dial-in session (conference room 8600051). The channel
# is ringing when the AGI starts. The caller keys "${AGENT_USER_ID}#" while agent-user plays and the
# PIN and "#" while agent-pass plays, stays one minute in the conference, then hangs up.
# The PIN is masked as **** below (the app never logs it; this file should not show it either).
#
# Columns: seconds on the call's (virtual) clock, direction, the line.
#   <<  from Asterisk to the app (environment, replies, HANGUP)
#   >>  from the app to Asterisk (commands)
`;

/** The transcript as text, with the reply to the PIN prompt masked. */
function render(rec: CallRecording): string {
  let maskNext = false;
  const lines = rec.transcript.map((t) => {
    let line = t.line;
    if (t.from === 'app') maskNext = line.startsWith(PIN_PROMPT);
    else if (maskNext && /^200 /.test(line)) {
      line = line.replace(/result=\d+/, 'result=****');
      maskNext = false;
    }
    const at = (t.at / 1000).toFixed(3).padStart(8);
    return `${at}  ${t.from === 'asterisk' ? '<<' : '>>'}  ${line}`;
  });
  return `${HEADER}\n${lines.join('\n')}\n`;
}

test('a successful dial-in matches the recorded transcript', async () => {
  const h = await openDialInHarness();
  try {
    await h.openSession();
    const rec = await h.call({
      channel: { name: 'PJSIP/trunk-00000007', uniqueId: '1795400000.42' },
      callerId: '"Remote Ada" <5550100>',
      location: { context: 'agent-dial-in', extension: '2345', priority: 2 },
      environment: {
        agi_request: 'agi://callgate.example:4573/agent-dial-in',
        agi_threadid: '140000000000001',
      },
      caller: [
        { keys: `${AGENT_USER_ID}#`, at: { prompt: 'agent-user', afterMs: 1500 } },
        { keys: `${AGENT_PIN}#`, at: { prompt: 'agent-pass', afterMs: 1200 } },
        { hangup: true, at: { app: 'ConfBridge', afterMs: 60_000 } },
      ],
    });
    assert.equal(rec.variables.CALLGATE_RESULT, 'ok');
    const text = render(rec);
    assert.ok(!text.includes(AGENT_PIN), 'the PIN must be masked');
    if (UPDATE || !existsSync(FIXTURE)) {
      writeFileSync(FIXTURE, text);
      if (!UPDATE) assert.fail(`wrote the missing fixture ${FIXTURE.pathname}; check it and commit it`);
      return;
    }
    assert.equal(text, readFileSync(FIXTURE, 'utf8'));
  } finally {
    await h.close();
  }
});
