import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

/**
 * The whole incident, as the on-call engineer lives it: a bad deploy of payment-service in
 * production, its consumer lag rising, a rollback from the console, the rollout watched to
 * steady, the lag draining, and the audit log saying who did what.
 */

const cluster = 'flarenet-production';
const service = 'payment-service';
const group = 'payment-service';

let host: HostProcess;
let consolePage: ConsolePage;

beforeAll(async () => {
  host = await startHostProcess(['--allow-actions', '--seed', '11']);
  consolePage = await openConsolePage(host.url);
  await waitUntilRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

const serviceRow = (page: Page) =>
  page.locator(`[data-testid="service-row"][data-cluster="${cluster}"][data-service="${service}"]`);
const lagRow = (page: Page) => page.locator(`[data-testid="lag-row"][data-group="${group}"]`);

async function showView(page: Page, view: 'services' | 'lag' | 'audit'): Promise<void> {
  await page.locator(`[data-testid="view-tab"][data-view="${view}"]`).click();
  await expect.poll(() => page.locator(`[data-view="${view}"][aria-selected="true"]`).count()).toBe(1);
}

async function totalLag(page: Page): Promise<number> {
  const value = await lagRow(page)
    .getAttribute('data-total-lag', { timeout: 1_000 })
    .catch(() => null);
  return value === null ? Number.NaN : Number(value);
}

/** The lag read at each step of the story. */
const lag = { before: 0, peak: 0 };

describe('the whole incident: bad deploy, rollback from the console, recovery, audit', () => {
  it('shows payment-service degraded after a bad deploy, and its consumer lag rising to a warning or an error', async () => {
    const { page } = consolePage;
    await showView(page, 'lag');
    await expect.poll(() => lagRow(page).count(), { timeout: 30_000 }).toBe(1);
    lag.before = await totalLag(page);

    if (!host.sandboxEcsEndpoint) throw new Error('The host did not report its sandbox endpoint.');
    const response = await fetch(`${host.sandboxEcsEndpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: host.sandboxControlHeaders,
      body: JSON.stringify({ kind: 'bad-deploy', cluster, service, circuitBreaker: 'off' }),
    });
    expect(response.status).toBe(200);

    await showView(page, 'services');
    await expect
      .poll(() => serviceRow(page).getAttribute('data-health'), { timeout: 30_000, interval: 250 })
      .toMatch(/^(degraded|failed)$/);
    await consolePage.screenshot('incident-1-degraded');

    // The broken tasks join the group and hold partitions without processing them.
    await showView(page, 'lag');
    await expect.poll(() => totalLag(page), { timeout: 40_000, interval: 500 }).toBeGreaterThan(lag.before);
    const first = await totalLag(page);
    await expect.poll(() => totalLag(page), { timeout: 30_000, interval: 500 }).toBeGreaterThan(first);
    lag.peak = await totalLag(page);
    await consolePage.screenshot('incident-2-lag-rising');
    // Lag rising while the consumers stand still is a warning within a few refreshes, an error
    // after a minute (shared/kafka/consoleFindings.ts); Burrow's STOP comes once the broken
    // members have held their partitions without a commit for a window.
    await expect
      .poll(() => lagRow(page).getAttribute('data-severity'), { timeout: 90_000, interval: 500 })
      .toMatch(/^(warn|error)$/);
    const burrowStatus = (await lagRow(page).getAttribute('data-burrow-status')) ?? '';
    expect(await lagRow(page).innerText()).toContain(burrowStatus);
  }, 180_000);

  it('rolls back from the service row: StopServiceDeployment with its diff, typed confirmation, live progress', async () => {
    const { page } = consolePage;
    await showView(page, 'services');
    await serviceRow(page).locator('[data-testid="rollback-button"]').click();

    const plan = page.locator('[data-testid="action-plan"]');
    await expect.poll(() => plan.count(), { timeout: 30_000 }).toBe(1);
    // A deployment is in progress: ECS is asked to stop it and return to the last completed one.
    expect(await plan.getAttribute('data-method')).toBe('stop-deployment');
    expect(await plan.innerText()).toContain('StopServiceDeployment');
    const imageRows = plan.locator('[data-testid="diff-row"][data-section="image"]');
    expect(await imageRows.count()).toBeGreaterThan(0);
    // The evidence for the decision, in the plan and again beside the confirmation.
    const evidence = plan.locator('[data-testid="plan-evidence"]');
    expect(await evidence.locator('h3').textContent()).toMatch(/^Since payment-service:\d+ was deployed$/);
    expect(await evidence.locator('[data-metric="cpu"]').innerText()).toMatch(/^CPU /);
    expect(await page.locator('[data-testid="confirm-evidence"]').innerText()).toMatch(
      /^Since payment-service:\d+ was deployed .* ago, 5XX rate not enough data, /,
    );

    // Production: the button stays disabled until the service name is typed exactly.
    const confirm = page.locator('[data-testid="confirm-action"]');
    const input = page.locator('[data-testid="confirm-input"]');
    expect(await confirm.isDisabled()).toBe(true);
    await input.fill('payment');
    expect(await confirm.isDisabled()).toBe(true);
    await input.fill(service);
    expect(await confirm.isEnabled()).toBe(true);
    await consolePage.screenshot('incident-3-plan');
    await input.press('Enter');

    const progress = page.locator('[data-testid="action-progress"]');
    await expect.poll(() => progress.count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => progress.getAttribute('data-phase'), { timeout: 15_000 })
      .toMatch(/^(started|in-progress|succeeded)$/);
    await consolePage.screenshot('incident-4-progress');

    // Closing the dialog stops nothing: the status bar keeps the action, and so does the service.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="action-dialog"]').count()).toBe(0);
    const status = page.locator(`[data-testid="action-status"][data-service="${service}"]`);
    await expect.poll(() => status.count()).toBe(1);
    expect(await status.innerText()).toMatch(/payment-service/);
    await serviceRow(page).click();
    const onService = page.locator('[data-testid="service-detail"] [data-testid="service-action-progress"]');
    await expect.poll(() => onService.count(), { timeout: 10_000 }).toBe(1);
    await onService.getByRole('button').click();
    await expect.poll(() => progress.count()).toBe(1);

    await expect
      .poll(() => progress.getAttribute('data-phase'), { timeout: 90_000, interval: 500 })
      .toBe('succeeded');
    // Done means the PRIMARY deployment runs the target revision with every task running.
    const primary = progress.locator('tr[data-status="PRIMARY"]');
    expect(await primary.getAttribute('data-target')).toBe('true');
    const [running, desired] = (await primary.locator('td').nth(3).innerText()).split('/').map(Number);
    expect(running).toBe(desired);
    expect(await primary.innerText()).toContain('COMPLETED');
    const target = await primary.getAttribute('data-label');
    await consolePage.screenshot('incident-5-succeeded');
    await page.keyboard.press('Escape');

    // Steady: the table shows the service on the target revision with every task running, and
    // once the rollback has held for two polls it is healthy again, saying it recovered.
    await expect
      .poll(() => serviceRow(page).locator('.cell-revision').innerText(), { timeout: 15_000 })
      .toBe(target);
    await expect
      .poll(() => serviceRow(page).locator('.cell-tasks').innerText(), { timeout: 15_000 })
      .toBe(`${desired}/${desired}`);
    await expect
      .poll(() => serviceRow(page).getAttribute('data-health'), { timeout: 30_000, interval: 250 })
      .toBe('healthy');
    expect(await serviceRow(page).locator('.cell-service').getAttribute('title')).toMatch(
      new RegExp(`recovered: rolled back .*to ${target ?? ''} at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`),
    );
  });

  it('shows the consumer lag draining once the service is back', async () => {
    const { page } = consolePage;
    await showView(page, 'lag');
    const peak = Math.max(lag.peak, await totalLag(page));
    await expect.poll(() => totalLag(page), { timeout: 40_000, interval: 500 }).toBeLessThan(peak);
    const falling = await totalLag(page);
    await expect.poll(() => totalLag(page), { timeout: 40_000, interval: 500 }).toBeLessThan(falling);
    await consolePage.screenshot('incident-6-lag-draining');
  });

  it('opens the plan with r on the selected service; Tab stays in the dialog and Esc closes it, changing nothing', async () => {
    const { page } = consolePage;
    await showView(page, 'services');
    await serviceRow(page).click();
    await page.keyboard.press('r');
    const plan = page.locator('[data-testid="action-plan"]');
    await expect.poll(() => plan.count(), { timeout: 30_000 }).toBe(1);
    // Nothing is deploying now: a rollback would be a new deployment.
    expect(await plan.getAttribute('data-method')).toBe('update-service');
    const focusInDialog =
      'document.querySelector(\'[data-testid="action-dialog"]\')?.contains(document.activeElement) === true';
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(focusInDialog)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="action-dialog"]').count()).toBe(0);
  });

  it('records the rollback in the audit view, and exports the log', async () => {
    const { page } = consolePage;
    await showView(page, 'audit');
    const entry = page.locator(
      `[data-testid="audit-entry"][data-service="${service}"][data-cluster="${cluster}"][data-kind="rollback"]`,
    );
    await expect.poll(() => entry.count(), { timeout: 15_000 }).toBe(1);
    expect(await entry.getAttribute('data-outcome')).toBe('succeeded');
    const row = await entry.locator('summary').innerText();
    expect(row).toMatch(/sandbox/);
    expect(row).toMatch(/payment-service:\d+ → payment-service:\d+/);
    await entry.locator('summary').click();
    expect(await entry.innerText()).toContain('StopServiceDeployment');
    expect(await entry.innerText()).toContain('by typing the service name');

    await page.locator('[data-testid="audit-export"]').click();
    const result = page.locator('[data-testid="audit-export-result"]');
    await expect.poll(() => result.count(), { timeout: 10_000 }).toBe(1);
    const path = await result.locator('.audit-export-path').innerText();
    expect(path.startsWith(host.dataDir)).toBe(true);
    expect(existsSync(path)).toBe(true);
    await consolePage.screenshot('incident-7-audit');
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
