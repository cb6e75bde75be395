/**
 * What the browser tests share: where Chromium and the built console are, why a run skips,
 * rebuilding a stale console, launching headless Chromium, and signing in through the console's
 * own form.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist/');
export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * Why the browser tests cannot run here, or false. Without `buildsConsole` a missing console
 * build is a reason too; with it the test builds the console itself (buildConsoleIfStale).
 */
export function browserSkipReason(options: { buildsConsole?: boolean } = {}): string | false {
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`;
  if (!options.buildsConsole && !existsSync(`${CONSOLE_DIST}index.html`)) {
    return 'the console is not built (cd packages/console && npx vite build)';
  }
  return false;
}

function newestMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function consoleBuildIsStale(): boolean {
  const index = join(CONSOLE_DIR, 'dist/index.html');
  if (!existsSync(index)) return true;
  return newestMs(join(CONSOLE_DIR, 'src')) > statSync(index).mtimeMs;
}

/** Rebuilds the console when its sources are newer than dist/ (a screen under test is new). */
export async function buildConsoleIfStale(): Promise<void> {
  if (!consoleBuildIsStale()) return;
  const { build } = await import('vite');
  await build({ root: CONSOLE_DIR, logLevel: 'silent' });
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
