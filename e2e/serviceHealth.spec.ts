import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockText, dateTimeText, zonedDateTimeText } from '../shared/time/clockText';
import { openConsolePage, pageTimeZone, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

const services = [
  'api-gateway',
  'auth-service',
  'user-service',
  'order-service',
  'inventory-service',
  'catalog-service',
  'payment-service',
  'notification-service',
  'analytics-service',
];
const clusters = ['flarenet-staging', 'flarenet-production'];

let host: HostProcess;
let consolePage: ConsolePage;

beforeAll(async () => {
  host = await startHostProcess(['--allow-actions', '--seed', '7']);
  // The topology is the front page; the services table is one view away.
  const url = new URL(host.url);
  url.hash = '#/services';
  consolePage = await openConsolePage(url.toString());
  await waitUntilRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

describe('service health in the browser, against the console host on its sandbox', () => {
  it('shows every service of both clusters with its health in words', async () => {
    const { page } = consolePage;
    for (const cluster of clusters) {
      for (const service of services) {
        const row = page.locator(
          `[data-testid="service-row"][data-cluster="${cluster}"][data-service="${service}"]`,
        );
        await expect.poll(() => row.count()).toBe(1);
        expect(await row.getAttribute('data-health')).toMatch(/^(healthy|deploying|degraded|failed|stale)$/);
        expect(await row.innerText()).toContain(service);
      }
    }
    expect(await page.locator('[data-testid="service-row"]').count()).toBe(clusters.length * services.length);
    await consolePage.screenshot('service-health');
  });

  it('turns payment-service degraded after a bad deploy driven from another process', async () => {
    if (!host.sandboxEcsEndpoint) throw new Error('The host did not report its sandbox endpoint.');
    const response = await fetch(`${host.sandboxEcsEndpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: host.sandboxControlHeaders,
      body: JSON.stringify({
        kind: 'bad-deploy',
        cluster: 'flarenet-production',
        service: 'payment-service',
      }),
    });
    expect(response.status).toBe(200);

    const { page } = consolePage;
    const row = page.locator(
      '[data-testid="service-row"][data-cluster="flarenet-production"][data-service="payment-service"]',
    );
    await expect
      .poll(() => row.getAttribute('data-health'), { timeout: 30_000, interval: 250 })
      .toMatch(/^(degraded|failed)$/);
    expect(await row.innerText()).toMatch(/degraded|failed/i);
    // The same service in staging is untouched.
    const staging = page.locator(
      '[data-testid="service-row"][data-cluster="flarenet-staging"][data-service="payment-service"]',
    );
    expect(await staging.getAttribute('data-health')).not.toMatch(/degraded|failed/);
    await consolePage.screenshot('bad-deploy-degraded');
  });

  it('filters with "/", moves with the keyboard, opens details with Enter and closes them with Esc', async () => {
    const { page } = consolePage;
    await page.keyboard.press('/');
    await page.keyboard.type('payment');
    await expect.poll(() => page.locator('[data-testid="service-row"]').count()).toBe(2);
    // From the filter box: arrow down to a match, Enter opens it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = page.locator('[data-testid="service-detail"]');
    await expect.poll(() => detail.count()).toBe(1);
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toMatch(/payment-service/);
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toMatch(/task/i);
    await consolePage.screenshot('service-detail');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);

    // Back in the filter, Esc clears it and a second Esc leaves it; then j/k move the selection.
    await page.keyboard.press('/');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="service-row"]').count()).toBe(18);
    await page.keyboard.press('Escape');
    const selected = page.locator('[data-testid="service-row"][aria-selected="true"]');
    const before = await selected.getAttribute('data-service');
    await page.keyboard.press('j');
    await expect.poll(() => selected.getAttribute('data-service')).not.toBe(before);
    await page.keyboard.press('k');
    await expect.poll(() => selected.getAttribute('data-service')).toBe(before);
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
  });

  it('shows times in the page’s zone, and says which zone that is', async () => {
    const { page } = consolePage;
    const timeZone = pageTimeZone;
    await expect.poll(() => page.locator('[data-testid="local-zone"]').innerText()).toBe('UTC+05:30');
    const time = page.locator('[data-testid="service-row"] time').first();
    await expect.poll(() => time.count(), { timeout: 15_000 }).toBe(1);
    const at = Date.parse((await time.getAttribute('datetime')) ?? '');
    expect([clockText(at, { timeZone }), dateTimeText(at, { timeZone })]).toContain(await time.innerText());
    expect(await time.getAttribute('title')).toBe(zonedDateTimeText(at, { timeZone }));
    expect(await time.getAttribute('title')).toMatch(/ UTC\+05:30$/);
  });

  it("opens the service a link's address names, and says so when the fleet has no such service", async () => {
    const { page } = consolePage;
    const goTo = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await goTo('#/lag');
    await goTo('#/services?environment=production&cluster=flarenet-production&service=auth-service');
    const detail = page.locator('[data-testid="service-detail"]');
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toMatch(/auth-service/);
    // Opened once: the address is the plain view again, so a reload does not reopen the panel.
    expect(await page.evaluate('window.location.hash')).toBe('#/services');
    await consolePage.screenshot('linked-service');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);

    await goTo('#/services?environment=production&cluster=flarenet-production&service=ghost');
    await expect
      .poll(() => page.locator('[data-testid="desktop-notice"]').innerText())
      .toMatch(/linked service ghost \(production, cluster flarenet-production\) is not in the fleet/);
    expect(await detail.count()).toBe(0);
    await page.locator('[data-testid="desktop-notice"] button').click();
    await expect.poll(() => page.locator('[data-testid="desktop-notice"]').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
