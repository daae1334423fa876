import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

/**
 * The front page during a bad deploy: the console host on its sandbox, Chromium on its
 * default page. payment-service in production gets a release whose tasks fail their health
 * checks and the circuit breaker is off, so it stays degraded while its consumer group falls
 * behind. The topology shows it, Copy as text says it, the logs show the errors and the
 * timeline puts the deployment before the lag.
 */

const cluster = 'flarenet-production';
const service = 'payment-service';
const group = 'payment-service';

/** What the page's scripts see, for the one check that runs in the page (this file is compiled for Node). */
interface PageGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
}

let host: HostProcess;
let consolePage: ConsolePage;
/** When the bad deploy was asked for, on this machine's clock (the sandbox runs on it too). */
let scenarioAt = 0;

beforeAll(async () => {
  host = await startHostProcess(['--allow-actions', '--seed', '7']);
  consolePage = await openConsolePage(host.url);
  // The renderer's own signal, waited for without evaluating a string in the page (the
  // page's CSP refuses that once the check has to be repeated).
  await consolePage.page
    .locator('html[data-rendered="true"]')
    .waitFor({ state: 'attached', timeout: 30_000 });
  await waitUntilRendered(consolePage.page);
  // Copy as text writes the clipboard; the test reads it back.
  await consolePage.page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

function box(name: string): Locator {
  return consolePage.page.locator(`[data-testid="topology-box"][data-node="${name}"]`);
}

function edgeLabel(groupId: string): Locator {
  return consolePage.page.locator(`[data-testid="topology-edge-label"][data-group="${groupId}"]`).first();
}

/** The lag a label shows: "lag 12 340 ERR" → 12340; "lag 12.3k WARN" → 12300. */
async function labelLag(label: Locator): Promise<number> {
  const text = await label.innerText();
  const match = /lag ([\d\s\u202f.,]+)(k|M|G)?/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]!.replace(/[\s\u202f,]/g, ''));
  const scale = { k: 1e3, M: 1e6, G: 1e9 }[match[2] as 'k' | 'M' | 'G'] ?? 1;
  return value * scale;
}

async function openView(view: string): Promise<void> {
  await consolePage.page.locator(`[data-testid="view-tab"][data-view="${view}"]`).click();
}

describe('the topology during a bad deploy, in the browser against the console host', () => {
  it('opens on the topology, every production service in a box with its health in words', async () => {
    const { page } = consolePage;
    expect(
      await page.locator('[data-testid="view-tab"][aria-selected="true"]').getAttribute('data-view'),
    ).toBe('topology');
    await expect.poll(() => box(service).count(), { timeout: 15_000 }).toBe(1);
    for (const name of ['api-gateway', 'order-service', 'inventory-service', 'notification-service']) {
      expect(await box(name).getAttribute('data-health')).toMatch(
        /^(healthy|deploying|degraded|failed|stale)$/,
      );
    }
    const grid = page.locator('[data-testid="topology"]');
    expect(await grid.innerText()).toContain(service);
    // The lag edge into payment-service carries its group's status once the lag monitor has read it.
    await expect.poll(() => edgeLabel(group).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => labelLag(edgeLabel(group)), { timeout: 30_000 }).toBeGreaterThanOrEqual(0);
    await consolePage.screenshot('topology-healthy');
  });

  it('shows payment-service degraded and the lag on its edge rising after the bad deploy', async () => {
    if (!host.sandboxEcsEndpoint) throw new Error('The host did not report its sandbox endpoint.');
    const before = await labelLag(edgeLabel(group));
    scenarioAt = Date.now();
    const response = await fetch(`${host.sandboxEcsEndpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: host.sandboxControlHeaders,
      body: JSON.stringify({ kind: 'bad-deploy', cluster, service, circuitBreaker: 'off' }),
    });
    expect(response.status).toBe(200);

    await expect
      .poll(() => box(service).getAttribute('data-health'), { timeout: 30_000, interval: 250 })
      .toBe('degraded');
    expect(await box(service).getAttribute('aria-label')).toMatch(/degraded/);
    await expect
      .poll(() => labelLag(edgeLabel(group)), { timeout: 60_000, interval: 500 })
      .toBeGreaterThan(before + 50);
    await consolePage.screenshot('topology-incident');
  });

  it('opens the service panel with Enter on a box and the group drill-down from its lag label', async () => {
    const { page } = consolePage;
    await box(service).focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('[data-testid="service-detail"]');
    await expect.poll(() => detail.count()).toBe(1);
    await expect.poll(() => detail.innerText(), { timeout: 10_000 }).toMatch(/payment-service/);
    // The panel's strip of recent changes comes from the timeline, narrowed to the service.
    const changes = detail.locator('[data-testid="recent-changes"] [data-testid="timeline-entry"]');
    await expect.poll(() => changes.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const services = await Promise.all(
      (await changes.all()).map((item) => item.getAttribute('data-service')),
    );
    expect(services.length).toBeLessThanOrEqual(6);
    expect(new Set(services)).toEqual(new Set([service]));
    await consolePage.screenshot('topology-service-panel');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);

    // Arrow keys move between boxes.
    await box(service).focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.locator(':focus').getAttribute('data-node')).not.toBe(service);

    await edgeLabel(group).click();
    const lagDetail = page.locator('[data-testid="lag-detail"]');
    await expect.poll(() => lagDetail.count()).toBe(1);
    expect(await lagDetail.innerText()).toContain(group);
    await page.keyboard.press('Escape');
    await expect.poll(() => lagDetail.count()).toBe(0);
  });

  it('copies a plain-text snapshot that names the degraded service', async () => {
    const { page } = consolePage;
    await page.locator('[data-testid="copy-topology"]').click();
    const status = page.locator('[data-testid="copy-status"]');
    const fallback = page.locator('[data-testid="copy-fallback"] textarea');
    await expect
      .poll(async () => (await status.innerText()).includes('Copied') || (await fallback.count()) > 0)
      .toBe(true);
    const text =
      (await fallback.count()) > 0
        ? await fallback.inputValue()
        : await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
    expect(text).toMatch(
      /^FlareNet topology — SANDBOX — production \(flarenet-production\) — \d{4}-\d\d-\d\d /,
    );
    expect(text).toContain('payment-service');
    expect(text).toContain('degraded');
    expect(text).toMatch(/payment-service degraded/);
  });

  it('shows the ERROR lines of payment-service in its logs', async () => {
    const { page } = consolePage;
    await openView('logs');
    await page.locator('[data-testid="log-service"]').selectOption(`${cluster}/${service}`);
    const view = page.locator('[data-testid="log-view"]');
    await expect.poll(() => view.count()).toBe(1);
    const status = page.locator('[data-testid="log-status"]');
    await expect
      .poll(() => status.getAttribute('data-mode'), { timeout: 20_000 })
      .toMatch(/^(live-tail|polling)$/);
    const errors = page.locator('[data-testid="log-line"][data-level="ERROR"]');
    await expect.poll(() => errors.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await errors.first().innerText()).toContain('ERROR');
    await consolePage.screenshot('logs-payment-service');
  });

  it('lists the deployment in the timeline before the status change of its consumer group', async () => {
    const { page } = consolePage;
    await openView('timeline');
    await page.locator('[data-testid="timeline-service"]').selectOption(service);
    const entries = page.locator(
      `[data-testid="timeline-entry"][data-service="${service}"][data-cluster="${cluster}"][data-kind="deployment-started"]`,
    );
    const lagChanges = page.locator(
      `[data-testid="timeline-entry"][data-kind="lag-status"][data-group="${group}"]`,
    );
    const atOf = async (locator: Locator) => {
      const times = await Promise.all((await locator.all()).map((item) => item.getAttribute('data-at')));
      // A few seconds of slack: ECS stamps the deployment, the test's clock the request.
      return times.map(Number).filter((at) => at >= scenarioAt - 5_000);
    };
    await expect.poll(async () => (await atOf(entries)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await atOf(lagChanges)).length, { timeout: 100_000, interval: 1_000 })
      .toBeGreaterThan(0);
    const started = Math.min(...(await atOf(entries)));
    const lagChanged = Math.min(...(await atOf(lagChanges)));
    expect(started).toBeLessThan(lagChanged);
    await consolePage.screenshot('timeline');
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
