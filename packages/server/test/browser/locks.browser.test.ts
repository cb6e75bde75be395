/**
 * Login locks in Chromium: strangers' wrong PINs lock an agent's dial-in; the agent sees it on
 * their own screen with the time it ends; an admin sees the Locked badge on the agents list, the
 * lock on the agent's form and in "Locks in force", lifts it, and the unlock is in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemClock } from '../../src/domain/clock.ts';
import { ADMIN, ALICE, type ApiHarness, openApiHarness } from '../http/api-harness.ts';
import { browserSkipReason, LAPTOP, launchChromium, openSignedIn, PHONE } from './browser-harness.ts';

const skip = browserSkipReason();
if (skip) console.log(`# browser tests skipped: ${skip}`);

describe('login locks in Chromium', { skip }, () => {
  let h: ApiHarness;
  let browser: Browser;

  before(async () => {
    h = await openApiHarness({ clock: systemClock, config: { lockThreshold: 3 } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  let callers = 0;
  /** Three wrong PINs for Alice, each from a caller ID never used before (none of them locks). */
  async function lockAliceDialIn(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      callers++;
      await h.services.dialIn.verifyDialIn({ userId: ALICE.userId, pin: '0000', callerId: `0208${callers}` });
    }
  }

  for (const [device, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    test(`the agent sees that their dial-in is locked, and until when (${device})`, async () => {
      await lockAliceDialIn();
      const [lock] = await h.services.locks.lockedForUser(ALICE.userId);
      assert.ok(lock);
      const page = await openSignedIn(browser, h.baseUrl, ALICE, viewport);
      await page.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
      const notice = page.getByRole('status').filter({ hasText: 'Your dial-in is locked' });
      await notice.waitFor();
      const until = lock.lockedUntil;
      const hhmm = `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`;
      assert.match((await notice.textContent()) ?? '', new RegExp(`locked until ${hhmm}`));
      assert.match((await notice.textContent()) ?? '', /your mobile or a number you dialled in from before/);
      await page.context().close();
      await h.services.locks.unlockUser(ALICE.userId, { agentId: null, source: 'cli' });
    });
  }

  test('an admin sees the Locked badge, lifts the lock from the agent form, and the audit log says who', async () => {
    await lockAliceDialIn();
    const page = await openSignedIn(browser, h.baseUrl, ADMIN, LAPTOP);
    await page.getByRole('link', { name: 'Agents' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Alice Moreau' });
    await row.getByText('Locked').waitFor();
    await row.getByRole('button', { name: /Edit/ }).click();
    const panel = page.getByRole('group', { name: 'Sign-in locks' });
    await panel
      .getByRole('cell', { name: 'dial-in of user 1001 from unknown numbers', exact: true })
      .waitFor();
    await panel.getByRole('button', { name: /Unlock/ }).click();
    await panel.getByText('Neither dial-in nor web sign-in is locked for Alice Moreau.').waitFor();
    await row.getByText('Locked').waitFor({ state: 'detached' });
    assert.deepEqual(await h.services.locks.lockedForUser(ALICE.userId), []);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Locks in force' }).waitFor();
    await page.getByText('Nothing is locked.').waitFor();
    const entry = page.getByRole('row').filter({ hasText: 'Unlocked by admin' }).first();
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /by 9000/);
    await page.context().close();
  });

  test('"Locks in force" lists a locked caller ID, and an admin lifts it there', async () => {
    for (let i = 0; i < 3; i++)
      await h.services.dialIn.verifyDialIn({ userId: `70${i}`, pin: '0000', callerId: '02089999999' });
    const page = await openSignedIn(browser, h.baseUrl, ADMIN, PHONE);
    await page.getByRole('link', { name: 'Audit log' }).click();
    const panel = page.getByRole('region', { name: 'Locks in force' });
    // On a phone the table reads as cards: the row is found by its Unlock button.
    const unlockName = { name: 'Unlock caller ID 02089999999' };
    const unlockButton = panel.getByRole('button', unlockName);
    await unlockButton.waitFor();
    const row = panel.locator('tr', { has: page.getByRole('button', unlockName) });
    assert.match((await row.textContent()) ?? '', /Dial-in/);
    await unlockButton.click();
    await panel.getByText('Nothing is locked.').waitFor();
    await page.context().close();
  });
});
