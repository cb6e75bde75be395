/**
 * Accessibility: every console screen, in the states that matter, passes axe-core's WCAG 2.0 and
 * 2.1 level A and AA rules with no violation, on a laptop (1366×768) and on a phone (390×844).
 *
 * Headless Chromium against the real API plugin, real services and a SQLite file with seeded
 * agents, phones, contacts, an extension, pause codes, open sessions and audit entries. Each scan
 * covers the whole document, so a panel added to a screen later is scanned without a change here.
 * The admin screens are found from the main navigation and checked against `ADMIN_SCREENS` in the
 * console's app.tsx, so a new screen that is not scanned fails this test. The states that need
 * Asterisk control (a phone that did not answer, "Call me again", Asterisk unreachable) run on the
 * real server wired to the fake AMI server. Every scan is printed.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { systemClock } from '../../src/domain/clock.ts';
import type { RunningCallgate } from '../../src/runtime/start-callgate.ts';
import { ADMIN, ALICE, type ApiHarness, BOB, openApiHarness, SUPERVISOR } from '../http/api-harness.ts';
import { FAKE_AMI_LOGIN, startCallgateOnFakeAmi } from '../support/callgate-on-fake-ami.ts';
import { axeViolations, describeViolations, WCAG_TAGS } from './axe-scan.ts';
import {
  browserSkipReason,
  CONSOLE_DIR,
  LAPTOP,
  launchChromium,
  openSignedIn,
  PHONE,
} from './browser-harness.ts';

const skip = browserSkipReason();
if (skip) console.log(`# accessibility browser tests skipped: ${skip}`);

/** The admin screens' paths as the console routes them (the keys of ADMIN_SCREENS in app.tsx). */
function adminScreenPaths(): string[] {
  const app = readFileSync(`${CONSOLE_DIR}src/app.tsx`, 'utf8');
  const table = /const ADMIN_SCREENS\b.*?=\s*\{([^}]*)\}/s.exec(app)?.[1];
  assert.ok(table, 'app.tsx declares ADMIN_SCREENS');
  return [...table.matchAll(/'(\/admin\/[^']*)'/g)].map((m) => m[1]!).sort();
}

/** An agent with a mobile and no dial-in PIN. */
const DAN = { userId: '1003', password: 'dan-pass-1003' };

/** A row each admin screen lists from the seeded data: the screen is scanned with its list drawn. */
const SEEDED_ROW: Record<string, string> = {
  '/admin/board': 'Bob Hotdesk',
  '/admin/agents': 'Alice Moreau',
  '/admin/phones': 'Desk 13',
  '/admin/contacts': 'Acme Ltd',
  '/admin/directory': 'Alice direct',
  '/admin/pause-codes': 'Short break',
  '/admin/audit': '1763880000.1234',
};

const VIEWPORTS = [
  ['laptop', LAPTOP],
  ['phone', PHONE],
] as const;

/** Every scan made in this file, in order, printed at the end. */
const checked: string[] = [];

after(() => {
  if (checked.length === 0) return;
  console.log(
    `# axe-core (${WCAG_TAGS.join(', ')}) scanned ${checked.length} screens and states:\n` +
      checked.map((where) => `#   ${where}`).join('\n'),
  );
});

/** What the scans of one test found; the test fails at its end with all of it. */
class Findings {
  readonly #found: string[] = [];
  constructor(readonly device: string) {}

  async scan(page: Page, where: string): Promise<void> {
    const label = `${this.device} · ${where}`;
    const violations = await axeViolations(page);
    checked.push(`${label}: ${violations.length === 0 ? 'no violation' : `${violations.length} VIOLATED`}`);
    if (violations.length > 0) this.#found.push(describeViolations(label, violations));
  }

  assertNone(): void {
    if (this.#found.length > 0) {
      assert.fail(`axe-core found WCAG A/AA violations:\n${this.#found.join('\n')}`);
    }
  }
}

/** The screen is drawn: its h1 is there and nothing says it is still loading. */
async function screenReady(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"]') &&
      !/\bLoading [\w ]{0,40}…/.test(document.body.textContent ?? ''),
  );
}

describe('every console screen passes axe-core WCAG 2 A/AA', { skip }, () => {
  let h: ApiHarness;
  let browser: Browser;
  before(async () => {
    h = await openApiHarness({ clock: systemClock });
    // Data for every list, so no screen is scanned only in its empty state.
    await h.services.pauseCodes.create({ code: 'SHORT', name: 'Short break', maxSeconds: 1 });
    const contact = await h.services.contacts.create({ officeNum: '2079460000', name: 'Acme Ltd' });
    await h.services.callers.update(contact.officeNum, { vip: true, account: 'ACME-42' });
    await h.services.directory.add({ extension: '150', name: 'Lobby', deviceId: h.desks[0]!.id });
    await h.services.directory.add({ extension: '301', name: 'Alice direct', agentId: h.alice.id });
    // Mobile as the default, and no PIN: the Default badge and a Dial-in card that cannot be used.
    await h.services.agents.create({
      ...DAN,
      name: 'Dan Mobile',
      mobileNumber: '+33612345678',
      defaultInterface: 'mobile',
    });
    await h.services.audit.record({
      source: 'dialin',
      result: 'bad_credentials',
      enteredId: '1001',
      callerId: '+33612345678',
      channel: 'PJSIP/trunk-provider-0000001a',
      uniqueid: '1763880000.1234',
      attempt: 3,
    });
    // Bob's dial-in locked by strangers: the Locked badge, the lock on his form and in "Locks in
    // force", and the notice on his own screen are drawn too.
    for (let i = 0; i < 5; i++) {
      await h.services.dialIn.verifyDialIn({ userId: '1002', pin: '0000', callerId: `+3361000000${i}` });
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await h?.close();
  });

  beforeEach(async () => {
    for (const s of await h.services.sessions.listOpen()) await h.services.sessions.end(s.id, 'logout');
  });

  /** Open sessions for the live board: one of each state, a phone leg up, a pause over its limit. */
  async function openBoardSessions(): Promise<void> {
    const { sessions } = h.services;
    const alice = await sessions.start(h.alice.id, { interface: 'dialin' });
    await sessions.claimPhoneLeg(alice.id, {
      channel: 'PJSIP/trunk-00000001',
      uniqueid: '1700000000.1',
      state: 'connected',
    });
    await sessions.ready(alice.id);
    await sessions.beginCall(alice.id);
    const bob = await sessions.start(h.bob.id, { interface: 'phone', deviceId: h.desks[1]!.id });
    await sessions.pause(bob.id, 'SHORT');
    const admin = await sessions.start(h.admin.id, { interface: 'internal' });
    await sessions.ready(admin.id);
  }

  /**
   * Each admin screen from the main navigation: its list, then the form a "New …" button opens,
   * that form sent empty (field errors), and the form of the first record (Edit, or View for a
   * supervisor). Returns the paths visited.
   */
  async function scanAdminScreens(page: Page, findings: Findings, who: string): Promise<string[]> {
    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = await nav
      .getByRole('link')
      .evaluateAll((as) =>
        as.map((a) => ({ name: a.textContent ?? '', path: a.getAttribute('href') ?? '' })),
      );
    const visited: string[] = [];
    for (const { name, path } of links.filter((link) => link.path.startsWith('/admin/'))) {
      await nav.getByRole('link', { name, exact: true }).click();
      await screenReady(page, name);
      const seeded = SEEDED_ROW[path];
      if (seeded) await page.getByRole('row').filter({ hasText: seeded }).first().waitFor();
      else await page.locator('.data-table, .empty').first().waitFor();
      if (path === '/admin/board') {
        await page.getByText('Live', { exact: true }).waitFor();
        await page.getByText(/over the .* limit/).waitFor();
      }
      await findings.scan(page, `${name} (${who})`);
      visited.push(path);

      const create = page.getByRole('button', { name: /^New / });
      if ((await create.count()) > 0) {
        const label = (await create.first().textContent()) ?? 'New';
        await create.first().click();
        const editor = page.getByRole('region').filter({ has: page.locator('#editor-heading') });
        await editor.waitFor();
        await findings.scan(page, `${name}: ${label} form (${who})`);
        await editor.locator('button[type="submit"]').click();
        await editor.locator('.field-error').or(editor.getByRole('alert')).first().waitFor();
        await findings.scan(page, `${name}: ${label} form sent empty, with its errors (${who})`);
        await editor.getByRole('button', { name: 'Cancel' }).click();
        await editor.waitFor({ state: 'detached' });
      }

      const open = page.getByRole('button', { name: /^(Edit|View) / });
      if ((await open.count()) > 0) {
        const label = (await open.first().getAttribute('aria-label')) ?? 'Edit';
        await open.first().click();
        const editor = page.getByRole('region').filter({ has: page.locator('#editor-heading') });
        await editor.waitFor();
        await page.waitForFunction(() => !/\bLoading [\w ]{0,40}…/.test(document.body.textContent ?? ''));
        await findings.scan(page, `${name}: ${label} form (${who})`);
        await editor.getByRole('button', { name: /^(Cancel|Close)$/ }).click();
        await editor.waitFor({ state: 'detached' });
      }
    }
    return visited.sort();
  }

  test('the scan reports each violation with its rule, impact, element and help', async () => {
    const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    await page.setContent(
      '<html><head><title>Bad page</title></head><body><main><h1>Bad page</h1>' +
        '<input id="no-label" type="text">' +
        '<p id="faint" style="color:#bbb;background:#fff">Hard to read</p></main></body></html>',
    );
    const violations = await axeViolations(page);
    const byId = new Map(violations.map((v) => [v.id, v]));
    assert.deepEqual([...byId.keys()].sort(), ['color-contrast', 'html-has-lang', 'label']);
    assert.deepEqual(
      byId.get('label')?.nodes.map((n) => n.target),
      ['#no-label'],
    );
    const text = describeViolations('bad page', violations);
    assert.match(text, /^ {2}label \(critical\): Form elements must have labels — https:\/\/\S+$/m);
    assert.match(text, /^ {4}#faint: Fix any of the following: Element has insufficient color contrast/m);
    await page.context().close();
  });

  for (const [device, viewport] of VIEWPORTS) {
    test(`sign-in and the agent screens (${device})`, async () => {
      const findings = new Findings(device);
      const page = await (await browser.newContext({ viewport })).newPage();
      await page.goto(h.baseUrl);
      await screenReady(page, 'Sign in');
      await findings.scan(page, 'Sign in');

      await page.getByLabel('User ID').fill(ALICE.userId);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await findings.scan(page, 'Sign in: a wrong password');

      await page.getByLabel('Password').fill(ALICE.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await screenReady(page, 'Choose where calls reach you');
      await findings.scan(page, 'Choose where calls reach you (agent)');

      await page.getByRole('button', { name: 'Phone', exact: true }).click();
      await page.getByRole('button', { name: /^Use Desk 12/ }).waitFor();
      await findings.scan(page, 'Choose where calls reach you: Pick a phone open');

      await page.getByRole('button', { name: 'Dial-in' }).click();
      await screenReady(page, 'Your session');
      await page.getByTestId('dialin-number').waitFor();
      await page.getByText(/^Paused/).waitFor();
      await findings.scan(page, 'Your session: dial-in, paused, the steps to dial in');

      await page.getByLabel('Pause reason').selectOption('BREAK');
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByText('Paused — Break').waitFor();
      await findings.scan(page, 'Your session: paused with a reason');

      await page.getByRole('button', { name: 'Ready' }).click();
      await page.locator('.badge.state-ready').waitFor();
      await findings.scan(page, 'Your session: ready');

      const session = await h.services.sessions.findOpenSessionForAgent(h.alice.id);
      assert.ok(session);
      await h.services.sessions.claimPhoneLeg(session.id, {
        channel: 'PJSIP/trunk-00000002',
        uniqueid: '1700000000.2',
        state: 'connected',
      });
      await h.services.sessions.beginCall(session.id);
      await page
        .getByTestId('phone-leg')
        .filter({ hasText: /^Connected since/ })
        .waitFor();
      await page.locator('.badge.state-in-call').waitFor();
      await findings.scan(page, 'Your session: phone connected, in a call');

      await h.services.sessions.endCall(session.id, 'SHORT');
      await page.getByText(/over the .* limit/).waitFor();
      await findings.scan(page, 'Your session: a pause over its time limit');

      await h.services.sessions.end(session.id, 'admin');
      await page.getByText(/because an administrator ended it/).waitFor();
      await screenReady(page, 'Choose where calls reach you');
      await findings.scan(page, 'Choose where calls reach you: why the last session ended');

      await page.context().clearCookies();
      await page.getByRole('button', { name: 'Internal' }).click();
      await page.getByText('You have been signed out. Sign in again to continue.').waitFor();
      await findings.scan(page, 'Sign in: signed out by the server');
      await page.context().close();

      const mobile = await openSignedIn(browser, h.baseUrl, DAN, viewport);
      await screenReady(mobile, 'Choose where calls reach you');
      await mobile.getByText('Needs a dial-in PIN. Ask an admin to set one.').waitFor();
      assert.equal(await mobile.getByRole('button', { name: 'Dial-in' }).isDisabled(), true);
      await findings.scan(mobile, 'Choose where calls reach you: Mobile by default, no PIN for Dial-in');
      await mobile.context().close();

      const hotDesk = await openSignedIn(browser, h.baseUrl, BOB, viewport);
      await screenReady(hotDesk, 'Choose where calls reach you');
      await hotDesk.getByRole('button', { name: /^Use Desk 13/ }).waitFor();
      await findings.scan(hotDesk, 'Choose where calls reach you: hot desk, Pick your phone');
      await hotDesk.getByRole('button', { name: /^Use Desk 13/ }).click();
      await screenReady(hotDesk, 'Your session');
      await hotDesk.getByText('Calls ring Desk 13.').waitFor();
      await findings.scan(hotDesk, 'Your session: a desk phone');
      await hotDesk.context().close();

      findings.assertNone();
    });

    test(`every admin screen, its forms and the live board with sessions (${device})`, async () => {
      const findings = new Findings(device);
      await openBoardSessions();
      const page = await openSignedIn(browser, h.baseUrl, ADMIN, viewport);
      await screenReady(page, 'Your session');
      await findings.scan(page, 'Your session (admin, with the main navigation)');
      const visited = await scanAdminScreens(page, findings, 'admin');
      assert.deepEqual(visited, adminScreenPaths(), 'the scan visits every admin screen of app.tsx');
      await page.context().close();
      findings.assertNone();
    });

    test(`the supervisor's read-only screens (${device})`, async () => {
      const findings = new Findings(device);
      await openBoardSessions();
      const page = await openSignedIn(browser, h.baseUrl, SUPERVISOR, viewport);
      await screenReady(page, 'Choose where calls reach you');
      const visited = await scanAdminScreens(page, findings, 'supervisor');
      assert.deepEqual(visited, adminScreenPaths(), 'the scan visits every admin screen of app.tsx');
      await page.context().close();
      findings.assertNone();
    });
  }
});

describe('the console with Asterisk control passes axe-core WCAG 2 A/AA (fake AMI)', { skip }, () => {
  let fake: FakeAmiServer;
  let running: RunningCallgate;
  let browser: Browser;
  let admin: { userId: string; password: string };

  before(async () => {
    fake = await FakeAmiServer.start(FAKE_AMI_LOGIN);
    for (const endpoint of ['2001', '2002', '2003']) {
      fake.registerContact(endpoint, `sip:${endpoint}@192.0.2.10:5060`);
    }
    running = await startCallgateOnFakeAmi(fake);
    const login = running.demoLogins.find((l) => l.userId === '9000');
    assert.ok(login?.password, 'the demo data has an admin with a password');
    admin = { userId: login.userId, password: login.password };
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await running?.stop('test over');
    await fake?.close();
  });

  for (const [device, viewport] of VIEWPORTS) {
    test(`a phone that did not answer, "Call me again" and Asterisk unreachable (${device})`, async () => {
      const findings = new Findings(device);
      fake.originateScenarios.set('PJSIP/2001', { outcome: 'busy' });
      const agent = await openSignedIn(
        browser,
        running.consoleUrl,
        { userId: '1001', password: 'alice-1001' },
        viewport,
      );
      await screenReady(agent, 'Choose where calls reach you');
      await agent.getByRole('button', { name: 'Phone', exact: true }).click();
      await agent.getByRole('button', { name: /^Use Desk 2001/ }).click();
      await screenReady(agent, 'Your session');
      await agent.getByTestId('phone-leg').filter({ hasText: /busy/i }).waitFor();
      await agent.getByRole('button', { name: 'Call me again' }).waitFor();
      await findings.scan(agent, 'Your session: the phone was busy, Call me again');

      const board = await openSignedIn(browser, running.consoleUrl, admin, viewport);
      await board.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live board' }).click();
      await screenReady(board, 'Live board');
      await board.getByRole('row').filter({ hasText: 'Desk 2001' }).waitFor();

      const calls = running.asterisk.calls;
      assert.ok(calls);
      fake.refuseConnections = true;
      fake.dropConnections();
      for (const page of [agent, board]) {
        await page.getByRole('status').filter({ hasText: 'Asterisk is unreachable.' }).waitFor();
      }
      await findings.scan(agent, 'Your session: Asterisk unreachable');
      await findings.scan(board, 'Live board: Asterisk unreachable');
      const synced = once(calls.control, 'synced');
      fake.refuseConnections = false;
      await synced;

      await agent.getByRole('button', { name: 'Log out' }).click();
      await screenReady(agent, 'Sign in');
      await agent.context().close();
      await board.context().close();
      findings.assertNone();
    });
  }
});
