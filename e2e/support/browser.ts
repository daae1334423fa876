import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumMissing, prepareChromiumLaunch } from '../../electron/testing/chromiumLaunch';

export const screenshotDir = join(process.cwd(), 'test-results', 'screenshots');
/**
 * The zone the page runs in, whatever the machine's: not UTC, so a time shown in UTC by
 * mistake shows up, and without daylight saving time, so its label is the same all year.
 */
export const pageTimeZone = 'Asia/Kolkata';

export interface ConsolePage {
  page: Page;
  /** Console errors and uncaught page errors seen so far; a spec fails if any appear. */
  errors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Debian's Chromium as electron/testing/chromiumLaunch.ts starts it, on the console's page. */
export async function openConsolePage(
  url: string,
  viewport = { width: 1440, height: 900 },
  /** Runs on the page before it opens the URL, e.g. to answer some requests itself. */
  beforeOpening?: (page: Page) => Promise<void>,
): Promise<ConsolePage> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const launch = await prepareChromiumLaunch();
  const context: BrowserContext = await chromium.launchPersistentContext(launch.userDataDir, {
    ...launch.options,
    viewport,
    timezoneId: pageTimeZone,
  });
  const browser: Browser | null = context.browser();
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await beforeOpening?.(page);
  await page.goto(url);
  await mkdir(screenshotDir, { recursive: true });
  return {
    page,
    errors,
    screenshot: async (name) => {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    close: async () => {
      await context.close();
      await browser?.close();
      await launch.removeProfile();
    },
  };
}

/**
 * Waits for the renderer's own "first data on screen" signal. A locator rather than a page
 * function: the page's CSP forbids eval, which is what a function passed as a string needs.
 */
export async function waitUntilRendered(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.locator('html[data-rendered="true"]').waitFor({ state: 'attached', timeout: timeoutMs });
}

/** Waits for the lag view's first snapshot on screen. */
export async function waitUntilLagRendered(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.locator('html[data-lag-rendered="true"]').waitFor({ state: 'attached', timeout: timeoutMs });
}
