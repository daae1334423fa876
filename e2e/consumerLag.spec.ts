import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openConsolePage,
  waitUntilLagRendered,
  waitUntilRendered,
  type ConsolePage,
} from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';
import { runSandboxScenario } from './support/sandboxScenario';

let host: HostProcess;
let consolePage: ConsolePage;

function runScenario(scenario: Record<string, unknown>): Promise<void> {
  return runSandboxScenario(host, scenario);
}

function paymentRow() {
  return consolePage.page.locator('[data-testid="lag-row"][data-group="payment-service"]');
}

async function totalLag(): Promise<number> {
  return Number(await paymentRow().getAttribute('data-total-lag'));
}

beforeAll(async () => {
  host = await startHostProcess(['--allow-actions', '--seed', '11']);
  const url = new URL(host.url);
  url.hash = '#/lag';
  consolePage = await openConsolePage(url.toString());
  await waitUntilRendered(consolePage.page);
  await waitUntilLagRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

describe('consumer lag in the browser, against the console host on its sandbox', () => {
  it("lists every consumer group of the platform with Burrow's status in words and a severity", async () => {
    const { page } = consolePage;
    for (const group of [
      'order-service',
      'inventory-service',
      'payment-service',
      'notification-service',
      'analytics-service',
    ]) {
      const row = page.locator(`[data-testid="lag-row"][data-group="${group}"]`);
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      expect(await row.getAttribute('data-burrow-status')).toMatch(/^(OK|WARN|ERR|NOTFOUND)$/);
      expect(await row.getAttribute('data-severity')).toMatch(/^(ok|unknown|warn|error)$/);
      // Burrow's word, except where it has judged nothing yet: the console does not say OK then.
      const burrowStatus = (await row.getAttribute('data-burrow-status')) ?? '';
      const notJudged = burrowStatus === 'OK' && (await row.getAttribute('data-severity')) === 'unknown';
      expect(await row.locator('[data-testid="burrow-status"]').innerText()).toContain(
        notJudged ? 'not judged' : burrowStatus,
      );
    }
    await consolePage.screenshot('lag-healthy');
  });

  it('turns payment-service to a warning or an error with rising lag during a bad deploy, saying whose', async () => {
    await runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    const before = await totalLag();
    await expect.poll(totalLag, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(before + 20);
    const rising = await totalLag();
    await expect.poll(totalLag, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(rising);
    // The console's findings (lag rising while the group stands still, rebalancing without
    // end) come first; Burrow's STOP once the broken members have held partitions for a window.
    await expect
      .poll(() => paymentRow().getAttribute('data-severity'), { timeout: 120_000, interval: 1000 })
      .toMatch(/^(warn|error)$/);
    const findings = (await paymentRow().getAttribute('data-findings')) ?? '';
    const burrowStatus = (await paymentRow().getAttribute('data-burrow-status')) ?? '';
    expect(findings !== '' || burrowStatus === 'WARN' || burrowStatus === 'ERR').toBe(true);
    expect(await paymentRow().getAttribute('data-eta-kind')).not.toBe('eta');
    expect(await paymentRow().getAttribute('data-trend')).toBe('growing');
    // Enough backlog that draining it takes several refreshes, long enough to see an ETA.
    await expect.poll(totalLag, { timeout: 90_000, interval: 1000 }).toBeGreaterThan(120);
    await consolePage.screenshot('lag-bad-deploy');
  }, 240_000);

  it('shows an ETA after a good deploy and the lag drains', async () => {
    await runScenario({ kind: 'good-deploy', cluster: 'flarenet-production', service: 'payment-service' });
    await expect
      .poll(() => paymentRow().getAttribute('data-eta-kind'), { timeout: 120_000, interval: 1000 })
      .toBe('eta');
    const draining = await totalLag();
    await expect.poll(totalLag, { timeout: 60_000, interval: 1000 }).toBeLessThan(draining);
    await consolePage.screenshot('lag-draining');
  }, 240_000);

  it('drills into the partitions of a group', async () => {
    const { page } = consolePage;
    await paymentRow().click();
    await page.keyboard.press('Enter');
    const detail = page.locator('[data-testid="lag-detail"]');
    await expect.poll(() => detail.count()).toBe(1);
    await expect
      .poll(() => page.locator('[data-testid="partition-row"]').count(), { timeout: 15_000 })
      .toBe(3);
    // Burrow's status and the console's findings, each under its own name.
    expect(await page.locator('[data-testid="burrow-reason"]').innerText()).toMatch(/^Burrow /);
    for (const row of await page.locator('[data-testid="partition-row"]').all())
      expect(await row.getAttribute('data-burrow-status')).toMatch(/^(OK|WARN|STOP|STALL|REWIND)$/);
    await consolePage.screenshot('lag-partitions');
  });

  it("opens the consumer group a link's address names", async () => {
    const { page } = consolePage;
    const detail = page.locator('[data-testid="lag-detail"]');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    const cluster = await paymentRow().getAttribute('data-cluster');
    const hash = `#/lag?${new URLSearchParams({ cluster: cluster ?? '', group: 'payment-service' }).toString()}`;
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await expect.poll(() => detail.count()).toBe(1);
    await expect.poll(() => detail.innerText()).toMatch(/payment-service/);
    expect(await page.evaluate('window.location.hash')).toBe('#/lag');
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
