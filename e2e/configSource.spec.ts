import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

// What the console reads from is what the user named, or the sandbox when nothing is named — and it says which.

let host: HostProcess | undefined;
let consolePage: ConsolePage | undefined;

afterEach(async () => {
  await consolePage?.close();
  await host?.stop();
  consolePage = undefined;
  host = undefined;
});

describe('the source a console host reads', () => {
  it('shows the error and no fleet when the named config file does not exist, never the sandbox', async () => {
    const missing = join(tmpdir(), 'flarenet-e2e-no-such-config.json');
    host = await startHostProcess(['--config', missing]);
    expect(host.sandboxEcsEndpoint).toBeNull();
    consolePage = await openConsolePage(host.url);
    const { page } = consolePage;
    const banner = page.locator('.config-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toContain(
      `The console config ${missing} does not exist (named by --config)`,
    );
    await expect
      .poll(() => page.locator('[data-testid="source-badge"]').innerText(), { timeout: 15_000 })
      .toBe('AWS');
    expect(await page.locator('[data-testid="service-row"]').count()).toBe(0);
    expect(await page.title()).toBe('FlareNet Console');
    await consolePage.screenshot('config-missing');
    expect(consolePage.errors).toEqual([]);
  });

  it('says SANDBOX in the badge and the window title when nothing is named', async () => {
    host = await startHostProcess(['--seed', '5']);
    consolePage = await openConsolePage(host.url);
    const { page } = consolePage;
    await expect
      .poll(() => page.locator('[data-testid="source-badge"]').innerText(), { timeout: 30_000 })
      .toBe('SANDBOX');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('FlareNet Console — SANDBOX');
    expect(consolePage.errors).toEqual([]);
  });
});
