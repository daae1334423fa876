import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/sandbox/sandboxClock';
import { startSandbox, type Sandbox } from '../electron/sandbox/sandbox';
import { startHostProcess, type HostProcess } from '../electron/testing/consoleHostProcess';
import { openConsolePage, waitUntilRendered, type ConsolePage } from './support/browser';

/**
 * An incident from the Overview: a sandbox started here, the console host pointed at it,
 * Chromium on the Overview. The gateway gets a release that answers 5XX with the circuit
 * breaker off; its alarm fires and the console tells it in the inbox; the Overview shows the
 * error rate and the alarm, and copies as text; the gateway's row draws the error rate and its
 * details show the alarm; the rollback plan cites them; after the rollback the alarm returns
 * to OK and the inbox says so.
 *
 * CloudWatch counts whole minutes, and an alarm needs two of them to fire and two to clear.
 * The sandbox's clock runs behind this machine's and catches up at once, so those minutes
 * pass in moments rather than minutes. It cannot run ahead (the console asks CloudWatch for
 * minutes up to its own now), and the alarm must change after the console started, which only
 * tells changes from then on: so the sandbox starts two minutes behind, and it stands still
 * while the console reads the alarm and the engineer rolls back, so that catching up afterwards
 * brings the minutes the alarm needs to clear.
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
let clock: ManualClock;
let behindMs = 2 * minute;
/** Where the sandbox's clock stands still, or null while it follows this machine's. */
let holdAt: number | null = null;
let follow: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  clock = new ManualClock(Date.now() - behindMs);
  sandbox = await startSandbox({
    host: '127.0.0.1',
    ecsPort: 0,
    kafkaPort: 0,
    seed: 7,
    lively: false,
    clock,
  });
  // The sandbox's clock follows this machine's, `behindMs` behind it, up to `holdAt`.
  follow = setInterval(() => {
    const target = Math.min(Date.now() - behindMs, holdAt ?? Number.POSITIVE_INFINITY);
    sandbox.advance(Math.max(0, target - clock.now()));
  }, 250);
  host = await startHostProcess(['--allow-actions'], {
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

/** Resolves once the sandbox's clock has reached `at`, which is at most this machine's now plus a few minutes. */
async function sandboxReaches(at: number): Promise<void> {
  await expect.poll(() => clock.now() >= at, { timeout: at - Date.now() + minute, interval: 250 }).toBe(true);
}

function notificationStatus() {
  return consolePage.page.locator('[data-testid="notification-status"]');
}

function alarmNotification() {
  return consolePage.page.locator('[data-testid="notification-entry"][data-rule="alarm"]');
}

/** Opens the inbox from the status bar with the keyboard. */
async function openInbox(): Promise<void> {
  await notificationStatus().focus();
  await consolePage.page.keyboard.press('Enter');
  await expect.poll(() => consolePage.page.locator('[data-testid="notification-inbox"]').count()).toBe(1);
}

async function closeInbox(): Promise<void> {
  await consolePage.page.keyboard.press('Escape');
  await expect.poll(() => consolePage.page.locator('[data-testid="notification-inbox"]').count()).toBe(0);
}

function serviceRow(name: string) {
  return consolePage.page.locator(
    `[data-testid="service-row"][data-cluster="${cluster}"][data-service="${name}"]`,
  );
}

/** The gateway's 5XX rate as its row says it, in percent; NaN when the row says "—". */
async function gatewayErrorRate(): Promise<number> {
  const match = new RegExp(`[✓◐▲✖○] ${service} +(<?[\\d.]+) %`).exec(await drawing().innerText());
  return match ? Number(match[1]!.replace('<', '')) : Number.NaN;
}

describe('an incident from the Overview, in the browser against the console host', () => {
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

  it('tells of the gateway’s alarm, and shows its error rate and the alarm, after a bad deploy with the circuit breaker off', async () => {
    await expect.poll(() => notificationStatus().getAttribute('data-unread')).toBe('0');
    // The deploy starts on a minute of the sandbox's clock, so the next two minutes are wholly
    // bad: the alarm's two periods of three. The sandbox catches up to five seconds past them
    // and stands still there; the console reads CloudWatch at its next minute.
    const deployedAt = Math.ceil(clock.now() / minute) * minute;
    holdAt = deployedAt;
    behindMs = 0;
    await sandboxReaches(deployedAt);
    await sandbox.runScenario({ kind: 'bad-deploy', cluster, service, circuitBreaker: 'off' });
    holdAt = deployedAt + 2 * minute + 5_000;
    await expect
      .poll(async () => (await drawing().innerText()).includes(`ALARM ${alarm} (production) since`), {
        timeout: 150_000,
        interval: 500,
      })
      .toBe(true);

    // The console told it without being looked at: a notification in the inbox, counted in the status bar.
    await expect
      .poll(async () => Number(await notificationStatus().getAttribute('data-unread')), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    await openInbox();
    await expect.poll(() => alarmNotification().count()).toBe(1);
    expect(await alarmNotification().innerText()).toContain(`Alarm ${alarm} is in ALARM on ${service}`);
    expect(await alarmNotification().getAttribute('data-resolved')).toBe('false');
    await consolePage.screenshot('overview-incident-inbox');
    await closeInbox();

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
    const errorRate = serviceRow(service).locator('[data-testid="trend-errorRate"]');
    await expect.poll(() => errorRate.getAttribute('data-state'), { timeout: 30_000 }).toBe('line');
    await expect
      .poll(async () => parseFloat(await errorRate.locator('.trend-value').innerText()), { timeout: 30_000 })
      .toBeGreaterThan(5);
    // A service behind no load balancer has no error rate, and says why rather than drawing zeros.
    const noRate = serviceRow('payment-service').locator('[data-testid="trend-errorRate"]');
    expect(await noRate.getAttribute('data-state')).toBe('missing');
    expect(await noRate.locator('span').getAttribute('title')).toMatch(/behind no load balancer/);

    await serviceRow(service).click();
    const alarmLine = page.locator(
      `[data-testid="service-detail"] [data-testid="service-alarm"][data-alarm="${alarm}"]`,
    );
    await expect.poll(() => alarmLine.getAttribute('data-state'), { timeout: 30_000 }).toBe('ALARM');
    expect(await alarmLine.innerText()).toMatch(new RegExp(`^ALARM ${alarm} since `));
    // How it got there: the alarm's state changes, newest first, with CloudWatch's reason a key away.
    const history = page.locator('[data-testid="service-detail"] [data-testid="service-alarm-history"]');
    const fired = history.locator(
      `[data-testid="alarm-history-entry"][data-alarm="${alarm}"][data-from="OK"][data-to="ALARM"]`,
    );
    await expect.poll(() => fired.count(), { timeout: 15_000 }).toBe(1);
    expect(await fired.innerText()).toMatch(
      /Threshold Crossed: \d out of the last 3 datapoints were greater than the threshold/,
    );
    const reason = fired.locator('details.alarm-reason');
    await reason.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => reason.getAttribute('open')).not.toBeNull();
    expect(await reason.locator('p').innerText()).toMatch(/datapoints \[[\d.]+ \(/);
    const chart = page.locator('[data-testid="metric-chart"][data-figure="errorRate"]');
    await expect.poll(() => chart.locator('[data-testid="metric-history-errorRate"]').count()).toBe(1);
    await consolePage.screenshot('overview-gateway-details');
    await page.keyboard.press('Escape');
  });

  it('rolls the gateway back on a plan that cites its error rate and its alarm', async () => {
    const { page } = consolePage;
    await serviceRow(service).locator('[data-testid="rollback-button"]').click();
    const plan = page.locator('[data-testid="action-plan"]');
    await expect.poll(() => plan.count(), { timeout: 30_000 }).toBe(1);
    const evidence = plan.locator('[data-testid="plan-evidence"]');
    expect(await evidence.locator('h3').textContent()).toMatch(/^Since api-gateway:\d+ was deployed$/);
    // "5XX rate 0.3 % → 21 %": a rate before the deploy, and one since that is the alarm's.
    const errorRate = await evidence.locator('[data-metric="5xx-rate"]').innerText();
    const [before, since] = [...errorRate.matchAll(/([\d.]+) %/g)].map((match) => Number(match[1]));
    expect(errorRate).toMatch(/^5XX rate [<\d.]+ % → [\d.]+ %/);
    expect(since).toBeGreaterThan(5);
    expect(since).toBeGreaterThan(before ?? Number.POSITIVE_INFINITY);
    expect(await evidence.locator('.plan-warnings li').allInnerTexts()).toContain(
      `▲ alarm ${alarm} in ALARM`,
    );
    expect(await page.locator('[data-testid="confirm-evidence"]').innerText()).toMatch(
      new RegExp(`^Since api-gateway:\\d+ was deployed .*5XX rate .*alarm ${alarm} in ALARM`),
    );
    await consolePage.screenshot('overview-incident-rollback-plan');

    // The sandbox goes on at this machine's pace while the rollback runs.
    behindMs = Date.now() - clock.now();
    holdAt = null;
    await page.locator('[data-testid="confirm-input"]').fill(service);
    await page.locator('[data-testid="confirm-input"]').press('Enter');
    const progress = page.locator('[data-testid="action-progress"]');
    // An alarm already in ALARM when the watch starts is where it starts from, not a failure of the rollback.
    await expect
      .poll(() => progress.getAttribute('data-phase'), { timeout: 90_000, interval: 500 })
      .toBe('succeeded');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="action-dialog"]').count()).toBe(0);
  });

  it('shows the alarm back to OK after the rollback, and resolves its notification', async () => {
    const { page } = consolePage;
    // The errors ended with the rollback: the alarm clears at the end of the second whole good
    // minute. The sandbox catches up to this machine's clock, then follows it there.
    const clearsAt = Math.ceil(clock.now() / minute) * minute + 2 * minute;
    behindMs = 0;
    await sandboxReaches(clearsAt + 1_000);
    await page.locator('[data-testid="view-tab"][data-view="overview"]').click();
    // An engineer waiting on the alarm reads CloudWatch again now rather than at the next minute.
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(async () => await drawing().innerText(), { timeout: 30_000, interval: 500 })
      .toContain('None: no alarm in ALARM or without data.');
    await openInbox();
    await expect
      .poll(() => alarmNotification().getAttribute('data-resolved'), { timeout: 10_000 })
      .toBe('true');
    expect(await alarmNotification().innerText()).toContain(`Alarm ${alarm} is back to OK`);
    await consolePage.screenshot('overview-incident-resolved');
    await closeInbox();
    expect(consolePage.errors).toEqual([]);
  }, 300_000);
});
