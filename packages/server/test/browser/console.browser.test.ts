/**
 * The web console in headless Chromium against the real API plugin, real services and a SQLite
 * file: an agent's dial-in session going live as the simulated Asterisk calls the real FastAGI
 * server running the agent-dial-in app, pause and resume, hot desk, and an admin creating an agent
 * with voice settings who then shows up on the live board.
 *
 * `CALLGATE_SCREENSHOTS=1` also writes the README screenshots (laptop 1366×768, phone 390×844)
 * into docs/screenshots/; without it nothing is written.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type AgiServer, createAgiServer } from '@callgate/agi';
import { startCall } from '@callgate/agi/testing';
import type { Browser, Page } from 'playwright-core';
import { createAgentDialInApp } from '../../src/apps/agent-dial-in/index.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { ADMIN, ALICE, type ApiHarness, BOB, openApiHarness } from '../http/api-harness.ts';
import { browserSkipReason, LAPTOP, launchChromium, openSignedIn, PHONE } from './browser-harness.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

const skip = browserSkipReason();
if (skip) console.log(`# browser tests skipped: ${skip}`);

describe('web console in Chromium', { skip }, () => {
  let h: ApiHarness;
  let browser: Browser;
  let agi: AgiServer;
  let agiUrl: string;

  before(async () => {
    h = await openApiHarness({ clock: systemClock });
    agi = createAgiServer({});
    agi.route('agent-dial-in', createAgentDialInApp({ services: h.services }));
    const { port } = await agi.listen({ port: 0, host: '127.0.0.1' });
    agiUrl = `agi://127.0.0.1:${port}/agent-dial-in`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await agi?.close({ deadlineMs: 1000 });
    await h?.close();
  });

  beforeEach(async () => {
    for (const s of await h.services.sessions.listOpen()) await h.services.sessions.end(s.id, 'logout');
  });

  async function shot(page: Page, name: string): Promise<void> {
    if (!process.env.CALLGATE_SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  }

  function signIn(who: { userId: string; password: string }, viewport = LAPTOP): Promise<Page> {
    return openSignedIn(browser, h.baseUrl, who, viewport);
  }

  for (const [device, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    test(`an agent dials in and sees the phone leg connect, pauses, resumes and logs out (${device})`, async () => {
      const page = await signIn(ALICE, viewport);
      await page.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
      await shot(page, `choose-interface-${device}`);
      await page.getByRole('button', { name: 'Dial-in' }).click();
      await page.getByRole('heading', { name: 'Your session' }).waitFor();
      const session = await h.services.sessions.findOpenSessionForAgent(h.alice.id);
      assert.ok(session);
      assert.equal(await page.getByTestId('conference-room').textContent(), String(session.conference));
      assert.equal(await page.getByTestId('dialin-number').textContent(), '2345');
      await page.getByText('Key your user ID 1001 then #').waitFor();
      assert.equal(await page.getByTestId('phone-leg').textContent(), 'Waiting for your phone…');

      // The phone side: the simulated Asterisk calls the FastAGI dial-in app and keys 1001# 4321#.
      const uniqueId = `1700000000.${device.length}`;
      const call = startCall({
        url: agiUrl,
        callerId: '"Alice mobile" <5550100>',
        channel: { uniqueId },
        caller: [{ keys: `${ALICE.userId}#${ALICE.pin}#` }],
      });
      await call.waitFor((e) => e.type === 'app' && e.name.toLowerCase() === 'confbridge');
      await page
        .getByTestId('phone-leg')
        .filter({ hasText: /Connected/ })
        .waitFor();
      assert.equal((await h.services.sessions.get(session.id)).phoneUniqueid, uniqueId);
      await shot(page, `agent-session-${device}`);

      await page.getByLabel('Pause reason').selectOption('BREAK');
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByText('Paused — Break').waitFor();
      assert.equal((await h.services.sessions.get(session.id)).pauseCode, 'BREAK');
      await shot(page, `agent-paused-${device}`);
      await page.getByRole('button', { name: 'Ready' }).click();
      // The badge changes when the server has answered (the button is disabled while it waits too).
      await page.locator('.badge.state-ready').waitFor();
      assert.equal((await h.services.sessions.get(session.id)).state, 'ready');

      // The agent hangs up: the leg is given back and the page shows it.
      call.hangup();
      await call.done;
      await page.getByTestId('phone-leg').filter({ hasText: 'Waiting for your phone…' }).waitFor();

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal((await h.services.sessions.get(session.id)).endReason, 'logout');
      await page.context().close();
    });
  }

  test('hot desk: the agent is offered only the free phones', async () => {
    // Alice holds Desk 12 at her desk; Bob (hot desk) may only pick Desk 13.
    const held = await h.services.sessions.start(h.alice.id, {
      interface: 'phone',
      deviceId: h.desks[0]!.id,
    });
    try {
      const page = await signIn(BOB, PHONE);
      await page.getByRole('button', { name: /Desk 13/ }).waitFor();
      assert.equal(await page.getByRole('button', { name: /Desk 12/ }).count(), 0);
      await shot(page, 'hot-desk-phone');
      await page.getByRole('button', { name: /Desk 13/ }).click();
      await page.getByRole('heading', { name: 'Your session' }).waitFor();
      const bobSession = await h.services.sessions.findOpenSessionForAgent(h.bob.id);
      assert.equal(bobSession?.deviceId, h.desks[1]!.id);
      await h.services.sessions.end(bobSession!.id, 'logout');
      await page.context().close();
    } finally {
      await h.services.sessions.end(held.id, 'logout');
    }
  });

  test('an admin creates an agent with voice settings and sees them on the live board', async () => {
    const admin = await signIn(ADMIN);
    await admin.getByRole('link', { name: 'Agents' }).click();
    await admin.getByRole('heading', { name: 'Agents' }).waitFor();
    await admin.getByRole('button', { name: 'New agent' }).click();
    await admin.getByLabel('User ID').fill('2001');
    await admin.getByLabel('Name', { exact: true }).fill('Carol Voice');
    await admin.getByLabel('Password', { exact: true }).fill('carol-pass-2001');
    await admin.getByLabel('PIN', { exact: true }).fill('2468');
    await admin.locator('#voice-codecs-opus').check();
    await admin.getByLabel('Caller ID').fill('"Carol Voice" <2001>');
    await admin.getByLabel('Allow ChanSpy').check();
    await shot(admin, 'admin-new-agent-laptop');
    await admin.getByRole('button', { name: 'Create agent' }).click();
    await admin.getByRole('button', { name: 'Edit Carol Voice' }).waitFor();
    const carol = await h.services.agents.findByUserId('2001');
    assert.ok(carol);
    assert.ok(carol.voiceSettings.codecs.includes('opus'));
    assert.equal(carol.voiceSettings.callerId, '"Carol Voice" <2001>');
    assert.equal(carol.voiceSettings.chanspy, true);

    await admin.getByRole('link', { name: 'Live board' }).click();
    await admin.getByRole('heading', { name: 'Live board' }).waitFor();
    const agent = await signIn({ userId: '2001', password: 'carol-pass-2001' });
    await agent.getByRole('button', { name: 'Internal' }).click();
    await agent.getByRole('heading', { name: 'Your session' }).waitFor();
    await admin.getByRole('button', { name: 'End session of Carol Voice' }).waitFor();
    await shot(admin, 'live-board-laptop');
    const phoneBoard = await (
      await browser.newContext({ viewport: PHONE, storageState: await admin.context().storageState() })
    ).newPage();
    await phoneBoard.goto(`${h.baseUrl}/admin/board`);
    await phoneBoard.getByRole('button', { name: 'End session of Carol Voice' }).waitFor();
    await shot(phoneBoard, 'live-board-phone');
    await phoneBoard.context().close();
    await agent.context().close();
    await admin.context().close();
  });
});
