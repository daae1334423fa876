import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { sandboxTopologySpec } from '../shared/topology/sandboxTopologySpec';
import { startSandbox, type Sandbox } from '../electron/sandbox/sandbox';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';

/**
 * The console on a fleet of ten thousand services: a sandbox of 10 clusters × 1,000 services
 * started here, the console host pointed at it with a config file (production on its own, the
 * nine other clusters as one environment, the sandbox's topology), Chromium on the host. The table fills, the filter finds
 * one service among them, and the topology — far too large to draw whole — shows the service
 * a bad deploy broke with what feeds it and what it feeds, and the rest counted in summaries.
 */

const clusters = [
  'flarenet-staging',
  'flarenet-production',
  ...Array.from({ length: 8 }, (_, index) => `flarenet-bench-${index + 3}`),
];
const servicesPerCluster = 1000;

/** What the page's scripts see, for the one check that runs in the page (this file is compiled for Node). */
interface PageGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
}

let sandbox: Sandbox;
let configDir: string;
let host: HostProcess;
let consolePage: ConsolePage;

beforeAll(async () => {
  sandbox = await startSandbox({
    host: '127.0.0.1',
    ecsPort: 0,
    kafkaPort: 0,
    seed: 13,
    lively: false,
    // Deployments at test speed, so the bad deploy shows within a refresh or two.
    pace: { provisioningMs: 40, pendingMs: 60, activatingMs: 50, healthCheckMs: 250, stoppingMs: 150 },
    fleet: { clusters: clusters.length, servicesPerCluster },
  });
  configDir = await mkdtemp(join(tmpdir(), 'flarenet-e2e-scale-'));
  const configPath = join(configDir, 'config.json');
  const aws = { region: 'us-east-1', endpoint: sandbox.ecsEndpoint };
  await writeFile(
    configPath,
    JSON.stringify({
      environments: [
        { name: 'production', aws, clusters: ['flarenet-production'] },
        { name: 'other', aws, clusters: clusters.filter((cluster) => cluster !== 'flarenet-production') },
      ],
      kafka: [{ name: 'flarenet-kafka', environment: 'production', brokers: [sandbox.kafkaBootstrap] }],
      topology: sandboxTopologySpec,
    }),
  );
  host = await startHostProcess(['--config', configPath]);
  const url = new URL(host.url);
  url.hash = '#/services';
  consolePage = await openConsolePage(url.toString());
  // Generous: the first snapshot of ten thousand services takes seconds to reach the page.
  await waitUntilRendered(consolePage.page, 90_000);
});

afterAll(async () => {
  await consolePage?.close();
  await host?.stop();
  await sandbox?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

function box(name: string): Locator {
  return consolePage.page.locator(`[data-testid="topology-box"][data-node="${name}"]`);
}

describe('the console on 10 clusters × 1,000 services', () => {
  it('fills the service table', async () => {
    const rows = consolePage.page.locator('[data-testid="service-row"]');
    await expect.poll(() => rows.count(), { timeout: 110_000 }).toBeGreaterThan(10);
    expect(await rows.first().getAttribute('data-health')).toMatch(
      /^(healthy|deploying|degraded|failed|stale)$/,
    );
    await consolePage.screenshot('scale-services');
  });

  it('holds a window of the table, and End brings the window of the fleet’s last service', async () => {
    const { page } = consolePage;
    const rows = page.locator('[data-testid="service-row"]');
    // The page holds a few screens of rows, however large the fleet.
    expect(await rows.count()).toBeLessThan(300);
    expect(Number(await page.locator('.service-table').getAttribute('aria-rowcount'))).toBeGreaterThan(
      10_000,
    );
    await page.locator('.service-table .table-scroll').focus();
    await page.keyboard.press('End');
    const selected = page.locator('[data-testid="service-row"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('data-cluster'), { timeout: 30_000 }).toBe(clusters.at(-1));
    const last = await selected.getAttribute('data-service');
    await page.keyboard.press('Enter');
    const detail = page.locator('[data-testid="service-detail"]');
    await expect.poll(() => detail.innerText(), { timeout: 30_000 }).toContain(last ?? 'no service selected');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    // Production is the first environment of this console's config.
    await expect
      .poll(() => selected.getAttribute('data-cluster'), { timeout: 30_000 })
      .toBe('flarenet-production');
    await consolePage.screenshot('scale-services-window');
  });

  it('narrows the table to one service by name, in every cluster', async () => {
    const { page } = consolePage;
    await page.keyboard.press('/');
    // One input event: the table filters ten thousand services once, not once a keystroke.
    await page.keyboard.insertText('payment-service-104');
    const rows = page.locator('[data-testid="service-row"]');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(clusters.length);
    const names = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-service')));
    expect(new Set(names)).toEqual(new Set(['payment-service-104']));
    const shownClusters = await Promise.all(
      (await rows.all()).map((row) => row.getAttribute('data-cluster')),
    );
    expect(new Set(shownClusters)).toEqual(new Set(clusters));
    await page.keyboard.press('Escape');
  });

  it('draws the topology as the broken service, its neighbours and summaries of the rest', async () => {
    const { page } = consolePage;
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    await page.locator('[data-testid="view-tab"][data-view="topology"]').click();
    await page.locator('[data-testid="topology-problem-view"]').waitFor({ timeout: 30_000 });

    await expect
      .poll(() => box('payment-service').getAttribute('data-health'), { timeout: 90_000, interval: 500 })
      .toBe('degraded');
    // What feeds it and what it feeds.
    for (const name of ['payment-process', 'order-service', 'saga-response'])
      expect(await box(name).count()).toBe(1);
    const summaries = page.locator('[data-testid="topology-box"][data-kind="summary"]');
    const cluster = summaries.and(page.locator('[data-node="flarenet-production"]'));
    expect(await cluster.getAttribute('aria-label')).toMatch(
      /^flarenet-production: 99\d services, .*\. Enter shows them one by one\.$/,
    );
    // A page of boxes, not ten thousand.
    expect(await page.locator('[data-testid="topology-box"]').count()).toBeLessThan(60);
    expect(await page.locator('[data-testid="topology-all"]').isChecked()).toBe(false);
    await consolePage.screenshot('scale-topology-problems');

    // Enter on a summary draws its members one by one.
    expect(await box('api-gateway').count()).toBe(0);
    await summaries.and(page.locator('[data-node="edge"]')).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => box('api-gateway').count(), { timeout: 15_000 }).toBe(1);
    expect(await box('auth-service').count()).toBe(1);
    expect(await summaries.and(page.locator('[data-node="edge"]')).count()).toBe(0);
  });

  it('copies what it shows as a page of text', async () => {
    const { page } = consolePage;
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
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
    expect(text).toMatch(/^FlareNet topology — production \(flarenet-production\) — /);
    expect(text).toContain('problems and their neighbours drawn');
    expect(text).toMatch(/│ payment-service +[│├]/);
    // The expanded summary's members, as on screen.
    expect(text).toMatch(/│ api-gateway +[│├]/);
    expect(text).toContain('│ flarenet-production        │');
    expect(text.split('\n').length).toBeLessThan(200);
  });

  it('logged no console errors', () => {
    expect(consolePage.errors).toEqual([]);
  });
});
