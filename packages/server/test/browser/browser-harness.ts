/**
 * What the browser tests share: where Chromium and the built console are, why a run skips,
 * launching headless Chromium, and signing in through the console's own form. The test command
 * (scripts/test.mjs) rebuilds a stale console once, before any test file runs, so no test builds
 * it while another serves it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist/');
export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Why the browser tests cannot run here, or false. */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`;
  if (!existsSync(`${CONSOLE_DIST}index.html`)) {
    return 'the console is not built (npm test builds it; or cd packages/console && npx vite build)';
  }
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser context at `url`, signed in through the Sign in form. */
export async function openSignedIn(
  browser: Browser,
  url: string,
  who: { userId: string; password: string },
  viewport = LAPTOP,
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('User ID').fill(who.userId);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}
