import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { parseCallerId, simulateCall, substituteVariables } from '@callgate/agi/testing';
import { startScriptServer } from './script-server.ts';

const servers: Array<{ close: () => Promise<void> }> = [];
after(async () => {
  for (const server of servers) await server.close();
});

async function exec(commands: string[], options: Omit<Parameters<typeof simulateCall>[0], 'url'> = {}) {
  const replies: string[][] = [];
  const server = await startScriptServer(async (conn) => {
    for (const command of commands) replies.push(await conn.command(command));
  });
  servers.push(server);
  const recording = await simulateCall({ url: server.url(), ...options });
  await server.settled();
  return { replies, recording };
}

test('VoiceMail records until #, sets VMSTATUS; MusicOnHold holds for its duration', async () => {
  const { replies, recording } = await exec(
    ['EXEC VoiceMail "101@sales,u"', 'GET VARIABLE VMSTATUS', 'EXEC MusicOnHold "default,2"', 'NOOP'],
    { caller: [{ keys: '#', at: { app: 'VoiceMail', afterMs: 5000 } }] },
  );
  assert.deepEqual(replies, [
    ['200 result=0'],
    ['200 result=1 (SUCCESS)'],
    ['200 result=0'],
    ['200 result=0'],
  ]);
  const moh = recording.apps.find((a) => a.name === 'MusicOnHold');
  assert.equal((moh?.endedAt ?? 0) - (moh?.startedAt ?? 0), 2000);
  assert.equal(recording.prompts[0]?.file, 'vm-intro');
});

test('VoiceMailMain holds until the caller hangs up, then returns -1', async () => {
  const { replies, recording } = await exec(['EXEC VoiceMailMain "101@sales"'], {
    caller: [{ hangup: true, at: { app: 'VoiceMailMain', afterMs: 30_000 } }],
  });
  assert.deepEqual(replies, [['200 result=-1']]);
  assert.equal(recording.hungUpAt, 30_000);
  assert.equal(recording.agiStatus, 'HANGUP');
});

test('Dial: the caller hanging up while it rings gives DIALSTATUS=CANCEL', async () => {
  const { replies, recording } = await exec(['EXEC Dial "PJSIP/2001,20"', 'GET VARIABLE DIALSTATUS'], {
    caller: [{ hangup: true, at: { app: 'Dial', afterMs: 3000 } }],
  });
  assert.deepEqual(replies, [['200 result=-1'], ['HANGUP', '200 result=1 (CANCEL)']]);
  assert.equal(recording.variables.DIALSTATUS, 'CANCEL');
});

test('SET VARIABLE and Set() write CALLERID(num|name|all); GET VARIABLE reads functions', async () => {
  const { replies } = await exec([
    'SET VARIABLE CALLERID(num) 5550100',
    'EXEC Set "CALLERID(name)=Front Desk"',
    'GET VARIABLE CALLERID(all)',
    `GET FULL VARIABLE "\${LEN(\${CALLERID(name)})} \${CHANNEL(state)}"`,
  ]);
  assert.deepEqual(replies.slice(2), [['200 result=1 ("Front Desk" <5550100>)'], ['200 result=1 (10 Ring)']]);
});

test('expressions nest; caller IDs parse as Asterisk does', () => {
  const scope = { read: (name: string) => ({ A: 'B', B: 'value', 'LEN(value)': '5' })[name] };
  assert.equal(substituteVariables(`\${\${A}}/\${LEN(\${\${A}})}/\${NONE}/$x`, scope), 'value/5//$x');
  assert.deepEqual(parseCallerId('"AGI Name" <5550000>'), { name: 'AGI Name', num: '5550000' });
  assert.deepEqual(parseCallerId('Probe Caller <5551234>'), { name: 'Probe Caller', num: '5551234' });
  assert.deepEqual(parseCallerId('5551234'), { name: '', num: '5551234' });
});
