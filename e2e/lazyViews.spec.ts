import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

// The views other than the services table are chunks of their own, loaded on demand.

let host: HostProcess;
let consolePage: ConsolePage;
/** The Logs view's code is missing, as after the host was restarted with another build, until a spec restores it. */
let logsCodeMissing = true;
const logsChunk = /\/assets\/LogsView-[\w-]+\.js$/;

/** A chunk whose code is held back until a spec lets it through, as on a slow link. */
function heldBack(chunkName: string) {
  let letThrough: () => void = () => undefined;
  const through = new Promise<void>((resolve) => (letThrough = resolve));
  return { chunk: new RegExp(`/assets/${chunkName}-[\\w-]+\\.js$`), through, letThrough };
}
const auditCode = heldBack('AuditView');
const actionDialogCode = heldBack('ActionDialog');

beforeAll(async () => {
  host = await startHostProcess(['--seed', '7']);
  const url = new URL(host.url);
  url.hash = '#/timeline';
  consolePage = await openConsolePage(url.toString(), undefined, async (page) => {
    await page.route(logsChunk, (route) =>
      logsCodeMissing ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue(),
    );
    for (const held of [auditCode, actionDialogCode]) {
      await page.route(held.chunk, async (route) => {
        await held.through;
        await route.continue();
      });
    }
  });
  await waitUntilRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

function selectedView() {
  return consolePage.page.locator('[data-testid="view-tab"][aria-selected="true"]').getAttribute('data-view');
}

async function pressKeys(...keys: string[]): Promise<void> {
  for (const key of keys) await consolePage.page.keyboard.press(key);
}

describe('views loaded on demand', () => {
  it('opens a lazy view straight from a link', async () => {
    const { page } = consolePage;
    expect(await selectedView()).toBe('timeline');
    await page.locator('[data-testid="timeline"]').waitFor({ timeout: 15_000 });
  });

  it("says what is loading in the panel while a view's code is on its way", async () => {
    const { page } = consolePage;
    await pressKeys('g', 'a');
    const loading = page.locator('[data-testid="part-loading"]');
    await loading.waitFor({ timeout: 15_000 });
    expect(await loading.innerText()).toBe('Loading the Audit view…');
    await consolePage.screenshot('lazy-view-loading');
    auditCode.letThrough();
    await page.locator('[data-testid="audit-view"]').waitFor({ timeout: 15_000 });
    expect(await loading.count()).toBe(0);
  });

  it('switches to every view from the keyboard, each drawing its own content', async () => {
    const { page } = consolePage;
    const shortcuts: [keys: string[], view: string, content: string][] = [
      [['g', 's'], 'services', '[data-testid="service-row"]'],
      [['g', 'l'], 'lag', '[data-testid="lag-row"]'],
      [['g', 't'], 'topology', '[data-testid="topology-view"]'],
      [['g', 'a'], 'audit', '[data-testid="audit-view"]'],
      [['5'], 'timeline', '[data-testid="timeline"]'],
      [['2'], 'services', '[data-testid="service-row"]'],
    ];
    for (const [keys, view, content] of shortcuts) {
      await pressKeys(...keys);
      await expect.poll(selectedView).toBe(view);
      await page.locator(content).first().waitFor({ timeout: 15_000 });
    }
    // The service details are a chunk of their own as well.
    await page.locator('[data-testid="service-row"]').first().click();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="service-detail"]').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
  });

  it('opens the action dialog in place of a line saying it is loading, which Close takes away', async () => {
    const { page } = consolePage;
    await page.locator('[data-testid="service-row"]').first().click();
    await page.keyboard.press('r');
    const loading = page.getByRole('dialog', { name: 'The action dialog' });
    await loading.waitFor({ timeout: 15_000 });
    expect(await loading.locator('[data-testid="part-loading"]').innerText()).toBe(
      'Loading the action dialog…',
    );
    await loading.getByRole('button', { name: 'Close' }).click();
    expect(await loading.count()).toBe(0);

    actionDialogCode.letThrough();
    await page.locator('[data-testid="service-row"]').first().click();
    await page.keyboard.press('r');
    const dialog = page.locator('[data-testid="action-dialog"]');
    await dialog.waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('names the view whose code could not be loaded in its panel, keeps the rest working, and retries', async () => {
    const { page } = consolePage;
    await pressKeys('g', 'o');
    const failure = page.locator('[data-testid="part-failure"]');
    await failure.waitFor({ timeout: 15_000 });
    const text = await failure.innerText();
    expect(text).toContain('The Logs view could not be loaded');
    expect(text).toMatch(/LogsView-[\w-]+\.js/);
    await consolePage.screenshot('lazy-view-failed');

    // The top bar still works around the failed panel.
    await pressKeys('g', 's');
    await page.locator('[data-testid="service-row"]').first().waitFor({ timeout: 15_000 });
    await pressKeys('g', 'o');
    await failure.waitFor({ timeout: 15_000 });

    logsCodeMissing = false;
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-testid="log-view"]').waitFor({ timeout: 15_000 });
    expect(await failure.count()).toBe(0);
  });

  it('logged no console errors but those of the missing Logs code', () => {
    const missingLogsCode = (error: string) =>
      error ===
        'console.error: Failed to load resource: the server responded with a status of 404 (Not Found)' ||
      error.startsWith('console.error: PartLoadError: the Logs view could not be loaded:');
    expect(consolePage.errors.filter((error) => !missingLogsCode(error))).toEqual([]);
  });
});
