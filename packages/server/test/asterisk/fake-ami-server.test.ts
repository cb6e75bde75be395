/**
 * What the fake AMI server does that the conformance replays (ami-conformance.test.ts) cannot
 * show: answers taken from recordings it cannot replay whole (41: permissions and ListCommands),
 * and answers Asterisk's source gives where no recording exists (ConfbridgeKick all).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import type { AmiClient } from '../../src/asterisk/ami-client.ts';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { clientFor, nextEvent, waitForStatus } from './ami-test-support.ts';
import { parseAmiTranscript } from './conformance/ami-transcript.ts';

const permissions = parseAmiTranscript(
  '41-permissions',
  readFileSync(new URL('../fixtures/ami-transcripts/41-permissions.txt', import.meta.url), 'utf8'),
);

/** The recorded answer to the client action with this ActionID. */
function recordedAnswer(actionId: string): Map<string, string> {
  const entry = permissions.entries.find(
    (e) =>
      e.kind === 'message' &&
      e.from === 'asterisk' &&
      e.fields.some(([k, v]) => k === 'ActionID' && v === actionId) &&
      e.fields.some(([k]) => k === 'Response'),
  );
  assert.ok(entry?.kind === 'message', `41 has an answer to ${actionId}`);
  return new Map(entry.fields);
}

describe('the fake AMI server, beyond the replayed recordings', () => {
  let fake: FakeAmiServer;
  let client: AmiClient | undefined;

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await fake.close();
  });

  async function connected(options: Parameters<typeof FakeAmiServer.start>[0] = {}): Promise<AmiClient> {
    fake = await FakeAmiServer.start(options);
    client = clientFor(fake);
    client.start();
    await waitForStatus(client, 'connected');
    return client;
  }

  it("refuses actions outside the docs' manager user's write classes as 41 records", async () => {
    const ami = await connected();
    const denied: Array<[string, Record<string, string>]> = [
      ['lab-17', { Action: 'Command', Command: 'core show channels' }],
      ['lab-18', { Action: 'UserEvent', UserEvent: 'RecTest' }],
      ['lab-19', { Action: 'UpdateConfig', SrcFilename: 'x.conf', DstFilename: 'x.conf' }],
      ['lab-20', { Action: 'MessageSend', To: 'pjsip:1001', Body: 'x' }],
      ['lab-21', { Action: 'AGI', Channel: 'PJSIP/1001-00000001', Command: 'NOOP' }],
    ];
    for (const [recordedId, action] of denied) {
      const recorded = recordedAnswer(recordedId);
      await assert.rejects(ami.action(action), (err: { code?: string; amiMessage?: string }) => {
        assert.equal(err.code, 'E_AMI_ACTION');
        assert.equal(err.amiMessage, recorded.get('Message'));
        assert.equal(recorded.get('Message'), 'Permission denied');
        return true;
      });
    }
  });

  it('ListCommands lists what the user may send, each line as Asterisk words it (41)', async () => {
    const ami = await connected();
    const listed = (await ami.action({ Action: 'ListCommands' })).toObject();
    const recorded = recordedAnswer('lab-3');
    const names = Object.keys(listed).filter((k) => !['Response', 'ActionID'].includes(k));
    assert.ok(names.includes('Originate') && names.includes('QueueAdd') && names.includes('ModuleLoad'));
    for (const name of names) assert.equal(listed[name], recorded.get(name), `ListCommands line of ${name}`);
    for (const refused of ['Command', 'UserEvent', 'AGI']) assert.ok(!names.includes(refused));
  });

  it('an unknown action gets Asterisk\'s text, naming it (02, 18: "ModuleReload")', async () => {
    const ami = await connected();
    await assert.rejects(ami.action({ Action: 'NoSuchThing' }), {
      amiMessage:
        'Invalid/unknown command: NoSuchThing. Use Action: ListCommands to show available commands.',
    });
  });

  it('ConfbridgeKick all empties the room: "All participants kicked" (app_confbridge; not recorded)', async () => {
    const ami = await connected();
    fake.originateScenarios.set('PJSIP/1001', { outcome: 'answer' });
    const joined = nextEvent(ami, 'ConfbridgeJoin');
    await ami.action({
      Action: 'Originate',
      Channel: 'PJSIP/1001',
      Application: 'ConfBridge',
      Data: '8600051,callgate_bridge,callgate_agent',
      Async: 'true',
    });
    await joined;
    const ended = nextEvent(ami, 'ConfbridgeEnd');
    const hungUp = nextEvent(ami, 'Hangup');
    const kick = await ami.action({ Action: 'ConfbridgeKick', Conference: '8600051', Channel: 'all' });
    assert.equal(kick.get('Message'), 'All participants kicked');
    await ended;
    assert.match((await hungUp).get('Channel') ?? '', /^PJSIP\/1001-[0-9a-f]{8}$/);
    assert.equal(fake.conferences.size, 0);
    // Nobody left anywhere: Asterisk's answer changes (03, 12).
    await assert.rejects(ami.action({ Action: 'ConfbridgeKick', Conference: '8600051', Channel: 'all' }), {
      amiMessage: 'No active conferences.',
    });
  });

  it('events reach a user only in the classes it reads (manager.conf read =)', async () => {
    const ami = await connected({ read: ['call'] });
    fake.addQueue('sales');
    let queueEvents = 0;
    ami.onEvent('QueueMemberAdded', () => {
      queueEvents++;
    });
    const registered = nextEvent(ami, 'DeviceStateChange');
    await ami.action({ Action: 'QueueAdd', Queue: 'sales', Interface: 'Local/8600051@callgate-queue/n' });
    fake.registerContact('2001', 'sip:2001@192.0.2.10:5060');
    // DeviceStateChange is class call (read), QueueMemberAdded agent and ContactStatus system (not read).
    assert.equal((await registered).get('Device'), 'PJSIP/2001');
    await ami.action({ Action: 'Ping' });
    assert.equal(queueEvents, 0);
  });
});
