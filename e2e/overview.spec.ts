import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/sandbox/sandboxClock';
import { startSandbox, type Sandbox } from '../electron/sandbox/sandbox';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';

/**
 * The Overview during a bad deploy: a sandbox started here, the console host pointed at it,
 * Chromium on the Overview. The gateway gets a release that answers 5XX with the circuit
 * breaker off; the Overview shows its error rate and the alarm it trips, and copies as text;
 * the gateway's row draws the error rate and its details show the alarm.
 *
 * CloudWatch counts whole minutes, and an alarm needs some of them: the sandbox's clock runs
 * minutes behind this machine's until the bad deploy, then catches up at once, so the minutes
 * of errors are there by the console's next read of CloudWatch rather than minutes later.
 */

const minute = 60_000;
const cluster = 'flarenet-production';
const service = 'api-gateway';
const alarm = 'api-gateway-5xx';

/** What the page's scripts see, for the one check that runs in the page (this file is compiled for Node). */
interface PageGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
}

let sandbox: Sandbox;
let host: HostProcess;
let consolePage: ConsolePage;
let behindMs = 4 * minute;
let follow: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  const clock = new ManualClock(Date.now() - behindMs);
  sandbox = await startSandbox({
    host: '127.0.0.1',
    ecsPort: 0,
    kafkaPort: 0,
    seed: 7,
    lively: false,
    clock,
  });
  // The sandbox's clock follows this machine's, `behindMs` behind it.
  follow = setInterval(() => sandbox.advance(Math.max(0, Date.now() - behindMs - clock.now())), 250);
  host = await startHostProcess([], {
    config: {
      environments: [
        {
          name: 'production',
          aws: { region: 'us-east-1', endpoint: sandbox.ecsEndpoint },
          clusters: [cluster],
        },
      ],
    },
  });
  const url = new URL(host.url);
  url.hash = '#/overview';
  consolePage = await openConsolePage(url.toString());
  await waitUntilRendered(consolePage.page);
  await consolePage.page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url.origin });
});

afterAll(async () => {
  if (follow) clearInterval(follow);
  await consolePage?.close();
  await host?.stop();
  await sandbox?.close();
});

function drawing() {
  return consolePage.page.locator('[data-testid="overview-drawing"]');
}

/** The gateway's 5XX rate as its row says it, in percent; NaN when the row says "—". */
async function gatewayErrorRate(): Promise<number> {
  const match = new RegExp(`[✓◐▲✖○] ${service} +(<?[\\d.]+) %`).exec(await drawing().innerText());
  return match ? Number(match[1]!.replace('<', '')) : Number.NaN;
}

describe('the Overview during a bad deploy, in the browser against the console host', () => {
  it('opens on the dashboard: the fleet’s bars, every service, no alarm', async () => {
    const { page } = consolePage;
    expect(
      await page.locator('[data-testid="view-tab"][aria-selected="true"]').getAttribute('data-view'),
    ).toBe('overview');
    await page
      .locator('[data-testid="overview-drawing"][data-has-metrics="true"]')
      .waitFor({ timeout: 30_000 });
    // CloudWatch is read for the services as soon as the fleet shows them.
    await expect
      .poll(async () => await drawing().innerText(), { timeout: 20_000 })
      .toMatch(/│ Errors +[█░]+ +[<\d.]+ % of requests answered 5XX/);
    const text = await drawing().innerText();
    expect(text).toMatch(/^FlareNet overview — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(text).toMatch(/│ CPU +[█░]+ +\d+ % \(services averaged\)/);
    for (const name of ['api-gateway', 'order-service', 'payment-service']) expect(text).toContain(name);
    expect(text).toContain('None: no alarm in ALARM or without data.');
    expect(await gatewayErrorRate()).toBeLessThan(1);
    // The bars are coloured from the drawing's own regions.
    expect(await page.locator('[data-testid="overview-drawing"] .ov-bar').count()).toBe(4);
  });

  it('shows the gateway’s error rate and its alarm after a bad deploy with the circuit breaker off', async () => {
    await sandbox.runScenario({ kind: 'bad-deploy', cluster, service, circuitBreaker: 'off' });
    // The minutes after the deploy pass at once for CloudWatch; the console reads them at its next minute.
    behindMs = 0;
    await expect
      .poll(async () => (await drawing().innerText()).includes(`ALARM ${alarm} (production) since`), {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(true);
    expect(await gatewayErrorRate()).toBeGreaterThan(5);
    const text = await drawing().innerText();
    // The gateway is listed first, with its alarm on its row, and the alarm says what it acts on.
    const firstRow = text.split('\n').find((line) => /^│ [✓◐▲✖○] /.test(line));
    expect(firstRow).toContain(service);
    expect(text.replace(/[│\s]+/g, ' ')).toContain(
      'acts on api-gateway (target group flarenet-production-api-gateway)',
    );
    expect(
      await consolePage.page.locator('[data-testid="overview-drawing"] .ov-alarm').count(),
    ).toBeGreaterThan(0);
    const picker = consolePage.page.locator('[data-testid="theme-picker"]');
    await picker.selectOption('dark');
    expect(await consolePage.page.locator('html').getAttribute('data-theme')).toBe('dark');
    await consolePage.screenshot('overview-incident-dark');
  });

  it('copies the dashboard as the text it shows, and reads in the light theme too', async () => {
    const { page } = consolePage;
    await page.locator('[data-testid="copy-overview"]').focus();
    await page.keyboard.press('Enter');
    const status = page.locator('[data-testid="copy-status"]');
    const fallback = page.locator('[data-testid="copy-fallback"] textarea');
    await expect
      .poll(async () => (await status.innerText()).includes('Copied') || (await fallback.count()) > 0)
      .toBe(true);
    const copied =
      (await fallback.count()) > 0
        ? await fallback.inputValue()
        : await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
    expect(copied).toMatch(/^FlareNet overview — \d{4}-\d\d-\d\d /);
    expect(copied).toContain(`ALARM ${alarm} (production) since`);
    // The same drawing, but for the ages in it, which count on between the two reads.
    const shape = (text: string) =>
      text
        .trimEnd()
        .replace(/\d+( min)? \d+ s|\d+ s|\d+ min/g, 'AGE')
        .split('\n');
    expect(shape(copied).slice(1)).toEqual(shape(await drawing().innerText()).slice(1));

    await page.locator('[data-testid="theme-picker"]').selectOption('light');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await consolePage.screenshot('overview-incident-light');
  });

  it('draws the gateway’s error rate in its row, and shows its 5XX alarm in ALARM in its details', async () => {
    const { page } = consolePage;
    await page.locator('[data-testid="view-tab"][data-view="services"]').click();
    const row = (name: string) =>
      page.locator(`[data-testid="service-row"][data-cluster="${cluster}"][data-service="${name}"]`);
    const errorRate = row(service).locator('[data-testid="trend-errorRate"]');
    await expect.poll(() => errorRate.getAttribute('data-state'), { timeout: 30_000 }).toBe('line');
    await expect
      .poll(async () => parseFloat(await errorRate.locator('.trend-value').innerText()), { timeout: 30_000 })
      .toBeGreaterThan(5);
    // A service behind no load balancer has no error rate, and says why rather than drawing zeros.
    const noRate = row('payment-service').locator('[data-testid="trend-errorRate"]');
    expect(await noRate.getAttribute('data-state')).toBe('missing');
    expect(await noRate.locator('span').getAttribute('title')).toMatch(/behind no load balancer/);

    await row(service).click();
    const alarmLine = page.locator(
      `[data-testid="service-detail"] [data-testid="service-alarm"][data-alarm="${alarm}"]`,
    );
    await expect.poll(() => alarmLine.getAttribute('data-state'), { timeout: 30_000 }).toBe('ALARM');
    expect(await alarmLine.innerText()).toMatch(new RegExp(`^ALARM ${alarm} since `));
    const chart = page.locator('[data-testid="metric-chart"][data-figure="errorRate"]');
    await expect.poll(() => chart.locator('[data-testid="metric-history-errorRate"]').count()).toBe(1);
    await consolePage.screenshot('overview-gateway-details');
    await page.keyboard.press('Escape');
    expect(consolePage.errors).toEqual([]);
  });
});
