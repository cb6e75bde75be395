import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type ChannelStatus, createAgiServer, isAgiError } from '@callgate/agi';
import { simulateCall, startCall } from '@callgate/agi/testing';
import { startScriptServer } from './script-server.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const close of closers) await close();
});

const self = 'Local/dialin@callgate-00000042;2';
const linkedHalf = 'Local/dialin@callgate-00000042;1';
const firstLeg = 'PJSIP/2001-00000007';
const ringingPhone = 'PJSIP/2002-00000008';

test('CHANNEL STATUS and HANGUP by name: own channel, its linked half, other live channels, unknown', async () => {
  const replies: Array<string[] | string | undefined> = [];
  const server = await startScriptServer(async (conn) => {
    for (const line of [
      `CHANNEL STATUS ${linkedHalf}`,
      `CHANNEL STATUS ${firstLeg}`,
      `CHANNEL STATUS ${ringingPhone}`,
      'CHANNEL STATUS PJSIP/9999-00000001',
      `HANGUP ${firstLeg}`,
      `CHANNEL STATUS ${firstLeg}`,
      `HANGUP ${firstLeg}`,
      'HANGUP PJSIP/9999-00000001',
      'ANSWER',
      'CHANNEL STATUS',
      `CHANNEL STATUS ${linkedHalf}`,
      `CHANNEL STATUS ${ringingPhone}`,
      `HANGUP ${linkedHalf}`,
    ]) {
      replies.push(await conn.command(line));
    }
    replies.push(await conn.readLine());
  });
  closers.push(server.close);
  const recording = await simulateCall({
    url: server.url('agent-dial-in'),
    channel: { name: self },
    linkedChannels: [linkedHalf],
    otherChannels: { [firstLeg]: 'up', [ringingPhone]: 5 },
  });
  await server.settled();
  assert.deepEqual(server.errors, []);
  assert.deepEqual(replies, [
    ['200 result=4'], // the linked half reports this channel's state: ringing until ANSWER
    ['200 result=6'],
    ['200 result=5'],
    ['200 result=-1'], // Asterisk has no such channel
    ['200 result=1'],
    ['200 result=-1'], // hung up: gone
    ['200 result=-1'],
    ['200 result=-1'],
    ['200 result=0'],
    ['200 result=6'],
    ['200 result=6'],
    ['200 result=5'],
    ['200 result=1'], // the other half of a Local channel takes this call along
    'HANGUP',
  ]);
  // Hanging up the other caller's leg left this call up; the linked half ended it.
  assert.deepEqual(recording.otherChannelsHungUp, [{ channel: firstLeg, at: 0 }]);
  assert.equal(recording.hungUpBy, 'application');
  assert.equal(recording.agiStatus, 'HANGUP');
});

test('a second caller sees the first leg alive through AgiChannel.channelStatus', async () => {
  const seen: Array<ChannelStatus | undefined> = [];
  const server = createAgiServer({});
  server.route('second-caller', async (channel) => {
    seen.push(await channel.channelStatus(firstLeg));
    seen.push(await channel.channelStatus('PJSIP/2001-00000001'));
  });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => server.close({ deadlineMs: 100 }));
  const recording = await simulateCall({
    url: `agi://127.0.0.1:${port}/second-caller`,
    otherChannels: { [firstLeg]: 'up' },
  });
  assert.deepEqual(seen, [{ code: 6, state: 'up' }, undefined]);
  assert.deepEqual(recording.otherChannelsHungUp, []);
  assert.equal(recording.agiStatus, 'SUCCESS');
});

test('an other channel with no such state is refused at once with AGI_ERR_BAD_ARGUMENT', () => {
  for (const state of [10, -1, 2.5, 'talking']) {
    assert.throws(
      () => startCall({ url: 'agi://127.0.0.1:1/x', otherChannels: { [firstLeg]: state as 'up' } }),
      (err) => isAgiError(err) && err.code === 'AGI_ERR_BAD_ARGUMENT' && err.message.includes(firstLeg),
    );
  }
});
