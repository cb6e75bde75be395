import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { parseServeConfig, type ServeConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { type RunningCallgate, startCallgate } from '../../src/runtime/start-callgate.ts';

function configFor(extra: string[] = []): ServeConfig {
  return parseServeConfig(
    [
      '--db',
      'sqlite::memory:',
      '--agi-port',
      '0',
      '--http-port',
      '0',
      '--sweep-interval-sec',
      '3600',
      ...extra,
    ],
    {},
  );
}

async function health(running: RunningCallgate): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${running.httpPort}/healthz`);
  return (await res.json()) as Record<string, unknown>;
}

describe('callgate serve without --ami-url', () => {
  let running: RunningCallgate;
  let banner = '';
  before(async () => {
    running = await startCallgate({
      config: configFor(),
      logger: createLogger({ level: 'silent' }),
      print: (t) => (banner += t),
    });
  });
  after(() => running.stop('test over'));

  test('AMI is off: status off, no ami in /healthz, the banner says how to turn it on', async () => {
    assert.equal(running.asterisk.status(), 'off');
    assert.equal((await health(running)).ami, undefined);
    assert.match(banner, /Asterisk AMI {2}off \(set --ami-url/);
  });

  test('"call me again" is refused with E_STATE; agent queues can still be configured', async () => {
    const alice = await running.services.agents.findByUserId('1001');
    assert.ok(alice);
    const session = await running.services.sessions.start(alice.id, { interface: 'internal' });
    await assert.rejects(running.asterisk.callAgainSession(session.id), { code: 'E_STATE' });
    assert.deepEqual(await running.asterisk.setAgentQueues(alice.id, ['sales', 'sales', ' vip ']), [
      'sales',
      'vip',
    ]);
    assert.deepEqual(await running.asterisk.agentQueues(alice.id), ['sales', 'vip']);
    await assert.rejects(running.asterisk.setAgentQueues(alice.id, ['bad,name']), { code: 'E_VALIDATION' });
    await running.services.sessions.end(session.id);
  });
});

describe('callgate serve with --ami-url (fake AMI over loopback)', () => {
  let fake: FakeAmiServer;
  let running: RunningCallgate;
  let banner = '';
  let logs = '';

  before(async () => {
    fake = await FakeAmiServer.start({ username: 'callgate', secret: 'AmiSecret-42' });
    fake.addQueue('sales');
    running = await startCallgate({
      config: configFor(['--ami-url', `ami://callgate:AmiSecret-42@127.0.0.1:${fake.port}`]),
      logger: createLogger({
        level: 'info',
        destination: {
          write: (line: string) => {
            logs += line;
          },
        },
      }),
      print: (t) => (banner += t),
    });
    const calls = running.asterisk.calls;
    assert.ok(calls);
    if (running.asterisk.status() !== 'connected') await once(calls.control, 'synced');
  });
  after(async () => {
    await running.stop('test over');
    await fake.close();
  });

  test('connects at start; /healthz and the banner show it without the secret', async () => {
    assert.equal(running.asterisk.status(), 'connected');
    assert.equal((await health(running)).ami, 'connected');
    assert.match(banner, new RegExp(`Asterisk AMI {2}ami://callgate:\\*\\*\\*@127\\.0\\.0\\.1:${fake.port}`));
    assert.ok(!banner.includes('AmiSecret-42'));
    assert.match(logs, /AMI connected/);
    assert.ok(!logs.includes('AmiSecret-42'), 'the AMI secret never reaches the logs');
  });

  test('an agent who logs in on "internal" is called and joins the queues configured for them', async () => {
    const alice = await running.services.agents.findByUserId('1001');
    assert.ok(alice);
    await running.asterisk.setAgentQueues(alice.id, ['sales']);
    const session = await running.services.sessions.start(alice.id, { interface: 'internal' });
    await running.asterisk.calls?.idle();
    const originate = (await fake.waitForAction('Originate')).message;
    assert.equal(originate.get('Channel'), 'PJSIP/1001');
    // Not "Anonymous" on the agent's phone: the dial-in number, named Callgate (--agent-caller-id).
    assert.equal(originate.get('CallerID'), '"Callgate" <2345>');
    assert.equal((await running.services.sessions.get(session.id)).phoneLeg, 'connected');
    assert.equal((await running.asterisk.lastLegAttempt(session.id))?.status, 'connected');
    assert.equal(fake.queues.get('sales')?.get(`Local/${session.conference}@callgate-queue/n`)?.paused, true);
    await running.services.sessions.end(session.id);
    await running.asterisk.calls?.idle();
    assert.equal(fake.queues.get('sales')?.size, 0);
  });

  test('Asterisk going away shows as degraded, and coming back as connected', async () => {
    const calls = running.asterisk.calls;
    assert.ok(calls);
    const statuses: string[] = [];
    const off = running.asterisk.onStatus((c) => statuses.push(c.status));
    const synced = once(calls.control, 'synced');
    fake.dropConnections();
    await synced; // the client reconnects on its own, with backoff
    off();
    assert.equal(statuses[0], 'down');
    assert.equal(statuses.at(-1), 'connected');
  });
});
