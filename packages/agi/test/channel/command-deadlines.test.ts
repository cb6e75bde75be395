import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandDeadlines, DEFAULT_AGI_DEADLINES } from '../../src/channel/command-deadlines.ts';
import { isAgiError } from '../../src/errors.ts';

const d = new CommandDeadlines({ quickMs: 1000, playbackMs: 20_000, marginMs: 500, dialplanDigitMs: 3000 });

test('defaults: 5 s quick, 2 min playback, 5 s margin, 10 s per digit left to the dialplan', () => {
  const defaults = CommandDeadlines.of(undefined);
  assert.equal(defaults.quickMs, DEFAULT_AGI_DEADLINES.quickMs);
  assert.equal(defaults.quickMs, 5000);
  assert.equal(defaults.playbackMs, 120_000);
  assert.equal(defaults.marginMs, 5000);
  assert.equal(defaults.dialplanDigitMs, 10_000);
  assert.equal(CommandDeadlines.of(d), d, 'a resolved set is used as it is');
});

test('GET DATA: playback + every digit + margin; the dialplan timeout when left out; none for "for ever"', () => {
  assert.equal(d.getData(5000, 12), 20_000 + 12 * 5000 + 500);
  assert.equal(d.getData(undefined, 4), 20_000 + 4 * 3000 + 500);
  assert.equal(d.getData(0, 4), 20_000 + 4 * 3000 + 500);
  assert.equal(d.getData(2000, undefined), 20_000 + 1024 * 2000 + 500, "Asterisk's 1024 digits");
  assert.equal(d.getData(-1, 4), 0);
});

test('playback, GET OPTION, RECORD FILE, SPEECH RECOGNIZE', () => {
  assert.equal(d.playback(), 20_500);
  assert.equal(d.getOption(4000), 20_000 + 4000 + 500);
  assert.equal(d.getOption(undefined), 20_000 + 3000 + 500);
  assert.equal(d.record(30_000), 20_000 + 30_000 + 500);
  assert.equal(d.record(-1), 0, 'no limit');
  assert.equal(d.record(undefined), 0);
  assert.equal(d.speechRecognize(5), 20_000 + 5000 + 500);
});

test('WAIT FOR DIGIT and RECEIVE *: their timeout + margin; waiting for ever has none', () => {
  assert.equal(d.waitFor(10_000, false), 10_500);
  assert.equal(d.waitFor(-1, false), 0);
  assert.equal(d.waitFor(0, false), 500);
  assert.equal(d.waitFor(0, true), 0, 'RECEIVE CHAR 0 waits for ever');
});

test('EXEC: bridging apps none, quick apps quick, playing apps playback, timed apps their time', () => {
  for (const app of [
    'ConfBridge',
    'confbridge',
    'Dial',
    'Queue',
    'VoiceMail',
    'VoiceMailMain',
    'MeetMe',
    'AGI',
  ]) {
    assert.equal(d.forExec(app, '1234'), 0, app);
  }
  for (const app of ['Set', 'NoOp', 'Goto', 'Gosub', 'Answer', 'Hangup']) {
    assert.equal(d.forExec(app, 'x'), 1000, app);
  }
  assert.equal(d.forExec('Playback', 'demo-congrats'), 20_500);
  assert.equal(d.forExec('Wait', '2.5'), 2500 + 500);
  assert.equal(d.forExec('Wait', undefined), 0);
  assert.equal(d.forExec('WaitExten', '0'), 0);
  assert.equal(d.forExec('MusicOnHold', 'default,5'), 5000 + 500);
  assert.equal(d.forExec('MusicOnHold', 'default'), 0, 'no duration: until the caller hangs up');
  assert.equal(d.forExec('Busy', 'x'), 0, 'nonsense seconds');
  assert.equal(d.forExec('SomeCustomApp', 'x'), 0, 'unknown apps may bridge: none');
});

test('EXEC overrides win, case-insensitively; 0 switches a deadline off', () => {
  const custom = new CommandDeadlines({ exec: { somecustomapp: 30_000, ConfBridge: 3_600_000, Wait: 0 } });
  assert.equal(custom.forExec('SomeCustomApp', ''), 30_000);
  assert.equal(custom.forExec('confbridge', '1'), 3_600_000);
  assert.equal(custom.forExec('Wait', '5'), 0);
  const noPlayback = new CommandDeadlines({ playbackMs: 0 });
  assert.equal(noPlayback.playback(), 0);
  assert.equal(noPlayback.getData(5000, 4), 0);
  assert.equal(noPlayback.waitFor(1000, false), 1000 + 5000, 'no playback involved');
});

test('a negative or non-numeric deadline is refused with AGI_ERR_BAD_ARGUMENT', () => {
  assert.throws(
    () => new CommandDeadlines({ quickMs: -1 }),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
  assert.throws(
    () => new CommandDeadlines({ exec: { Dial: Number.NaN } }),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ARGUMENT'),
  );
});
