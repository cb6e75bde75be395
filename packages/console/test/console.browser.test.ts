// The console in a real headless Chromium against a real `callgate serve` (SQLite in memory,
// demo data, ports chosen by the OS). Skipped, with the reason, where the HTTP API or the
// browser is not there yet.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const apiPlugin = fileURLToPath(new URL('../../server/src/http/index.ts', import.meta.url));

const skip = !existsSync(apiPlugin)
  ? 'the HTTP API (packages/server/src/http/index.ts) is not there yet'
  : !existsSync(CHROMIUM)
    ? `no browser at ${CHROMIUM}`
    : false;

// The server is loaded by URL so this package's type check does not follow it into the server's
// sources (the root tsconfig checks those); the shapes used here are declared below.
const serverModule = (path: string) => new URL(`../../server/src/${path}`, import.meta.url).href;

/** The slice of the domain's session service this test drives, as the dial-in app would. */
interface PhoneLegs {
  claimPhoneLeg(
    sessionId: number,
    leg: { channel: string; uniqueid: string; state?: 'calling' | 'connected' },
  ): Promise<unknown>;
  connectPhoneLeg(sessionId: number, uniqueid: string): Promise<boolean>;
  releasePhoneLeg(sessionId: number, uniqueid: string): Promise<boolean>;
}

/** The slice of the domain's audit service this test writes through, as the dial-in app would. */
interface Audit {
  record(event: {
    source: 'dialin';
    result: 'bad_credentials';
    enteredId: string;
    callerId: string;
    channel: string;
    uniqueid: string;
    attempt: number;
  }): Promise<unknown>;
}

interface Running {
  consoleUrl: string;
  services: { sessions: PhoneLegs; audit: Audit };
  demoLogins: readonly { userId: string; password?: string | undefined }[];
  stop(reason?: string): Promise<void>;
}

/** Newest modification time of the console's sources, to rebuild a stale dist/ before testing it. */
function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function consoleBuildIsStale(): boolean {
  const index = join(consoleDir, 'dist/index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestSourceMs(join(consoleDir, 'src')),
    statSync(join(consoleDir, 'index.html')).mtimeMs,
  );
  return sources > statSync(index).mtimeMs;
}

describe('web console in a browser', { skip }, () => {
  let server: Running;
  let browser: Browser;
  const passwords = new Map<string, string>();

  before(async () => {
    if (consoleBuildIsStale()) {
      const { build } = await import('vite');
      await build({ root: consoleDir, logLevel: 'silent' });
    }
    const { startCallgate } = (await import(serverModule('runtime/start-callgate.ts'))) as {
      startCallgate(options: { config: unknown; logger: unknown }): Promise<Running>;
    };
    const { parseServeConfig } = (await import(serverModule('config/serve-config.ts'))) as {
      parseServeConfig(argv: string[], env: Record<string, string>): unknown;
    };
    const { createLogger } = (await import(serverModule('logging/create-logger.ts'))) as {
      createLogger(options: { level: string }): unknown;
    };
    const config = parseServeConfig(
      ['--db', 'sqlite::memory:', '--http-port', '0', '--agi-port', '0', '--host', '127.0.0.1'],
      {},
    );
    server = await startCallgate({ config, logger: createLogger({ level: 'silent' }) });
    for (const login of server.demoLogins) if (login.password) passwords.set(login.userId, login.password);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop('test done');
  });

  async function signedIn(userId: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(server.consoleUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('User ID').fill(userId);
    await page.getByLabel('Password').fill(passwords.get(userId) ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  test('a wrong password shows the API message and keeps the agent on Sign in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.consoleUrl);
    await page.getByLabel('User ID').fill('1001');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.notEqual((await alert.textContent())?.trim(), '');
    assert.equal(await page.getByRole('heading', { name: 'Sign in' }).isVisible(), true);
    await page.context().close();
  });

  test('an agent opens a dial-in session, pauses, gets ready and logs out', async () => {
    const page = await signedIn('1001', PHONE);
    await page.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
    await page.getByRole('button', { name: 'Dial-in' }).click();
    await page.getByRole('heading', { name: 'Your session' }).waitFor();
    assert.match((await page.getByTestId('conference-room').textContent()) ?? '', /^\d+$/);
    assert.match((await page.getByTestId('dialin-number').textContent()) ?? '', /^\d+$/);
    assert.equal(await page.getByTestId('phone-leg').textContent(), 'Waiting for your phone…');
    assert.match((await page.getByTestId('state-timer').textContent()) ?? '', /^\d+:\d\d$/);
    // What a dial-in agent waits for is on the first screen of a phone, without scrolling.
    for (const what of [page.getByTestId('phone-leg'), page.getByText('Key your PIN then #')]) {
      const box = await what.boundingBox();
      assert.ok(box && box.y + box.height <= PHONE.height, `${await what.textContent()} is above the fold`);
    }

    await page.getByLabel('Pause reason').selectOption('LUNCH');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByText('Paused — Lunch').waitFor();
    await page.getByRole('button', { name: 'Ready' }).click();
    await page.getByText('Ready', { exact: true }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ready' }).isDisabled(), true);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  test('an admin ends a session on the live board and the agent sees why, live', async () => {
    const agent = await signedIn('1001');
    await agent.getByRole('button', { name: 'Dial-in' }).click();
    await agent.getByRole('heading', { name: 'Your session' }).waitFor();

    const admin = await signedIn('9000');
    await admin.getByRole('link', { name: 'Live board' }).click();
    await admin.getByRole('heading', { name: 'Live board' }).waitFor();
    const end = admin.getByRole('button', { name: /^End session of / });
    await end.first().waitFor();
    await end.first().click();

    await agent.getByText(/because an administrator ended it/).waitFor();
    await agent.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
    await admin.getByText('No agent has a session open right now.').waitFor();
    await agent.context().close();
    await admin.context().close();
  });

  test('the API field error for a bad PIN is shown next to the PIN field', async () => {
    const admin = await signedIn('9000');
    await admin.getByRole('link', { name: 'Agents' }).click();
    await admin.getByRole('heading', { name: 'Agents' }).waitFor();
    await admin.getByRole('button', { name: 'New agent' }).click();
    await admin.getByLabel('User ID').fill('1777');
    await admin.getByLabel('Name', { exact: true }).fill('Test Agent');
    await admin.getByLabel('Password', { exact: true }).fill('a-long-password-1');
    await admin.getByLabel('PIN', { exact: true }).fill('12');
    await admin.getByRole('button', { name: 'Create agent' }).click();
    const pin = admin.getByLabel('PIN', { exact: true });
    await admin.locator('#agent-pin-error').waitFor();
    assert.equal(await pin.getAttribute('aria-invalid'), 'true');
    await admin.context().close();
  });
  test('a hot-desk agent picks one of the free phones', async () => {
    const page = await signedIn('1002');
    await page.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
    await page.getByRole('heading', { name: 'Pick your phone' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Internal' }).count(), 0);
    const phones = page.getByRole('button', { name: /^Use / });
    await phones.first().waitFor();
    const chosen = ((await phones.first().locator('.device-name').textContent()) ?? '').trim();
    await phones.first().click();
    await page.getByRole('heading', { name: 'Your session' }).waitFor();
    await page.getByText(`Calls ring ${chosen}.`).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  test('on a phone the hot-desk hint spans the panel instead of a column beside Refresh', async () => {
    const page = await signedIn('1002', PHONE);
    await page.getByRole('heading', { name: 'Pick your phone' }).waitFor();
    const hint = await page.getByText(/^Hot desk: choose the phone/).boundingBox();
    const panel = await page.getByRole('region', { name: 'Pick your phone' }).boundingBox();
    assert.ok(hint && panel, 'the hint and its panel are on the page');
    assert.ok(hint.width > panel.width * 0.8, `hint ${hint.width}px wide in a ${panel.width}px panel`);
    await page.context().close();
  });

  test('a lost login (401) anywhere returns to Sign in', async () => {
    const page = await signedIn('1001');
    await page.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Dial-in' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('You have been signed out. Sign in again to continue.').waitFor();
    await page.context().close();
  });

  test('a supervisor sees the admin screens read-only', async () => {
    const admin = await signedIn('9000');
    await admin.getByRole('heading', { name: 'Choose where calls reach you' }).waitFor();
    const status = await admin.evaluate(async () => {
      const { csrfToken } = await (await fetch('/api/me')).json();
      const body = {
        userId: '1500',
        name: 'Sue Supervisor',
        role: 'supervisor',
        password: 'supervisor-pass-1',
      };
      const res = await fetch('/api/admin/agents', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      });
      return res.status;
    });
    assert.equal(status, 201);
    passwords.set('1500', 'supervisor-pass-1');
    // A session on the board, so the board's missing buttons mean something.
    await admin.getByRole('button', { name: 'Internal' }).click();
    await admin.getByRole('heading', { name: 'Your session' }).waitFor();
    await admin.context().close();

    const supervisor = await signedIn('1500');
    await supervisor.getByRole('link', { name: 'Agents' }).click();
    await supervisor.getByRole('heading', { name: 'Agents' }).waitFor();
    await supervisor
      .getByRole('button', { name: /^View / })
      .first()
      .waitFor();
    assert.equal(await supervisor.getByRole('button', { name: 'New agent' }).count(), 0);
    assert.equal(await supervisor.getByRole('button', { name: /^(Edit|Disable) / }).count(), 0);
    await supervisor
      .getByRole('button', { name: /^View / })
      .first()
      .click();
    assert.equal(await supervisor.getByLabel('Name', { exact: true }).isDisabled(), true);
    assert.equal(await supervisor.getByRole('button', { name: 'Save changes' }).count(), 0);
    await supervisor.getByRole('link', { name: 'Live board' }).click();
    await supervisor.getByRole('heading', { name: 'Live board' }).waitFor();
    await supervisor.getByRole('cell', { name: /9000/ }).waitFor();
    assert.equal(await supervisor.getByRole('button', { name: /^(Pause|End session of) / }).count(), 0);
    await supervisor.context().close();
  });
  test('a system pause code (LAGGED) offers no Edit or Disable, which the API would refuse', async () => {
    const admin = await signedIn('9000');
    await admin.getByRole('link', { name: 'Pause codes' }).click();
    await admin.getByRole('heading', { name: 'Pause codes' }).waitFor();
    const lagged = admin.getByRole('row').filter({ hasText: 'LAGGED' });
    await lagged.waitFor();
    assert.equal(await lagged.getByRole('button').count(), 0);
    assert.equal(await lagged.getByText('System', { exact: true }).count(), 1);
    const lunch = admin.getByRole('row').filter({ hasText: 'LUNCH' });
    assert.equal(await lunch.getByRole('button', { name: /^(Edit|Disable) / }).count(), 2);
    await admin.context().close();
  });

  test('on a phone the admin navigation wraps: every item is on screen, none scrolled away', async () => {
    const admin = await signedIn('9000', PHONE);
    const nav = admin.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    const names = ['My session', 'Live board', 'Agents', 'Phones', 'Contacts', 'Pause codes', 'Audit log'];
    for (const name of names) {
      const box = await nav.getByRole('link', { name }).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${name} is on screen`);
    }
    await admin.context().close();
  });

  test('the audit log fits a 1366 px screen: Detail is whole, not cut off or a letter per line', async () => {
    await server.services.audit.record({
      source: 'dialin',
      result: 'bad_credentials',
      enteredId: '1001',
      callerId: '+33612345678',
      channel: 'PJSIP/trunk-provider-0000001a',
      uniqueid: '1763880000.1234',
      attempt: 3,
    });
    const admin = await signedIn('9000');
    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
    const detail = admin.getByRole('cell', { name: /1763880000\.1234/ });
    await detail.waitFor();
    const table = admin.locator('.table-wrap');
    assert.equal(await table.evaluate((el) => el.scrollWidth - el.clientWidth), 0, 'no sideways scroll');
    const box = await detail.boundingBox();
    assert.ok(box && box.width >= 150, `Detail is ${box?.width}px wide`);
    await admin.getByRole('cell', { name: /PJSIP\/trunk-provider-0000001a/ }).waitFor();
    await admin.context().close();
  });

  test('the audit log filters session entries by source and event (an admin ended a session above)', async () => {
    const admin = await signedIn('9000');
    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
    await admin.getByLabel('Source').selectOption('admin');
    await admin.getByLabel('Result').selectOption('ended');
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'Session ended' }).first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Admin.*reason admin/);
    assert.equal(await admin.getByRole('row').filter({ hasText: 'Sign-in' }).count(), 0);
    await admin.context().close();
  });

  test("Disable on a contact keeps its button and shows the API's answer", async () => {
    const admin = await signedIn('9000');
    await admin.getByRole('link', { name: 'Contacts' }).click();
    await admin.getByRole('heading', { name: 'Contacts' }).waitFor();
    await admin.getByRole('button', { name: 'Disable Front desk' }).click();
    // Until the domain has an `enabled` flag the API refuses with a 400; after, the row flips.
    const refused = admin.getByRole('alert').filter({ hasText: /^Could not disable Front desk: .+/ });
    const enable = admin.getByRole('button', { name: 'Enable Front desk' });
    await refused.or(enable).first().waitFor();
    if (await enable.isVisible()) {
      await enable.click();
      await admin.getByRole('button', { name: 'Disable Front desk' }).waitFor();
    } else {
      assert.equal(await admin.getByRole('button', { name: 'Disable Front desk' }).isEnabled(), true);
    }
    await admin.context().close();
  });

  test('the phone leg shows live, without a reload, as the phone calls in and hangs up', async () => {
    const page = await signedIn('1001');
    await page.getByRole('button', { name: 'Dial-in' }).click();
    await page.getByRole('heading', { name: 'Your session' }).waitFor();
    const leg = page.getByTestId('phone-leg');
    assert.equal(await leg.textContent(), 'Waiting for your phone…');
    const sessionId = await page.evaluate(
      async () => (await (await fetch('/api/agent/session')).json()).session.id as number,
    );
    const { sessions } = server.services;

    await sessions.claimPhoneLeg(sessionId, {
      channel: 'PJSIP/trunk-00000001',
      uniqueid: '1700000000.1',
      state: 'calling',
    });
    await leg.getByText('Calling…').waitFor();
    await sessions.connectPhoneLeg(sessionId, '1700000000.1');
    await leg.getByText(/^Connected since \d\d:\d\d:\d\d$/).waitFor();
    // Connected: the steps to dial in have done their job and give way.
    assert.equal(await page.getByTestId('dialin-number').count(), 0);
    await sessions.releasePhoneLeg(sessionId, '1700000000.1');
    await leg.getByText('Waiting for your phone…').waitFor();
    await page.getByTestId('dialin-number').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });
});

/** The slice of the fake Asterisk Manager this test steers. */
interface FakeAmi {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  defaultOriginate: { outcome: 'answer' | 'busy' };
  refuseConnections: boolean;
  dropConnections(): void;
  close(): Promise<void>;
}

describe('web console with Asterisk control (a fake AMI)', { skip }, () => {
  let server: Running & { asterisk: { status(): string } };
  let browser: Browser;
  let ami: FakeAmi;
  let password = '';

  before(async () => {
    if (consoleBuildIsStale()) {
      const { build } = await import('vite');
      await build({ root: consoleDir, logLevel: 'silent' });
    }
    const { FakeAmiServer } = (await import(serverModule('asterisk/testing/fake-ami-server.ts'))) as {
      FakeAmiServer: { start(): Promise<FakeAmi> };
    };
    ami = await FakeAmiServer.start();
    ami.defaultOriginate = { outcome: 'busy' };
    const { startCallgate } = (await import(serverModule('runtime/start-callgate.ts'))) as {
      startCallgate(options: { config: unknown; logger: unknown }): Promise<typeof server>;
    };
    const { parseServeConfig } = (await import(serverModule('config/serve-config.ts'))) as {
      parseServeConfig(argv: string[], env: Record<string, string>): unknown;
    };
    const { createLogger } = (await import(serverModule('logging/create-logger.ts'))) as {
      createLogger(options: { level: string }): unknown;
    };
    const amiUrl = `ami://${ami.username}:${ami.secret}@${ami.host}:${ami.port}`;
    const config = parseServeConfig(
      ['--db', 'sqlite::memory:', '--http-port', '0', '--agi-port', '0', '--host', '127.0.0.1'],
      { CALLGATE_AMI_URL: amiUrl, CALLGATE_RING_TIMEOUT_SEC: '5' },
    );
    server = await startCallgate({ config, logger: createLogger({ level: 'silent' }) });
    password = server.demoLogins.find((login) => login.userId === '1001')?.password ?? '';
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop('test done');
    await ami?.close();
  });

  async function asteriskConnected(): Promise<void> {
    for (let i = 0; i < 100 && server.asterisk.status() !== 'connected'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(server.asterisk.status(), 'connected');
  }

  test('an Internal session shows why the call failed, "Call me again" connects, a banner while Asterisk is away', async () => {
    await asteriskConnected();
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(server.consoleUrl);
    await page.getByLabel('User ID').fill('1001');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Internal' }).click();
    await page.getByRole('heading', { name: 'Your session' }).waitFor();
    const leg = page.getByTestId('phone-leg');
    await leg.getByText('Failed (busy)').waitFor();

    ami.defaultOriginate = { outcome: 'answer' };
    const callAgain = page.getByRole('button', { name: 'Call me again' });
    await callAgain.click();
    await leg.getByText(/^Connected since \d\d:\d\d:\d\d$/).waitFor();
    assert.equal(await callAgain.count(), 0);

    const banner = page.getByText('Asterisk is unreachable.');
    assert.equal(await banner.count(), 0);
    ami.refuseConnections = true;
    ami.dropConnections();
    await banner.waitFor();
    ami.refuseConnections = false;
    await banner.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });
});
