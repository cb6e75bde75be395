// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Asterisk expressions such as ${VAR} are literal text here
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgiChannel } from '../../src/channel/agi-channel.ts';
import { type AgiError, isAgiError } from '../../src/errors.ts';
import { AgiSession } from '../../src/session/agi-session.ts';
import { BASIC_ENVIRONMENT, PipePeer, settle } from '../session/peer.ts';

async function openChannel(hangupGraceMs = 30): Promise<{ peer: PipePeer; channel: AgiChannel }> {
  const peer = new PipePeer();
  const session = new AgiSession(peer.transport, { environmentTimeoutMs: 0 });
  peer.write(BASIC_ENVIRONMENT);
  await session.ready();
  return { peer, channel: new AgiChannel(session, { hangupGraceMs }) };
}

/** Runs one call: asserts the exact wire line, answers with the canned bytes, returns the result. */
async function exchange<T>(peer: PipePeer, call: Promise<T>, wire: string, reply: string): Promise<T> {
  call.catch(() => {}); // judged by the caller
  assert.equal(await peer.nextCommand(), wire);
  peer.write(reply);
  return call;
}

function code(expected: AgiError['code']) {
  return (error: unknown) => isAgiError(error, expected);
}

test('env and hungUp come from the session', async () => {
  const { channel } = await openChannel();
  assert.equal(channel.env.script, 'basic');
  assert.equal(channel.hungUp, false);
  channel.session.close();
  const early = new AgiChannel(new AgiSession(new PipePeer().transport, { environmentTimeoutMs: 0 }));
  assert.throws(() => early.env, code('AGI_ERR_PROTOCOL'));
  early.session.close();
});

test('channel commands: exact wire strings and decoded transcript replies', async () => {
  const { peer, channel } = await openChannel();
  assert.equal(await exchange(peer, channel.answer(), 'ANSWER', '200 result=0\n'), undefined);
  assert.equal(await exchange(peer, channel.asyncAgiBreak(), 'ASYNCAGI BREAK', '200 result=0\n'), undefined);
  assert.deepEqual(await exchange(peer, channel.channelStatus(), 'CHANNEL STATUS', '200 result=4\n'), {
    code: 4,
    state: 'ring',
  });
  assert.deepEqual(
    await exchange(
      peer,
      channel.channelStatus('Local/basic@agi-under-test-00000023;2'),
      'CHANNEL STATUS Local/basic@agi-under-test-00000023;2',
      '200 result=6\n',
    ),
    { code: 6, state: 'up' },
  );
  assert.equal(
    await exchange(
      peer,
      channel.channelStatus('Local/nonexistent@nowhere-00000000;1'),
      'CHANNEL STATUS Local/nonexistent@nowhere-00000000;1',
      '200 result=-1\n',
    ),
    undefined,
  );
  await exchange(peer, channel.setAutoHangup(0), 'SET AUTOHANGUP 0', '200 result=0\n');
  await exchange(
    peer,
    channel.setCallerId('"AGI Name" <5550000>'),
    'SET CALLERID "\\"AGI Name\\" <5550000>"',
    '200 result=1\n',
  );
  await exchange(peer, channel.setContext('agi-after'), 'SET CONTEXT agi-after', '200 result=0\n');
  await exchange(peer, channel.setExtension('s'), 'SET EXTENSION s', '200 result=0\n');
  await exchange(peer, channel.setPriority(1), 'SET PRIORITY 1', '200 result=0\n');
  await exchange(peer, channel.setPriority('lbl'), 'SET PRIORITY lbl', '200 result=0\n');
  await exchange(peer, channel.setMusic(true, 'default'), 'SET MUSIC on default', '200 result=0\n');
  await exchange(peer, channel.setMusic(false), 'SET MUSIC off', '200 result=0\n');
  assert.equal(await exchange(peer, channel.tddMode('off'), 'TDD MODE off', '200 result=0\n'), false);
  assert.equal(await exchange(peer, channel.tddMode('on'), 'TDD MODE on', '200 result=1\n'), true);
  await exchange(peer, channel.noop(), 'NOOP', '200 result=0\n');
  await exchange(peer, channel.noop('after hangup'), 'NOOP "after hangup"', '200 result=0\n');
  await exchange(
    peer,
    channel.verbose('hello from the probe', 1),
    'VERBOSE "hello from the probe" 1',
    '200 result=1\n',
  );
  await exchange(peer, channel.verbose('level omitted'), 'VERBOSE "level omitted"', '200 result=1\n');
  channel.session.close();
});

test('variables and database (transcripts/basic.txt)', async () => {
  const { peer, channel } = await openChannel();
  assert.equal(
    await exchange(
      peer,
      channel.getVariable('PROBEVAR'),
      'GET VARIABLE PROBEVAR',
      '200 result=1 (hello world)\n',
    ),
    'hello world',
  );
  assert.equal(
    await exchange(peer, channel.getVariable('NOSUCHVAR'), 'GET VARIABLE NOSUCHVAR', '200 result=0\n'),
    undefined,
  );
  assert.equal(
    await exchange(peer, channel.getVariable('EMPTY'), 'GET VARIABLE EMPTY', '200 result=1 ()\n'),
    '',
  );
  assert.equal(
    await exchange(peer, channel.getVariable('PAREN'), 'GET VARIABLE PAREN', '200 result=1 (x) (y)\n'),
    'x) (y',
  );
  assert.equal(
    await exchange(
      peer,
      channel.getFullVariable('${CALLERID(name)} <${CALLERID(num)}>'),
      'GET FULL VARIABLE "${CALLERID(name)} <${CALLERID(num)}>"',
      '200 result=1 (Probe Caller <5551234>)\n',
    ),
    'Probe Caller <5551234>',
  );
  assert.equal(
    await exchange(
      peer,
      channel.getFullVariable('${NOSUCHVAR}'),
      'GET FULL VARIABLE ${NOSUCHVAR}',
      '200 result=1 ()\n',
    ),
    '',
  );
  assert.equal(
    await exchange(
      peer,
      channel.getFullVariable('${PROBEVAR}', 'Local/basic@agi-under-test-00000023;2'),
      'GET FULL VARIABLE ${PROBEVAR} Local/basic@agi-under-test-00000023;2',
      '200 result=1 (hello world)\n',
    ),
    'hello world',
  );
  assert.equal(
    await exchange(
      peer,
      channel.getFullVariable('${X}', 'Local/none'),
      'GET FULL VARIABLE ${X} Local/none',
      '200 result=0\n',
    ),
    undefined,
  );
  await exchange(
    peer,
    channel.setVariable('TESTVAR', 'hello world'),
    'SET VARIABLE TESTVAR "hello world"',
    '200 result=1\n',
  );
  await exchange(
    peer,
    channel.setVariable('QUOTED', `say "hi" and 'bye'`),
    `SET VARIABLE QUOTED "say \\"hi\\" and 'bye'"`,
    '200 result=1\n',
  );
  await exchange(
    peer,
    channel.setVariable('BACKSLASH', 'a\\b'),
    'SET VARIABLE BACKSLASH "a\\\\b"',
    '200 result=1\n',
  );
  await exchange(peer, channel.setVariable('EMPTY', ''), 'SET VARIABLE EMPTY ""', '200 result=1\n');
  await exchange(
    peer,
    channel.setVariable('SPACE NAME', 'value'),
    'SET VARIABLE "SPACE NAME" value',
    '200 result=1\n',
  );
  await exchange(
    peer,
    channel.databasePut('labfam', 'key1', 'value with spaces'),
    'DATABASE PUT labfam key1 "value with spaces"',
    '200 result=1\n',
  );
  assert.equal(
    await exchange(
      peer,
      channel.databaseGet('labfam', 'key1'),
      'DATABASE GET labfam key1',
      '200 result=1 (value with spaces)\n',
    ),
    'value with spaces',
  );
  assert.equal(
    await exchange(
      peer,
      channel.databaseGet('labfam', 'nokey'),
      'DATABASE GET labfam nokey',
      '200 result=0\n',
    ),
    undefined,
  );
  await exchange(peer, channel.databaseDel('labfam', 'key1'), 'DATABASE DEL labfam key1', '200 result=1\n');
  assert.equal(
    await exchange(peer, channel.databaseDelTree('labfam'), 'DATABASE DELTREE labfam', '200 result=0\n'),
    true,
  );
  assert.equal(
    await exchange(peer, channel.databaseDelTree('labfam'), 'DATABASE DELTREE labfam', '200 result=1\n'),
    false,
  );
  assert.equal(
    await exchange(
      peer,
      channel.databaseDelTree('labfam', 'sub'),
      'DATABASE DELTREE labfam sub',
      '200 result=1\n',
    ),
    false,
  );
  await assert.rejects(
    exchange(peer, channel.databasePut('f', 'k', 'v'), 'DATABASE PUT f k v', '200 result=0\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  await assert.rejects(
    exchange(peer, channel.databaseDel('f', 'k'), 'DATABASE DEL f k', '200 result=0\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  channel.session.close();
});

test('EXEC joins arguments into one options token; -2 is an unknown application (transcripts/exec.txt)', async () => {
  const { peer, channel } = await openChannel();
  assert.equal(
    await exchange(peer, channel.exec('Playback', 'beep'), 'EXEC Playback beep', '200 result=0\n'),
    0,
  );
  assert.equal(
    await exchange(peer, channel.exec('Playback', 'beep&beep'), 'EXEC Playback beep&beep', '200 result=0\n'),
    0,
  );
  await exchange(peer, channel.exec('Set', 'EXECVAR=a,b c'), 'EXEC Set "EXECVAR=a,b c"', '200 result=0\n');
  await exchange(
    peer,
    channel.exec('Read', 'DIGITS', 'beep', 4, '', '', 4),
    'EXEC Read DIGITS,beep,4,,,4',
    '200 result=0\n',
  );
  await exchange(
    peer,
    channel.exec('ConfBridge', 'labkick', '', 'lab_quiet_user'),
    'EXEC ConfBridge labkick,,lab_quiet_user',
    '200 result=0\n',
  );
  await exchange(
    peer,
    channel.exec('NoOp', '${PROBEVAR} via exec'),
    'EXEC NoOp "${PROBEVAR} via exec"',
    '200 result=0\n',
  );
  assert.equal(await exchange(peer, channel.exec('Hangup'), 'EXEC Hangup', '200 result=-1\n'), -1);
  const unknown = exchange(peer, channel.exec('NoSuchApp', 'foo'), 'EXEC NoSuchApp foo', '200 result=-2\n');
  await assert.rejects(
    unknown,
    (e) => isAgiError(e, 'AGI_ERR_COMMAND_FAILED') && /NoSuchApp/.test(e.message),
  );
  await exchange(peer, channel.execWith('Wait', [1], { timeoutMs: 5000 }), 'EXEC Wait 1', '200 result=0\n');
  channel.session.close();
});

test('GOSUB: 100 Trying then 200; label not found is COMMAND_FAILED (transcripts/basic.txt)', async () => {
  const { peer, channel } = await openChannel();
  await exchange(
    peer,
    channel.gosub('sub-probe', 's', 1, 'a', 'b'),
    'GOSUB sub-probe s 1 a,b',
    '100 result=0 Trying...\n200 result=0 Gosub complete\n',
  );
  await exchange(
    peer,
    channel.gosub('sub-probe', 's', 1, 'y'),
    'GOSUB sub-probe s 1 y',
    '100 result=0 Trying...\n200 result=0 Gosub complete\n',
  );
  await assert.rejects(
    exchange(
      peer,
      channel.gosub('sub-probe', 'nosuchexten', 1),
      'GOSUB sub-probe nosuchexten 1',
      '200 result=-1 Gosub label not found\n',
    ),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  channel.session.close();
});

test('STREAM FILE, CONTROL STREAM FILE and GET OPTION (transcripts/media.txt, dtmf.txt)', async () => {
  const { peer, channel } = await openChannel();
  assert.deepEqual(
    await exchange(peer, channel.streamFile('beep'), 'STREAM FILE beep ""', '200 result=0 endpos=3404\n'),
    {
      digit: undefined,
      endposSamples: 3404,
    },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.streamFile('beep', { offsetSamples: 800 }),
      'STREAM FILE beep "" 800',
      '200 result=0 endpos=3404\n',
    ),
    { digit: undefined, endposSamples: 3404 },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.streamFile('demo-congrats', { escapeDigits: '0123456789*#' }),
      'STREAM FILE demo-congrats 0123456789*#',
      '200 result=53 endpos=9120\n',
    ),
    { digit: '5', endposSamples: 9120 },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.controlStreamFile('demo-congrats', { escapeDigits: '5' }),
      'CONTROL STREAM FILE demo-congrats 5',
      '200 result=53 endpos=1140\n',
    ),
    { digit: '5', endposMs: 1140 },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.controlStreamFile('vm-goodbye', { escapeDigits: '5' }),
      'CONTROL STREAM FILE vm-goodbye 5',
      '200 result=0 endpos=-1\n',
    ),
    { digit: undefined, endposMs: undefined },
  );
  await exchange(
    peer,
    channel.controlStreamFile('f', { offsetMs: 2000 }),
    'CONTROL STREAM FILE f "" 3000 "" "" "" 2000',
    '200 result=0 endpos=-1\n',
  );
  await exchange(
    peer,
    channel.controlStreamFile('f', { escapeDigits: '#', skipMs: 5000, rewindKey: '4' }),
    'CONTROL STREAM FILE f # 5000 "" 4',
    '200 result=0 endpos=-1\n',
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.getOption('beep', { escapeDigits: '12', digitTimeoutMs: 3000 }),
      'GET OPTION beep 12 3000',
      '200 result=50 endpos=3404\n',
    ),
    { digit: '2', endposSamples: 3404 },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.getOption('beep', { escapeDigits: '12' }),
      'GET OPTION beep 12',
      '200 result=0 endpos=3404\n',
    ),
    { digit: undefined, endposSamples: 3404 },
  );
  channel.session.close();
});

test('GET DATA and WAIT FOR DIGIT (transcripts/dtmf.txt)', async () => {
  const { peer, channel } = await openChannel();
  assert.deepEqual(
    await exchange(
      peer,
      channel.getData('beep', { digitTimeoutMs: 5000, maxDigits: 10 }),
      'GET DATA beep 5000 10',
      '200 result=1234\n',
    ),
    { digits: '1234', timeout: false },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.getData('beep', { digitTimeoutMs: 2000 }),
      'GET DATA beep 2000',
      '200 result= (timeout)\n',
    ),
    { digits: '', timeout: true },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.getData('beep', { digitTimeoutMs: 2500, maxDigits: 5 }),
      'GET DATA beep 2500 5',
      '200 result=12 (timeout)\n',
    ),
    { digits: '12', timeout: true },
  );
  assert.deepEqual(
    await exchange(peer, channel.getData('beep', { maxDigits: 5 }), 'GET DATA beep 0 5', '200 result=\n'),
    {
      digits: '',
      timeout: false,
    },
  );
  assert.deepEqual(
    await exchange(peer, channel.getData('beep'), 'GET DATA beep', '200 result=*1 (timeout)\n'),
    {
      digits: '*1',
      timeout: true,
    },
  );
  assert.equal(
    await exchange(peer, channel.waitForDigit(5000), 'WAIT FOR DIGIT 5000', '200 result=55\n'),
    '7',
  );
  assert.equal(
    await exchange(peer, channel.waitForDigit(1000), 'WAIT FOR DIGIT 1000', '200 result=0\n'),
    undefined,
  );
  assert.equal(await exchange(peer, channel.waitForDigit(-1), 'WAIT FOR DIGIT -1', '200 result=42\n'), '*');
  assert.equal(await exchange(peer, channel.waitForDigit(-1), 'WAIT FOR DIGIT -1', '200 result=35\n'), '#');
  channel.session.close();
});

test('RECORD FILE (transcripts/record.txt)', async () => {
  const { peer, channel } = await openChannel();
  const path = '/opt/agilab/recordings/rec';
  assert.deepEqual(
    await exchange(
      peer,
      channel.recordFile(path, 'wav', { escapeDigits: '#', maxDurationMs: 2000 }),
      `RECORD FILE ${path} wav # 2000`,
      '200 result=0 (timeout) endpos=16000\n',
    ),
    { reason: 'timeout', digit: undefined, endposSamples: 16000 },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.recordFile(path, 'wav', { escapeDigits: '#', maxDurationMs: 10000 }),
      `RECORD FILE ${path} wav # 10000`,
      '200 result=35 (dtmf) endpos=6400\n',
    ),
    { reason: 'dtmf', digit: '#', endposSamples: 6400 },
  );
  await exchange(
    peer,
    channel.recordFile(path, 'gsm', { escapeDigits: '#', maxDurationMs: 1500, beep: true }),
    `RECORD FILE ${path} gsm # 1500 0 BEEP`,
    '200 result=0 (timeout) endpos=12000\n',
  );
  await exchange(
    peer,
    channel.recordFile(path, 'wav', {
      escapeDigits: '#',
      maxDurationMs: 3000,
      beep: true,
      silenceSeconds: 1,
    }),
    `RECORD FILE ${path} wav # 3000 0 BEEP s=1`,
    '200 result=0 (timeout) endpos=24000\n',
  );
  await exchange(
    peer,
    channel.recordFile(path, 'wav'),
    `RECORD FILE ${path} wav "" -1`,
    '200 result=0 (timeout) endpos=8000\n',
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.recordFile(path, 'wav'),
      `RECORD FILE ${path} wav "" -1`,
      '200 result=-1 (hangup) endpos=4000\n',
    ),
    { reason: 'hangup', digit: undefined, endposSamples: 4000 },
  );
  await assert.rejects(
    exchange(
      peer,
      channel.recordFile('/opt/agilab/nonexistent-dir/x', 'wav', { escapeDigits: '#', maxDurationMs: 1000 }),
      'RECORD FILE /opt/agilab/nonexistent-dir/x wav # 1000',
      '200 result=-1 (writefile)\n',
    ),
    (e) => isAgiError(e, 'AGI_ERR_COMMAND_FAILED') && /writefile/.test(e.message),
  );
  channel.session.close();
});

test('SAY commands (transcripts/media.txt)', async () => {
  const { peer, channel } = await openChannel();
  assert.equal(
    await exchange(peer, channel.sayDigits('123'), 'SAY DIGITS 123 ""', '200 result=0\n'),
    undefined,
  );
  assert.equal(
    await exchange(
      peer,
      channel.sayDigits(1234567, { escapeDigits: '#' }),
      'SAY DIGITS 1234567 #',
      '200 result=35\n',
    ),
    '#',
  );
  await exchange(peer, channel.sayNumber(1234), 'SAY NUMBER 1234 ""', '200 result=0\n');
  await exchange(peer, channel.sayNumber(7, { gender: 'f' }), 'SAY NUMBER 7 "" f', '200 result=0\n');
  await exchange(peer, channel.sayAlpha('abc'), 'SAY ALPHA abc ""', '200 result=0\n');
  await exchange(peer, channel.sayAlpha('Hi 5'), 'SAY ALPHA "Hi 5" ""', '200 result=0\n');
  await exchange(peer, channel.sayPhonetic('ab'), 'SAY PHONETIC ab ""', '200 result=0\n');
  await exchange(peer, channel.sayDate(0), 'SAY DATE 0 ""', '200 result=0\n');
  await exchange(
    peer,
    channel.sayTime(new Date(1_700_000_000_999)),
    'SAY TIME 1700000000 ""',
    '200 result=0\n',
  );
  await exchange(
    peer,
    channel.sayDateTime(0, { format: 'HM', timezone: 'UTC' }),
    'SAY DATETIME 0 "" HM UTC',
    '200 result=0\n',
  );
  await exchange(peer, channel.sayDateTime(0), 'SAY DATETIME 0 ""', '200 result=0\n');
  await assert.rejects(channel.sayDateTime(0, { timezone: 'UTC' }), code('AGI_ERR_BAD_ARGUMENT'));
  await assert.rejects(
    exchange(
      peer,
      channel.sayNumber('notanumber'),
      'SAY NUMBER notanumber ""',
      '520-Invalid command syntax.  Proper usage follows:\nSay a given number, returning early if any of the given DTMF digits are received on the channel.\n520 End of proper usage.\n',
    ),
    (e) =>
      isAgiError(e, 'AGI_ERR_USAGE') &&
      e.usage ===
        'Say a given number, returning early if any of the given DTMF digits are received on the channel.' &&
      e.command === 'SAY NUMBER notanumber ""',
  );
  channel.session.close();
});

test('text, image and TDD commands (transcripts/basic.txt)', async () => {
  const { peer, channel } = await openChannel(10);
  await exchange(peer, channel.sendText('hello'), 'SEND TEXT hello', '200 result=0\n');
  await exchange(peer, channel.sendImage('logo'), 'SEND IMAGE logo', '200 result=0\n');
  assert.deepEqual(await exchange(peer, channel.receiveChar(200), 'RECEIVE CHAR 200', '200 result=65\n'), {
    char: 'A',
    timeout: false,
  });
  assert.deepEqual(
    await exchange(peer, channel.receiveChar(200), 'RECEIVE CHAR 200', '200 result=0 (timeout)\n'),
    {
      char: undefined,
      timeout: true,
    },
  );
  // A Local channel has no text support: -1 (hangup) although nobody hung up.
  await assert.rejects(
    exchange(peer, channel.receiveChar(200), 'RECEIVE CHAR 200', '200 result=-1 (hangup)\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  assert.equal(
    await exchange(peer, channel.receiveText(200), 'RECEIVE TEXT 200', '200 result=1 (hi there)\n'),
    'hi there',
  );
  await assert.rejects(
    exchange(peer, channel.receiveText(200), 'RECEIVE TEXT 200', '200 result=-1\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  channel.session.close();
});

test('SPEECH commands', async () => {
  const { peer, channel } = await openChannel();
  await assert.rejects(
    exchange(peer, channel.speechCreate('nosuchengine'), 'SPEECH CREATE nosuchengine', '200 result=0\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  await exchange(peer, channel.speechCreate('lumenvox'), 'SPEECH CREATE lumenvox', '200 result=1\n');
  await exchange(peer, channel.speechSet('confidence', 50), 'SPEECH SET confidence 50', '200 result=1\n');
  await exchange(
    peer,
    channel.speechLoadGrammar('digits', '/g/digits.gram'),
    'SPEECH LOAD GRAMMAR digits /g/digits.gram',
    '200 result=1\n',
  );
  await exchange(
    peer,
    channel.speechActivateGrammar('digits'),
    'SPEECH ACTIVATE GRAMMAR digits',
    '200 result=1\n',
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.speechRecognize('please-say', 5),
      'SPEECH RECOGNIZE please-say 5',
      '200 result=1 (speech) endpos=1200 results=2 score0=870 text0="call home" grammar0=digits score1=200 text1="tall foam" grammar1=digits\n',
    ),
    {
      kind: 'speech',
      endposSamples: 1200,
      results: [
        { score: 870, text: 'call home', grammar: 'digits' },
        { score: 200, text: 'tall foam', grammar: 'digits' },
      ],
    },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.speechRecognize('please-say', 5, { offsetSamples: 100 }),
      'SPEECH RECOGNIZE please-say 5 100',
      '200 result=1 (digit) digit=5 endpos=800\n',
    ),
    { kind: 'digit', digit: '5', endposSamples: 800 },
  );
  assert.deepEqual(
    await exchange(
      peer,
      channel.speechRecognize('p', 2),
      'SPEECH RECOGNIZE p 2',
      '200 result=1 (timeout) endpos=0\n',
    ),
    { kind: 'timeout', endposSamples: 0 },
  );
  await assert.rejects(
    exchange(peer, channel.speechRecognize('p', 2), 'SPEECH RECOGNIZE p 2', '200 result=0 endpos=0\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  await exchange(
    peer,
    channel.speechDeactivateGrammar('digits'),
    'SPEECH DEACTIVATE GRAMMAR digits',
    '200 result=1\n',
  );
  await exchange(
    peer,
    channel.speechUnloadGrammar('digits'),
    'SPEECH UNLOAD GRAMMAR digits',
    '200 result=1\n',
  );
  await exchange(peer, channel.speechDestroy(), 'SPEECH DESTROY', '200 result=1\n');
  channel.session.close();
});

test('510, 511 and 520 become typed errors (transcripts/protocol.txt, hangupidle.txt, setprio.txt)', async () => {
  const { peer, channel } = await openChannel();
  await assert.rejects(
    exchange(peer, channel.send('FOOBAR'), 'FOOBAR', '510 Invalid or unknown command\n'),
    code('AGI_ERR_INVALID_COMMAND'),
  );
  await assert.rejects(
    exchange(
      peer,
      channel.channelStatus(),
      'CHANNEL STATUS',
      '511 Command Not Permitted on a dead channel or intercept routine\n',
    ),
    code('AGI_ERR_DEAD_CHANNEL'),
  );
  await assert.rejects(
    exchange(
      peer,
      channel.setPriority('nosuchlabel'),
      'SET PRIORITY nosuchlabel',
      '520-Invalid command syntax.  Proper usage follows:\nChanges the priority for continuation upon exiting the application. The priority must be a valid priority or label.\n520 End of proper usage.\n',
    ),
    (e) => isAgiError(e, 'AGI_ERR_USAGE') && /valid priority or label/.test(e.usage ?? ''),
  );
  await assert.rejects(
    exchange(
      peer,
      channel.getVariable('X'),
      'GET VARIABLE X',
      '520 Invalid command syntax.  Proper usage not available.\n',
    ),
    (e) =>
      isAgiError(e, 'AGI_ERR_USAGE') &&
      e.usage === '520 Invalid command syntax.  Proper usage not available.',
  );
  await assert.rejects(
    exchange(peer, channel.getVariable('X'), 'GET VARIABLE X', '503 result=-2 Memory allocation failure\n'),
    code('AGI_ERR_PROTOCOL'),
  );
  channel.session.close();
});

test('raw send encodes arguments and returns the reply', async () => {
  const { peer, channel } = await openChannel();
  const viaWith = await exchange(
    peer,
    channel.sendWith('DATABASE GET', ['fam', undefined], { timeoutMs: 1000 }),
    'DATABASE GET fam',
    '200 result=0\n',
  );
  assert.equal(viaWith.result, '0');
  await exchange(
    peer,
    channel.gosubWith('sub', 's', 'start', ['a b', 2], { timeoutMs: 1000 }),
    'GOSUB sub s start "a b,2"',
    '100 result=0 Trying...\n200 result=0 Gosub complete\n',
  );
  const reply = await exchange(
    peer,
    channel.send('GET VARIABLE', 'a b'),
    'GET VARIABLE "a b"',
    '200 result=1 (v)\n',
  );
  assert.equal(reply.data, 'v');
  await assert.rejects(channel.send('VERBOSE', 'two\nlines'), code('AGI_ERR_BAD_ARGUMENT'));
  await assert.rejects(channel.setVariable('X', 'y'.repeat(9000)), code('AGI_ERR_COMMAND_TOO_LONG'));
  await settle();
  assert.equal(channel.session.commandCount, 3, 'nothing was sent for the refused commands');
  channel.session.close();
});

test('result=-1 followed by HANGUP is AGI_ERR_HANGUP (transcripts/hangupstream.txt, hangupgetdata.txt)', async () => {
  const { peer, channel } = await openChannel(1000);
  const playing = channel.streamFile('demo-congrats', { escapeDigits: '#' });
  assert.equal(await peer.nextCommand(), 'STREAM FILE demo-congrats #');
  peer.write('200 result=-1 endpos=8160\n');
  await settle();
  peer.write('HANGUP\n');
  await assert.rejects(playing, code('AGI_ERR_HANGUP'));
  assert.equal(channel.hungUp, true);
  // after hangup: GET DATA answers 511, NOOP still works, hangup() of our own dead channel is fine
  await assert.rejects(
    exchange(
      peer,
      channel.getData('beep', { digitTimeoutMs: 100 }),
      'GET DATA beep 100',
      '511 Command Not Permitted on a dead channel or intercept routine\n',
    ),
    code('AGI_ERR_DEAD_CHANNEL'),
  );
  await exchange(peer, channel.noop(), 'NOOP', '200 result=0\n');
  await exchange(
    peer,
    channel.hangup(),
    'HANGUP',
    '511 Command Not Permitted on a dead channel or intercept routine\n',
  );
  channel.session.close();
});

test('result=-1 with the HANGUP line already merged in is AGI_ERR_HANGUP at once', async () => {
  const { peer, channel } = await openChannel(60_000);
  const waiting = channel.getData('beep', { digitTimeoutMs: 10000, maxDigits: 5 });
  assert.equal(await peer.nextCommand(), 'GET DATA beep 10000 5');
  peer.write('HANGUP\n200 result=-1\n');
  await assert.rejects(waiting, code('AGI_ERR_HANGUP'));
  channel.session.close();
});

test('result=-1 without a HANGUP within the grace period is AGI_ERR_COMMAND_FAILED (transcripts/failstatus.txt)', async () => {
  const { peer, channel } = await openChannel(20);
  await assert.rejects(
    exchange(peer, channel.streamFile('nosuchfile'), 'STREAM FILE nosuchfile ""', '200 result=-1 endpos=0\n'),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  await assert.rejects(
    exchange(
      peer,
      channel.getData('nosuchfile', { digitTimeoutMs: 1500, maxDigits: 4 }),
      'GET DATA nosuchfile 1500 4',
      '200 result=-1\n',
    ),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  await exchange(peer, channel.noop('still fine'), 'NOOP "still fine"', '200 result=0\n');
  channel.session.close();
});

test('standard AGI: SIGHUP (markHungUp) during the grace period makes it a hangup', async () => {
  const { peer, channel } = await openChannel(1000);
  const waiting = channel.waitForDigit(10000);
  await peer.nextCommand();
  peer.write('200 result=-1\n');
  await settle();
  channel.session.markHungUp();
  await assert.rejects(waiting, code('AGI_ERR_HANGUP'));
  channel.session.close();
});

test('hangup(): own channel, another channel, a missing channel (transcripts/hangupcmd.txt, hangupother.txt)', async () => {
  const { peer, channel } = await openChannel();
  await exchange(peer, channel.hangup(), 'HANGUP', '200 result=1\n');
  await exchange(
    peer,
    channel.hangup('Local/hangupother@agi-under-test-00000033;1'),
    'HANGUP Local/hangupother@agi-under-test-00000033;1',
    '200 result=1\n',
  );
  await assert.rejects(
    exchange(
      peer,
      channel.hangup('Local/nosuch@x-00000000;1'),
      'HANGUP Local/nosuch@x-00000000;1',
      '200 result=-1\n',
    ),
    code('AGI_ERR_COMMAND_FAILED'),
  );
  await assert.rejects(
    exchange(
      peer,
      channel.hangup('Local/x'),
      'HANGUP Local/x',
      '511 Command Not Permitted on a dead channel or intercept routine\n',
    ),
    code('AGI_ERR_DEAD_CHANNEL'),
  );
  channel.session.close();
});

test('per-command deadline and signal reach the session', async () => {
  const { peer, channel } = await openChannel();
  const slow = channel.waitForDigit(-1, { timeoutMs: 20 });
  await peer.nextCommand();
  await assert.rejects(slow, code('AGI_ERR_TIMEOUT'));
  const controller = new AbortController();
  const playing = channel.streamFile('x', { signal: controller.signal });
  assert.equal(await peer.nextCommand(), 'GET FULL VARIABLE callgate-sync-1');
  peer.write('200 result=0\n200 result=1 (callgate-sync-1)\n');
  assert.equal(await peer.nextCommand(), 'STREAM FILE x ""');
  controller.abort();
  await assert.rejects(playing, code('AGI_ERR_ABORTED'));
  channel.session.close();
});
