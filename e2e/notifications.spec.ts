import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';
import { runSandboxScenario } from './support/sandboxScenario';

// A read-only wall screen: it cannot act, but it tells what breaks.
let host: HostProcess;
let consolePage: ConsolePage;

beforeAll(async () => {
  host = await startHostProcess(['--seed', '21']);
  const url = new URL(host.url);
  url.hash = '#/services';
  consolePage = await openConsolePage(url.toString());
  await waitUntilRendered(consolePage.page);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
});

function status() {
  return consolePage.page.locator('[data-testid="notification-status"]');
}

function groupEntry() {
  return consolePage.page.locator('[data-testid="notification-entry"][data-rule="group-err"]');
}

function runScenario(scenario: Record<string, unknown>): Promise<void> {
  return runSandboxScenario(host, scenario);
}

describe('notifications in the browser, on a read-only console host', () => {
  it('counts nothing new before anything happened', async () => {
    await expect.poll(() => status().getAttribute('data-unread'), { timeout: 15_000 }).toBe('0');
    expect(await status().innerText()).toMatch(/No new notifications/);
  });

  it('puts a stalled consumer group in the inbox with a count in the status bar', async () => {
    await runScenario({ kind: 'consumer', group: 'payment-service', behaviour: 'stall' });
    await expect
      .poll(async () => Number(await status().getAttribute('data-unread')), {
        timeout: 180_000,
        interval: 500,
      })
      .toBeGreaterThanOrEqual(1);
    expect(await status().innerText()).toMatch(/\d+ new notifications?/);

    const { page } = consolePage;
    await status().focus();
    await page.keyboard.press('Enter');
    const inbox = page.locator('[data-testid="notification-inbox"]');
    await expect.poll(() => inbox.count()).toBe(1);
    await expect.poll(() => groupEntry().count()).toBe(1);
    expect(await groupEntry().innerText()).toMatch(/Consumer group payment-service is ERR: [\d,]+ behind/);
    expect(await groupEntry().getAttribute('data-read')).toBe('false');
    await consolePage.screenshot('notification-inbox');
  }, 200_000);

  it('asks the browser for its notifications only from the button, and says plainly what it answered', async () => {
    const permission = consolePage.page.locator('[data-testid="notification-permission"]');
    if ((await permission.getAttribute('data-permission')) === 'default') {
      await permission.locator('button').click();
      await expect
        .poll(() => permission.getAttribute('data-permission'), { timeout: 10_000 })
        .not.toBe('default');
    }
    const answer = await permission.getAttribute('data-permission');
    const text = await permission.innerText();
    if (answer === 'denied') expect(text).toMatch(/blocked for this page/);
    else if (answer === 'granted') expect(text).toMatch(/This browser shows each new notification/);
    else expect(text).toMatch(/cannot show notifications/);
  });

  it('closes with Escape, and opening an entry marks it read and shows its group', async () => {
    const { page } = consolePage;
    const inbox = page.locator('[data-testid="notification-inbox"]');
    await page.keyboard.press('Escape');
    await expect.poll(() => inbox.count()).toBe(0);

    await status().click();
    await groupEntry().locator('button', { hasText: 'Open payment-service' }).click();
    await expect.poll(() => inbox.count()).toBe(0);
    const detail = page.locator('[data-testid="lag-detail"]');
    await expect.poll(() => detail.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toMatch(/payment-service/);
    await status().click();
    await expect.poll(() => groupEntry().getAttribute('data-read')).toBe('true');
  });

  it('marks the notification resolved once the group consumes again', async () => {
    await runScenario({ kind: 'consumer', group: 'payment-service', behaviour: 'normal' });
    await expect
      .poll(() => groupEntry().getAttribute('data-resolved'), { timeout: 180_000, interval: 500 })
      .toBe('true');
    expect(await groupEntry().innerText()).toMatch(/Consumer group payment-service: back to (OK|WARN)/);
    await consolePage.screenshot('notification-resolved');
  }, 200_000);

  it('puts a bad deploy the circuit breaker rolled back in the inbox, naming the service, and counts it', async () => {
    const { page } = consolePage;
    const inbox = page.locator('[data-testid="notification-inbox"]');
    // The inbox is still open from the resolution: closed, the count is what there is to see.
    await page.keyboard.press('Escape');
    await expect.poll(() => inbox.count()).toBe(0);
    const unreadBefore = Number(await status().getAttribute('data-unread'));
    await runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'catalog-service',
      circuitBreaker: 'rollback',
    });
    // The sandbox's lively pace: failing tasks within seconds, the breaker's rollback well under a minute.
    await expect
      .poll(async () => Number(await status().getAttribute('data-unread')), {
        timeout: 90_000,
        interval: 500,
      })
      .toBeGreaterThan(unreadBefore);
    expect(await status().innerText()).toMatch(/\d+ new notifications?/);

    await status().click();
    const entry = page.locator('[data-testid="notification-entry"][data-rule="rollout-failed"]');
    await expect.poll(() => entry.count(), { timeout: 15_000 }).toBe(1);
    const text = await entry.innerText();
    // The sandbox's breaker fails the rollout and starts the rollback in one step, as ECS does.
    expect(text).toMatch(
      /catalog-service: (rollout of catalog-service:\d+ failed and is )?rolled back by the circuit breaker to catalog-service:\d+/,
    );
    expect(text).toContain('ECS deployment circuit breaker: tasks failed to start.');
    expect(text).toMatch(/rollout failed · production · /);
    expect(await entry.getAttribute('data-read')).toBe('false');
    expect(await entry.locator('button', { hasText: 'Open catalog-service' }).count()).toBe(1);
    await consolePage.screenshot('notification-rollout-rolled-back');
    await page.keyboard.press('Escape');
    await expect.poll(() => inbox.count()).toBe(0);
  }, 120_000);

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
