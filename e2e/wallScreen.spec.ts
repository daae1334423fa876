import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../electron/testing/freePort';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

// A wall screen whose console host goes away: what it shows must never stay "ok".

const hosts: HostProcess[] = [];
let consolePage: ConsolePage | undefined;
let tokenDir: string | undefined;

afterEach(async () => {
  await consolePage?.close();
  consolePage = undefined;
  for (const host of hosts.splice(0)) await host.stop();
});
afterAll(async () => {
  if (tokenDir) await rm(tokenDir, { recursive: true, force: true });
});

async function startHost(port: number, extra: string[] = []): Promise<HostProcess> {
  const host = await startHostProcess(['--port', String(port), '--seed', '5', ...extra]);
  hosts.push(host);
  return host;
}

async function stopHost(host: HostProcess): Promise<void> {
  hosts.splice(hosts.indexOf(host), 1);
  await host.stop();
}

function clusterState(page: ConsolePage['page'], cluster: string) {
  return page.locator(`[data-testid="cluster-header"][data-cluster="${cluster}"] .cluster-state`).innerText();
}

describe('a wall screen whose console host restarts', () => {
  it('marks its data stale once the host is gone, and says so when a new host refuses its token', async () => {
    const port = await freePort();
    const first = await startHost(port);
    const url = new URL(first.url);
    url.hash = '#/services';
    consolePage = await openConsolePage(url.toString());
    const { page } = consolePage;
    await waitUntilRendered(page);
    await expect.poll(() => clusterState(page, 'flarenet-production'), { timeout: 15_000 }).toMatch(/ok/);

    await stopHost(first);
    // Five seconds of polling plus the margin: then nothing may still read "ok".
    await expect
      .poll(() => clusterState(page, 'flarenet-production'), { timeout: 30_000 })
      .toMatch(/stale.*no connection to the console/);
    const row = page.locator('[data-testid="service-row"][data-cluster="flarenet-production"]').first();
    expect(await row.getAttribute('data-health')).toBe('stale');
    await consolePage.screenshot('wall-screen-disconnected');

    await startHost(port);
    await expect
      .poll(() => page.locator('.connection-banner').innerText(), { timeout: 40_000 })
      .toMatch(/This console was restarted.*open the new URL/);
    expect(await page.locator('.status-bar .connection').innerText()).toMatch(/Console restarted/);
    await consolePage.screenshot('wall-screen-refused');
    expect(consolePage.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|401/.test(e))).toEqual([]);
  });

  it('reconnects by itself to a host restarted with the same --token-file', async () => {
    tokenDir = await mkdtemp(join(tmpdir(), 'flarenet-e2e-token-'));
    const tokenFile = join(tokenDir, 'host-token');
    const port = await freePort();
    const first = await startHost(port, ['--token-file', tokenFile]);
    const url = new URL(first.url);
    url.hash = '#/services';
    consolePage = await openConsolePage(url.toString());
    const { page } = consolePage;
    await waitUntilRendered(page);

    await stopHost(first);
    await expect.poll(() => clusterState(page, 'flarenet-production'), { timeout: 30_000 }).toMatch(/stale/);
    const second = await startHost(port, ['--token-file', tokenFile]);
    expect(new URL(second.url).searchParams.get('token')).toBe(new URL(first.url).searchParams.get('token'));
    await expect.poll(() => clusterState(page, 'flarenet-production'), { timeout: 40_000 }).toMatch(/ok/);
    expect(await page.locator('.connection-banner').count()).toBe(0);
    await consolePage.screenshot('wall-screen-reconnected');
  });
});
