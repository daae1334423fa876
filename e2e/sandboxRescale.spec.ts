import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

/**
 * The console host on its own sandbox, in Chromium, rebuilt at another size while the page
 * stays open: from the page's Sandbox menu, then from a command line through the sandbox's
 * control endpoint, as a wall screen sees it happen without asking. The page follows both
 * without reconnecting or restarting.
 */

let host: HostProcess;
let consolePage: ConsolePage;

beforeAll(async () => {
  host = await startHostProcess(['--allow-actions', '--seed', '17']);
  const url = new URL(host.url);
  url.hash = '#/services';
  consolePage = await openConsolePage(url.toString());
  await waitUntilRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

function rows() {
  return consolePage.page.locator('[data-testid="service-row"]');
}

async function shownClusters(): Promise<Set<string | null>> {
  return new Set(await Promise.all((await rows().all()).map((row) => row.getAttribute('data-cluster'))));
}

async function filterTable(text: string): Promise<void> {
  const { page } = consolePage;
  await page.keyboard.press('/');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** The environments the topology offers, which it takes from the fleet the page holds. */
async function topologyEnvironments(): Promise<string[]> {
  const { page } = consolePage;
  await page.locator('[data-testid="view-tab"][data-view="topology"]').click();
  const options = page.locator('[data-testid="topology-environment"] option');
  await options.first().waitFor({ state: 'attached', timeout: 30_000 });
  const names = await options.allInnerTexts();
  await page.locator('[data-testid="view-tab"][data-view="services"]').click();
  return names;
}

async function watchedText(): Promise<string> {
  const { page } = consolePage;
  const menu = page.locator('.sandbox-menu > button');
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  return page.locator('[data-testid="sandbox-watched"]').innerText();
}

describe('a console page whose sandbox is rescaled while it is open', () => {
  it('shows every cluster of a fleet rebuilt from its Sandbox menu', async () => {
    const { page } = consolePage;
    expect(await watchedText()).toBe('The console watches 2 clusters (staging 1, production 1).');

    await page.locator('[data-testid="sandbox-fleet-size"]').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Rebuild fleet' }).click();
    const result = page.locator('.sandbox-result [role="status"]');
    await expect
      .poll(() => result.innerText(), { timeout: 60_000 })
      .toMatch(/^Rebuilt the fleet: 10 clusters × 100 services \(1,000 services, /);
    expect(await result.innerText()).not.toMatch(/restart/i);
    await expect
      .poll(watchedText, { timeout: 30_000 })
      .toBe('The console watches 10 clusters (staging 1, production 1, bench 8).');
    await consolePage.screenshot('sandbox-rescaled-menu');
    await page.keyboard.press('Escape');

    await filterTable('flarenet-bench-10');
    // Main filters the fleet: the rows change once its answer comes.
    await expect.poll(shownClusters, { timeout: 60_000 }).toEqual(new Set(['flarenet-bench-10']));
    await consolePage.screenshot('sandbox-rescaled-table');
    expect(await topologyEnvironments()).toContain('bench');
  });

  it('follows a rebuild asked for from a command line, dropping the clusters that went', async () => {
    const { page } = consolePage;
    const response = await fetch(`${host.sandboxEcsEndpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: host.sandboxControlHeaders,
      body: JSON.stringify({ kind: 'scale', clusters: 2, servicesPerCluster: 9, groups: 5 }),
    });
    expect(response.status, await response.clone().text()).toBe(200);

    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(0);
    await filterTable('flarenet-');
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(18);
    expect(await shownClusters()).toEqual(new Set(['flarenet-staging', 'flarenet-production']));
    await expect
      .poll(watchedText, { timeout: 30_000 })
      .toBe('The console watches 2 clusters (staging 1, production 1).');
    await consolePage.screenshot('sandbox-rescaled-back');
    await page.keyboard.press('Escape');
    expect(await topologyEnvironments()).not.toContain('bench');
  });

  it('puts a production service under load from the Sandbox menu', async () => {
    const { page } = consolePage;
    const menu = page.locator('.sandbox-menu > button');
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    await page.locator('.sandbox-form select').first().selectOption('flarenet-production');
    await page.locator('[data-testid="sandbox-load"]').click();
    const result = page.locator('.sandbox-result [role="status"]');
    await expect
      .poll(() => result.innerText(), { timeout: 30_000 })
      .toMatch(/in flarenet-production gets 200 % of what its tasks can serve for 5 min/);
    await page.keyboard.press('Escape');
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
