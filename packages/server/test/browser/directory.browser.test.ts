/**
 * The console's Directory screen in headless Chromium against the real API plugin, real services
 * and a SQLite file: an admin creates an extension that rings an agent and sees it listed, field
 * errors appear under their control, disabling works, and a supervisor only looks; and a
 * contact's caller details (VIP, account) on the Contacts form.
 *
 * Rebuilds the console first when its sources are newer than dist/ (the screen is new).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemClock } from '../../src/domain/clock.ts';
import { ADMIN, type ApiHarness, openApiHarness, SUPERVISOR } from '../http/api-harness.ts';
import { browserSkipReason, launchChromium, openSignedIn } from './browser-harness.ts';

const skip = browserSkipReason();
if (skip) console.log(`# directory browser tests skipped: ${skip}`);

describe('Directory screen in Chromium', { skip }, () => {
  let h: ApiHarness;
  let browser: Browser;

  before(async () => {
    h = await openApiHarness({ clock: systemClock });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await h?.close();
  });

  function signIn(who: { userId: string; password: string }): Promise<Page> {
    return openSignedIn(browser, h.baseUrl, who);
  }

  test('an admin creates an extension that rings an agent and sees it in the list', async () => {
    const page = await signIn(ADMIN);
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { name: 'Directory' }).waitFor();
    await page.getByRole('button', { name: 'New extension' }).click();

    // A bad extension and no agent chosen: each error shows under its own control.
    await page.getByRole('textbox', { name: 'Extension', exact: true }).fill('3o1');
    await page.getByLabel('Name', { exact: true }).fill('Alice direct');
    await page.getByRole('button', { name: 'Create extension' }).click();
    await page.locator('#directory-extension-error').filter({ hasText: '1 to 20 digits' }).waitFor();
    await page.locator('#directory-agent-error').waitFor();

    await page.getByRole('textbox', { name: 'Extension', exact: true }).fill('301');
    await page.getByLabel('Rings').selectOption('agent');
    await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'Alice Moreau (1001)' });
    await page.getByLabel('Ring time (seconds)').fill('15');
    await page.getByRole('button', { name: 'Create extension' }).click();

    const row = page.getByRole('row').filter({ hasText: 'Alice direct' });
    await row.getByText('Agent: Alice Moreau (1001)').waitFor();
    assert.match((await row.textContent()) ?? '', /301.*15 s.*301@default.*Enabled/);
    const stored = await h.services.directory.findByExtension('301');
    assert.deepEqual(stored?.target, { kind: 'agent', agentId: h.alice.id });
    assert.equal(stored?.ringSeconds, 15);
    assert.equal(stored?.voicemailBox, '301');

    await page.getByRole('button', { name: 'Disable extension 301' }).click();
    await row.getByText('Disabled').waitFor();
    assert.equal((await h.services.directory.get(stored!.id)).enabled, false);
    await page.context().close();
  });

  test('an admin points an extension at two endpoints without voicemail', async () => {
    const page = await signIn(ADMIN);
    await page.goto(`${h.baseUrl}/admin/directory`);
    await page.getByRole('button', { name: 'New extension' }).click();
    await page.getByRole('textbox', { name: 'Extension', exact: true }).fill('101');
    await page.getByLabel('Name', { exact: true }).fill('Sales');
    await page.getByLabel('Rings').selectOption('endpoints');
    await page.getByLabel('Endpoints').fill('PJSIP/2001, PJSIP/2002');
    await page.getByLabel('Voicemail', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Create extension' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Sales' });
    await row.getByText('PJSIP/2001, PJSIP/2002').waitFor();
    const stored = await h.services.directory.findByExtension('101');
    assert.deepEqual(stored?.target, { kind: 'endpoints', endpoints: ['PJSIP/2001', 'PJSIP/2002'] });
    assert.equal(stored?.voicemailBox, null);
    await page.context().close();
  });

  test('an admin marks a contact VIP with an account on the contact form', async () => {
    const contact = await h.services.contacts.create({ officeNum: '2079460000', name: 'Acme Ltd' });
    const page = await signIn(ADMIN);
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByRole('button', { name: 'Edit Acme Ltd' }).click();
    await page.getByLabel('Account').fill('ÄCME');
    await page.getByRole('button', { name: 'Save caller details' }).click();
    await page.locator('#contact-account-error').filter({ hasText: 'printable' }).waitFor();

    await page.getByLabel('VIP caller').check();
    await page.getByLabel('Account').fill('ACME-42');
    await page.getByRole('button', { name: 'Save caller details' }).click();
    await page.getByText('Caller details saved.').waitFor();
    const profile = await h.services.callers.get(contact.officeNum);
    assert.equal(profile.vip, true);
    assert.equal(profile.account, 'ACME-42');
    await page.context().close();
  });

  test('a supervisor sees the directory read-only', async () => {
    if (!(await h.services.directory.findByExtension('150'))) {
      await h.services.directory.add({ extension: '150', name: 'Lobby', deviceId: h.desks[0]!.id });
    }
    const page = await signIn(SUPERVISOR);
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { name: 'Directory' }).waitFor();
    await page.getByText('Phone: Desk 12 (PJSIP/2001)').waitFor();
    assert.equal(await page.getByRole('button', { name: 'New extension' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Disable extension 150' }).count(), 0);
    await page.getByRole('button', { name: 'View extension 150' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Extension', exact: true }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
    await page.context().close();
  });
});
