/**
 * The extension-router app end to end: the simulated Asterisk calls a real FastAGI server over
 * real sockets; the app runs on the real directory service over a fresh SQLite store per test.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CallRecording, DialOutcome } from '@callgate/agi/testing';
import { openRoutingHarness, type RoutingHarness, type RoutingHarnessOptions } from './routing-harness.ts';

let harness: RoutingHarness | undefined;

async function open(options: RoutingHarnessOptions = {}): Promise<RoutingHarness> {
  harness = await openRoutingHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const apps = (rec: CallRecording) => rec.apps.map((a) => `${a.name}(${a.args})`);
const files = (rec: CallRecording) => rec.prompts.map((p) => p.file);

/** Extension 101 rings two phones for 15 s; voicemail box 101 in context `sales`. */
async function withSales(h: RoutingHarness) {
  return h.services.directory.add({
    extension: '101',
    name: 'Sales',
    endpoints: ['PJSIP/2001', 'PJSIP/2002'],
    ringSeconds: 15,
    voicemailContext: 'sales',
  });
}

/** An answered call talks for 30 s; the caller hangs up a minute into anything that would hold forever. */
function routeCall(h: RoutingHarness, extension: string, dial?: DialOutcome) {
  return h.call('extension-router', {
    args: [extension],
    location: { context: 'callgate-routing', extension },
    ...(dial ? { dial: dial.status === 'ANSWER' ? { talkMs: 30_000, ...dial } : dial } : {}),
    caller: [{ hangup: true, at: { app: 'VoiceMailMain', afterMs: 60_000 } }],
  });
}

describe('extension-router', () => {
  test('answered: Dial with the ring time, no voicemail', async () => {
    const h = await open();
    await withSales(h);
    const rec = await routeCall(h, '101', { status: 'ANSWER', ringMs: 3000, talkMs: 20_000 });
    assert.deepEqual(apps(rec), ['Dial(PJSIP/2001&PJSIP/2002,15)']);
    assert.equal(rec.variables.CALLGATE_ROUTE, 'answered');
    assert.equal(rec.variables.CALLGATE_DIALSTATUS, 'ANSWER');
    assert.equal(rec.variables.CALLGATE_ROUTE_EXTENSION, '101');
  });

  for (const [status, greeting] of [
    ['NOANSWER', 'u'],
    ['CHANUNAVAIL', 'u'],
    ['CONGESTION', 'u'],
    ['BUSY', 'b'],
  ] as const) {
    test(`${status} leads to VoiceMail with the ${greeting} greeting`, async () => {
      const h = await open();
      await withSales(h);
      const rec = await routeCall(h, '101', { status });
      assert.deepEqual(apps(rec), ['Dial(PJSIP/2001&PJSIP/2002,15)', `VoiceMail(101@sales,${greeting})`]);
      assert.equal(rec.variables.CALLGATE_ROUTE, 'voicemail');
      assert.equal(rec.variables.CALLGATE_DIALSTATUS, status);
    });
  }

  test('NOANSWER rings for the configured time before voicemail', async () => {
    const h = await open();
    await withSales(h);
    const rec = await routeCall(h, '101', { status: 'NOANSWER' });
    const dial = rec.apps.find((a) => a.name === 'Dial');
    assert.equal((dial?.endedAt ?? 0) - (dial?.startedAt ?? 0), 15_000);
  });

  test('no voicemail box: nobody-available prompt and hangup', async () => {
    const h = await open();
    await h.services.directory.add({
      extension: '102',
      name: 'Lobby',
      endpoints: ['PJSIP/2009'],
      voicemailBox: null,
    });
    const rec = await routeCall(h, '102', { status: 'NOANSWER' });
    assert.deepEqual(apps(rec), ['Dial(PJSIP/2009,20)']);
    assert.deepEqual(files(rec), ['vm-nobodyavail', 'vm-goodbye']);
    assert.equal(rec.variables.CALLGATE_ROUTE, 'no_voicemail');
    assert.equal(rec.hungUpBy, 'application');
  });

  test('*<ext> opens VoiceMailMain for that box', async () => {
    const h = await open();
    await withSales(h);
    const rec = await routeCall(h, '*101');
    assert.deepEqual(apps(rec), ['VoiceMailMain(101@sales)']);
    assert.equal(rec.variables.CALLGATE_ROUTE, 'voicemail_main');
  });

  test('the extension comes from agi_extension when no argument is given', async () => {
    const h = await open();
    await withSales(h);
    const rec = await h.call('extension-router', {
      location: { context: 'callgate-routing', extension: '101' },
      dial: { status: 'BUSY' },
    });
    assert.equal(rec.variables.CALLGATE_ROUTE_EXTENSION, '101');
    assert.deepEqual(apps(rec), ['Dial(PJSIP/2001&PJSIP/2002,15)', 'VoiceMail(101@sales,b)']);
  });

  test('unknown extension: not-in-service prompt, then hangup; nothing dialled', async () => {
    const h = await open();
    await withSales(h);
    for (const extension of ['999', '*999', 'abc']) {
      const rec = await routeCall(h, extension);
      assert.deepEqual(apps(rec), [], extension);
      assert.deepEqual(files(rec), ['ss-noservice'], extension);
      assert.equal(rec.variables.CALLGATE_ROUTE, 'unknown', extension);
      assert.equal(rec.hungUpBy, 'application', extension);
    }
  });

  test('disabled entry: treated as not in service, for calls and for *<ext>', async () => {
    const h = await open();
    const entry = await withSales(h);
    await h.services.directory.disable(entry.id);
    for (const extension of ['101', '*101']) {
      const rec = await routeCall(h, extension, { status: 'ANSWER' });
      assert.deepEqual(apps(rec), [], extension);
      assert.deepEqual(files(rec), ['ss-noservice'], extension);
      assert.equal(rec.variables.CALLGATE_ROUTE, 'disabled', extension);
    }
  });

  test('device entry rings the device, and goes to voicemail while the device is disabled', async () => {
    const h = await open();
    const device = await h.services.devices.create({ name: 'Lobby', endpoint: 'PJSIP/2150' });
    await h.services.directory.add({ extension: '150', name: 'Lobby', deviceId: device.id });
    const rung = await routeCall(h, '150', { status: 'CHANUNAVAIL' });
    assert.deepEqual(apps(rung), ['Dial(PJSIP/2150,20)', 'VoiceMail(150@default,u)']);
    await h.services.devices.update(device.id, { enabled: false });
    const off = await routeCall(h, '150', { status: 'ANSWER' });
    assert.deepEqual(apps(off), ['VoiceMail(150@default,u)']);
  });

  test('agent entry rings the phone of the session, then voicemail u when logged out, b when in a call', async () => {
    const h = await open();
    const { agents, devices, sessions, directory } = h.services;
    const agent = await agents.create({ userId: '1001', name: 'Ada' });
    const device = await devices.create({ name: 'Desk 1', endpoint: 'PJSIP/2101' });
    await directory.add({ extension: '301', name: 'Ada', agentId: agent.id, ringSeconds: 10 });

    const loggedOut = await routeCall(h, '301', { status: 'ANSWER' });
    assert.deepEqual(apps(loggedOut), ['VoiceMail(301@default,u)']);

    const session = await sessions.start(agent.id, { interface: 'phone', deviceId: device.id });
    const rung = await routeCall(h, '301', { status: 'NOANSWER' });
    assert.deepEqual(apps(rung), ['Dial(PJSIP/2101,10)', 'VoiceMail(301@default,u)']);

    await sessions.ready(session.id);
    await sessions.beginCall(session.id);
    const busy = await routeCall(h, '301', { status: 'ANSWER' });
    assert.deepEqual(apps(busy), ['VoiceMail(301@default,b)']);
    await sessions.endCall(session.id);
    await sessions.end(session.id);

    await sessions.start(agent.id, { interface: 'internal' });
    const internal = await routeCall(h, '301', { status: 'ANSWER' });
    assert.deepEqual(apps(internal), ['Dial(PJSIP/1001,10)']);
    assert.equal(internal.variables.CALLGATE_ROUTE, 'answered');
  });

  test('agent on a mobile session is rung through the serve mobile context', async () => {
    const h = await open({ mobileContext: 'out-trunk' });
    const { agents, sessions, directory } = h.services;
    const agent = await agents.create({ userId: '1002', name: 'Bob', mobileNumber: '+15550001111' });
    await directory.add({ extension: '302', name: 'Bob', agentId: agent.id });
    await sessions.start(agent.id, { interface: 'mobile' });
    const rec = await routeCall(h, '302', { status: 'ANSWER' });
    assert.deepEqual(apps(rec), ['Dial(Local/+15550001111@out-trunk/n,20)']);
  });

  test('hangup mid-dial: no voicemail, result hangup, the AGI ends', async () => {
    const h = await open();
    await withSales(h);
    const rec = await h.call('extension-router', {
      args: ['101'],
      dial: { status: 'NOANSWER' },
      caller: [{ hangup: true, at: { app: 'Dial', afterMs: 4000 } }],
    });
    assert.deepEqual(apps(rec), ['Dial(PJSIP/2001&PJSIP/2002,15)']);
    assert.equal(rec.hungUpBy, 'caller');
    assert.equal(rec.variables.CALLGATE_DIALSTATUS, 'CANCEL');
    assert.equal(rec.variables.CALLGATE_ROUTE, 'hangup');
    assert.equal(rec.endReason, 'app-closed');
  });

  test('a database outage plays the apology and hangs up', async () => {
    const h = await open();
    await withSales(h);
    await h.store.close();
    const rec = await routeCall(h, '101', { status: 'ANSWER' });
    assert.deepEqual(apps(rec), []);
    assert.deepEqual(files(rec), ['please-try-call-later']);
    assert.equal(rec.variables.CALLGATE_ROUTE, 'error');
    assert.equal(rec.hungUpBy, 'application');
    assert.ok(h.logger.lines.some((l) => l.includes('extension-router failed')));
  });
});
