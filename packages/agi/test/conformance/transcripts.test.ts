import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CallerAction, type StartCallOptions, simulateCall } from '@callgate/agi/testing';
import { parseLabTranscript, parseSummary } from './lab-transcript.ts';
import { replayTranscript, scheduleAmiActions, transcriptEnvironment } from './transcript-replay.ts';

/**
 * The lab transcripts, recorded from a real Asterisk 22.10.1, are fixtures of this repository
 * (test/fixtures/lab-transcripts, copied from the team's shared/asterisk/transcripts), so the
 * conformance suite runs in any clone.
 */
const folder = new URL('../fixtures/lab-transcripts/', import.meta.url);
const statuses = parseSummary(readFileSync(new URL('SUMMARY.txt', folder), 'utf8'));

/** Scenarios a single-channel simulator cannot replay, with the reason printed by the runner. */
const skipped: Record<string, string> = {
  'probe-dirA-literal': 'no AGI session was recorded (the lab runner timed out before the AGI ran)',
};

/** Standard AGI scenarios: the recorded application runs as the spawned child process. */
const standardAgi = new Set(['stdio', 'stdiofail']);

/**
 * The other half of the lab's Local channel ran [caller] (Wait, SendDTMF(1001#), Wait, SendDTMF(4321#),
 * Wait(10), Hangup) with no AMI action in the transcript: its key presses and hangup, timed as recorded.
 */
const dialplanCallers: Record<string, CallerAction[]> = {
  'probe-dirB': [
    { keys: '1001#', at: { atMs: 1104 }, gapMs: 250 },
    { keys: '4321#', at: { atMs: 3959 }, gapMs: 250 },
    { hangup: true, at: { atMs: 15_219 } },
  ],
  'probe-dirA-answer': [
    { keys: '1001#', at: { atMs: 1608 }, gapMs: 250 },
    { keys: '4321#', at: { atMs: 4464 }, gapMs: 250 },
    { hangup: true, at: { atMs: 15_725 } },
  ],
};

/** The lab dialplan (lab-config/extensions.conf) as simulator options, per scenario. */
function labOptions(name: string, env: Map<string, string>, caller: CallerAction[]) {
  const channelName = env.get('agi_channel') ?? '';
  const extension = env.get('agi_extension') ?? 's';
  const variables: Record<string, string> = { PROBEVAR: 'hello world' };
  if (name === 'exitonhangup') variables.AGIEXITONHANGUP = 'yes';
  if (name === 'nosighup') variables.AGISIGHUP = 'no';
  const callerId = env.get('agi_callerid');
  const args = [...env.entries()].filter(([k]) => k.startsWith('agi_arg_')).map(([, v]) => v);
  return (url: string): StartCallOptions => ({
    url,
    args,
    channel: {
      name: channelName,
      uniqueId: env.get('agi_uniqueid') ?? '',
      type: env.get('agi_type') ?? 'Local',
      language: env.get('agi_language') ?? 'en',
    },
    ...(callerId && callerId !== 'unknown'
      ? { callerId: `"${env.get('agi_calleridname')}" <${callerId}>` }
      : {}),
    location: {
      context: env.get('agi_context') ?? 'agi-under-test',
      extension,
      priority: Number.parseInt(env.get('agi_priority') ?? '1', 10),
    },
    // The per-run values: the lab's URL (our port differs) and Asterisk's thread id.
    environment: { agi_request: env.get('agi_request') ?? url, agi_threadid: env.get('agi_threadid') ?? '' },
    // [agi-under-test] s answers before the AGI; the scenario extensions do not.
    answered: extension === 's',
    variables,
    caller,
    sounds: { missing: ['nosuchfile'] },
    canWrite: (path) => !path.includes('nonexistent-dir'),
    labels: { 'agi-after,s,lbl': 3 },
    subroutines: {
      'sub-probe,s,1': (rt) => {
        rt.setVariable('GOSUBVAR', 'set-in-gosub');
        return 'sub-retval';
      },
    },
    linkedChannels: [channelName.replace(/;2$/, ';1')],
  });
}

test('the lab transcripts are fixtures of the repository (no ../shared needed)', () => {
  assert.match(fileURLToPath(folder), /packages\/agi\/test\/fixtures\/lab-transcripts\/$/);
  assert.ok(statuses.size > 20);
});

test('nolisten: no FastAGI listener gives AGISTATUS as recorded', async () => {
  const recording = await simulateCall({ url: 'agi://127.0.0.1:1/nothing-here', connectTimeoutMs: 500 });
  assert.equal(recording.agiStatus, statuses.get('nolisten'));
  assert.equal(recording.endReason, 'connect-failed');
});

test('stdionotfound: a missing standard AGI script gives AGISTATUS as recorded', async () => {
  const recording = await simulateCall({
    spawn: { command: '/opt/agilab/probe/does-not-exist.sh' },
    location: { context: 'agi-under-test', extension: 'stdionotfound', priority: 1 },
  });
  assert.equal(recording.agiStatus, statuses.get('stdionotfound'));
  // The dialplan goes on: "NoOp(AGISTATUS=NOTFOUND (after stdionotfound))" at priority 2.
  assert.deepEqual(recording.continuesAt, {
    context: 'agi-under-test',
    extension: 'stdionotfound',
    priority: 2,
  });
});

const names = readdirSync(folder)
  .filter((f) => f.endsWith('.txt') && f !== 'SUMMARY.txt')
  .map((f) => f.replace(/\.txt$/, ''))
  .filter((name) => !['nolisten', 'stdionotfound'].includes(name))
  .sort();

for (const name of standardAgi) {
  test(`transcript ${name} (standard AGI): same lines, SIGHUP, exit status`, async (t) => {
    const path = fileURLToPath(new URL(`${name}.txt`, folder));
    const entries = parseLabTranscript(readFileSync(path, 'utf8'));
    const { env } = transcriptEnvironment(entries);
    const { scripted } = scheduleAmiActions(entries);
    const dir = mkdtempSync(join(tmpdir(), 'callgate-conformance-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'mismatches.jsonl');
    writeFileSync(out, '');
    const { url: _unused, ...options } = labOptions(name, env, scripted)('agi://unused/');
    const recording = await simulateCall({
      ...options,
      spawn: {
        command: process.execPath,
        args: ['--import', 'tsx', fileURLToPath(new URL('stdio-replay-child.ts', import.meta.url)), path],
        env: { ...process.env, REPLAY_OUT: out },
      },
    });
    const mismatches = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
    assert.deepEqual(mismatches, []);
    assert.equal(recording.agiStatus, statuses.get(name), 'AGISTATUS');
  });
}

for (const name of names.filter((n) => !standardAgi.has(n))) {
  const reason = skipped[name];
  if (reason !== undefined) {
    test(`transcript ${name}`, { skip: reason }, () => {});
    continue;
  }
  test(`transcript ${name}: same replies, same order, same bytes`, async () => {
    const entries = parseLabTranscript(readFileSync(new URL(`${name}.txt`, folder), 'utf8'));
    const { env } = transcriptEnvironment(entries);
    const { scripted } = scheduleAmiActions(entries);
    const caller = [...scripted, ...(dialplanCallers[name] ?? [])];
    const sighup = name !== 'nosighup';
    const { mismatches, recording } = await replayTranscript(entries, labOptions(name, env, caller), sighup);
    assert.deepEqual(mismatches, []);
    assert.equal(recording.agiStatus, statuses.get(name), 'AGISTATUS');
  });
}
