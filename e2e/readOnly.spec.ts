import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

// A wall screen: the console host started without --allow-actions.
let host: HostProcess;
let consolePage: ConsolePage;

beforeAll(async () => {
  host = await startHostProcess(['--seed', '5']);
  const url = new URL(host.url);
  url.hash = '#/services';
  consolePage = await openConsolePage(url.toString());
  await waitUntilRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

describe('a read-only console host', () => {
  it('says it is read-only and disables Roll back with the reason', async () => {
    const { page } = consolePage;
    await expect
      .poll(() => page.locator('[data-testid="read-only-badge"]').count(), { timeout: 15_000 })
      .toBe(1);
    const row = page.locator(
      '[data-testid="service-row"][data-cluster="flarenet-production"][data-service="payment-service"]',
    );
    const button = row.locator('[data-testid="rollback-button"]');
    await expect.poll(() => button.isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await button.getAttribute('title')).toMatch(/read-only/);
    await consolePage.screenshot('read-only');
  });

  it('still shows a plan from the keyboard, but cannot confirm it', async () => {
    const { page } = consolePage;
    await page.locator('[data-testid="service-row"]').first().click();
    await page.keyboard.press('r');
    const plan = page.locator('[data-testid="action-plan"]');
    await expect.poll(() => plan.count(), { timeout: 15_000 }).toBe(1);
    const confirm = page.locator('[data-testid="confirm-action"]');
    await expect.poll(() => confirm.count(), { timeout: 15_000 }).toBe(1);
    expect(await confirm.isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="action-refusal"]').innerText()).toMatch(/read-only/);
    await consolePage.screenshot('read-only-plan');
    await page.keyboard.press('Escape');
    await expect.poll(() => plan.count()).toBe(0);
  });

  it('turns light for a bright room when asked, and stays light after a reload', async () => {
    const { page } = consolePage;
    await page.emulateMedia({ colorScheme: 'dark' });
    const picker = page.locator('[data-testid="theme-picker"]');
    await picker.selectOption('light');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await consolePage.screenshot('light-theme');
    await page.reload();
    await waitUntilRendered(page);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    expect(await picker.inputValue()).toBe('light');
    await picker.selectOption('system');
    expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
  });

  it('finds a service from the command palette and opens it, and lists the keys with ?', async () => {
    const { page } = consolePage;
    await page.keyboard.press('Escape');
    // The first time, the palette's code may still be on its way: wait for it.
    await page.keyboard.press('Control+k');
    const palette = page.locator('[data-testid="command-palette"]');
    await expect.poll(() => palette.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => palette.locator('input:focus').count()).toBe(1);
    await page.keyboard.type('order production');
    const options = palette.locator('[data-testid="palette-option"]');
    await expect.poll(() => options.first().innerText()).toMatch(/order-service\s+flarenet-production/);
    await consolePage.screenshot('command-palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => palette.count()).toBe(0);
    const detail = page.locator('[data-testid="service-detail"]');
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toContain('order-service');

    // Read-only: the palette offers a rollback, says why it cannot run, and stays open.
    await page.keyboard.press('Control+k');
    await expect.poll(() => palette.locator('input:focus').count()).toBe(1);
    await page.keyboard.type('roll back');
    await expect.poll(() => palette.locator('input').inputValue()).toBe('roll back');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="palette-outcome"]').innerText()).toMatch(/Read-only/);
    await page.keyboard.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);

    await page.locator('[data-testid="service-row"]').first().click();
    await page.keyboard.press('?');
    const keys = page.locator('[data-testid="shortcuts-overlay"]');
    await expect.poll(() => keys.count(), { timeout: 15_000 }).toBe(1);
    expect(await keys.innerText()).toMatch(/Command palette/);
    await page.keyboard.press('Escape');
    await expect.poll(() => keys.count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
