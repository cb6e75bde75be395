/**
 * The console's Asterisk control in headless Chromium, against the real server (`startCallgate`,
 * SQLite in memory, demo data) and the fake AMI server over loopback: an agent picks a phone, the
 * phone is busy, the page says so; "Call me again" with the phone answering shows Connected. Then
 * Asterisk goes away and the page warns that Asterisk control is unavailable until it is back.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import type { RunningCallgate } from '../../src/runtime/start-callgate.ts';
import { FAKE_AMI_LOGIN, startCallgateOnFakeAmi } from '../support/callgate-on-fake-ami.ts';
import { browserSkipReason, launchChromium, openSignedIn } from './browser-harness.ts';

const skip = browserSkipReason();
if (skip) console.log(`# Asterisk browser tests skipped: ${skip}`);

describe('Asterisk control in the console (Chromium, fake AMI)', { skip }, () => {
  let fake: FakeAmiServer;
  let running: RunningCallgate;
  let browser: Browser;

  before(async () => {
    fake = await FakeAmiServer.start(FAKE_AMI_LOGIN);
    // The demo phones are registered, so the agent is offered them.
    for (const endpoint of ['2001', '2002', '2003']) {
      fake.registerContact(endpoint, `sip:${endpoint}@192.0.2.10:5060`);
    }
    running = await startCallgateOnFakeAmi(fake);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await running?.stop('test over');
    await fake?.close();
  });

  test('a busy phone shows the failure; "Call me again" connects it; losing Asterisk shows the banner', async () => {
    fake.originateScenarios.set('PJSIP/2001', { outcome: 'busy' });
    const page = await openSignedIn(browser, running.consoleUrl, { userId: '1001', password: 'alice-1001' });

    await page.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
    await page.getByRole('button', { name: 'Phone', exact: true }).click();
    await page.getByRole('button', { name: /^Use Desk 2001/ }).click();
    await page.getByRole('heading', { name: 'Your session' }).waitFor();

    // The fake answered busy: the page says why the phone did not ring through.
    const leg = page.getByTestId('phone-leg');
    await leg.filter({ hasText: /busy/i }).waitFor();
    assert.equal(fake.actionsNamed('Originate').at(-1)?.message.get('Channel'), 'PJSIP/2001');
    const alice = await running.services.agents.findByUserId('1001');
    assert.ok(alice);
    const session = await running.services.sessions.findOpenSessionForAgent(alice.id);
    assert.equal(session?.phoneLeg, 'none');

    // This time the phone answers.
    fake.originateScenarios.set('PJSIP/2001', { outcome: 'answer' });
    const originates = fake.actionsNamed('Originate').length;
    await page.getByRole('button', { name: 'Call me again' }).click();
    await leg.filter({ hasText: /Connected/ }).waitFor();
    assert.equal(fake.actionsNamed('Originate').length, originates + 1);
    assert.equal((await running.services.sessions.findOpenSessionForAgent(alice.id))?.phoneLeg, 'connected');
    assert.equal(await page.getByRole('button', { name: 'Call me again' }).count(), 0);

    // Asterisk goes away: the page warns until it is back.
    const calls = running.asterisk.calls;
    assert.ok(calls);
    fake.refuseConnections = true;
    fake.dropConnections();
    const banner = page.getByRole('status').filter({ hasText: /Asterisk/ });
    await banner.waitFor();
    const synced = once(calls.control, 'synced');
    fake.refuseConnections = false;
    await synced;
    await banner.waitFor({ state: 'detached', timeout: 15_000 });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });
});
