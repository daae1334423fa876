import { afterEach, describe, expect, it } from 'vitest';
import type { Overview } from '../../../shared/overview/overviewModel';
import { overviewText } from '../../../shared/overview/overviewText';
import { startMetricsTestConsole } from '../../testing/metricsTestConsole';
import { OverviewFeed } from './overviewFeed';

/** The Overview from the sandbox's fleet and CloudWatch, read through the real SDK on a manual clock. */

const minute = 60_000;
const production = 'flarenet-production';
const gatewayAlarm = 'api-gateway-5xx';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the overview of a sandbox fleet', () => {
  it('shows a bad deploy first with its 5XX rate, p99 and the alarm it tripped, told once per change', async () => {
    const { harness, fleet, monitorOf } = await startMetricsTestConsole((cleanup) => cleanups.push(cleanup));
    harness.sandbox.advance(4 * minute);
    const metrics = monitorOf();
    await metrics.refresh();
    const errors: unknown[] = [];
    const feed = new OverviewFeed({ fleet, metrics }, (error) => errors.push(error));
    const told: Overview[] = [];
    const stop = feed.subscribe((overview) => told.push(overview));
    cleanups.push(stop);

    const [calm] = told;
    expect(calm!.hasMetrics).toBe(true);
    expect(calm!.alarms).toEqual([]);
    expect(calm!.figures.serviceCount).toBe(18);
    expect(calm!.figures.errorRate).toBeLessThan(0.01);
    expect(calm!.figures.requestsPerMinute).toBeGreaterThan(0);
    expect(calm!.services.every((row) => row.health === 'healthy')).toBe(true);
    expect(calm!.unlisted).toEqual({ total: 0, notHealthy: 0 });

    // The fleet's next poll reads newer times and the same health: nothing is told.
    const fleetEvents: unknown[] = [];
    cleanups.push(fleet.subscribe((event) => fleetEvents.push(event)));
    harness.sandbox.advance(5000);
    await fleet.refresh();
    expect(fleetEvents.length).toBeGreaterThan(1);
    expect(told).toHaveLength(1);

    await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'api-gateway',
      circuitBreaker: 'off',
    });
    harness.sandbox.advance(3 * minute);
    await fleet.refresh();
    await metrics.refresh();
    const broken = told.at(-1)!;
    const [worst] = broken.services;
    expect(worst).toMatchObject({
      environment: 'production',
      serviceName: 'api-gateway',
      alarms: [gatewayAlarm],
    });
    expect(worst!.errorRate).toBeGreaterThan(0.05);
    expect(worst!.p99Ms).toBeGreaterThan(2 * Math.max(...calm!.services.map((row) => row.p99Ms ?? 0)));
    expect(broken.figures.errorRate).toBeGreaterThan(calm!.figures.errorRate! * 5);
    expect(broken.alarms).toEqual([
      expect.objectContaining({
        environment: 'production',
        name: gatewayAlarm,
        state: 'ALARM',
        actsOn: [
          expect.stringMatching(/^api-gateway \(target group flarenet-production-api-gateway/) as unknown,
        ],
      }),
    ]);
    expect(broken.alarms[0]!.since).toBeLessThanOrEqual(harness.clock.now());

    const text = overviewText(broken, { width: 100, now: harness.clock.now(), onSandbox: true });
    expect(text).toMatch(/│ [▲✖◐✓] production\/api-gateway +\d+ % +\d\.\d s /);
    expect(text).toContain(`ALARM ${gatewayAlarm} (production) since`);
    expect(errors).toEqual([]);
  });

  it('stops following the fleet and metrics when its last listener leaves', async () => {
    const { fleet, monitorOf } = await startMetricsTestConsole((cleanup) => cleanups.push(cleanup));
    const metrics = monitorOf();
    const feed = new OverviewFeed({ fleet, metrics }, () => {});
    const told: Overview[] = [];
    const stop = feed.subscribe((overview) => told.push(overview));
    // Before CloudWatch is read the page is told there are no metrics, not zeros.
    expect(told[0]!.hasMetrics).toBe(false);
    expect(told[0]!.figures).toMatchObject({ requestsPerMinute: null, errorRate: null, cpu: null });
    stop();
    await metrics.refresh();
    expect(told).toHaveLength(1);
    expect(feed.overview().hasMetrics).toBe(true);
  });
});
