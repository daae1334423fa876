import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';
import { startMetricsTestConsole } from '../../testing/metricsTestConsole';
import { createTimelineRecorder } from './timelineRecorder';

/**
 * Alarms and scaling on the timeline: the recorder on the fleet and metrics monitors, reading
 * the sandbox's ECS, CloudWatch and Application Auto Scaling through the real SDK on a manual clock.
 */

const minute = 60_000;
const production = 'flarenet-production';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function timelineOnSandbox() {
  const test = await startMetricsTestConsole((cleanup) => cleanups.push(cleanup));
  test.harness.sandbox.advance(4 * minute);
  const metrics = test.monitorOf();
  await metrics.refresh();
  const recorder = createTimelineRecorder({
    fleet: test.fleet,
    metrics,
    now: () => test.harness.clock.now(),
  });
  cleanups.push(() => recorder.close());
  const read = async () => {
    await test.fleet.refresh();
    await metrics.refresh();
  };
  return { ...test, recorder, read };
}

function line(entry: TimelineEntry): string {
  return `${entry.kind} ${entry.severity} ${entry.title}`;
}

describe('alarms and scaling on the timeline', () => {
  it('puts a bad deploy’s alarm after the deployment that set it off, once however often it is read', async () => {
    const { harness, recorder, read } = await timelineOnSandbox();
    expect(recorder.sources).toContain('alarms and scaling');
    await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'api-gateway',
      circuitBreaker: 'off',
    });
    await read();
    harness.sandbox.advance(3 * minute);
    await read();

    const gateway = () => recorder.entries({ service: 'api-gateway', environment: 'production' }).map(line);
    const started = gateway().findIndex((entry) => entry.startsWith('deployment-started'));
    const fired = gateway().indexOf('alarm-state error alarm api-gateway-5xx went from OK to ALARM');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(fired).toBeGreaterThan(started);
    const alarm = recorder.entries().find((entry) => entry.kind === 'alarm-state')!;
    expect(alarm).toMatchObject({ environment: 'production', cluster: production, service: 'api-gateway' });

    // Read again: the same change is not recorded twice.
    await read();
    expect(gateway().filter((entry) => entry.includes('api-gateway-5xx went from OK to ALARM'))).toHaveLength(
      1,
    );
  });

  it('records a service scaled out under load, from how many to how many and why, once', async () => {
    const { harness, fleet, recorder, read } = await timelineOnSandbox();
    const before = fleet
      .snapshot()
      .services.find((s) => s.clusterName === production && s.serviceName === 'order-service')!;
    await harness.sandbox.runScenario({
      kind: 'load',
      cluster: production,
      service: 'order-service',
      percent: 200,
      minutes: 3,
    });
    harness.sandbox.advance(3 * minute);
    await read();
    await read();

    const scaled = recorder.entries({ service: 'order-service' }).filter((entry) => entry.kind === 'scaling');
    const after = fleet
      .snapshot()
      .services.find((s) => s.clusterName === production && s.serviceName === 'order-service')!;
    expect(scaled.length).toBeGreaterThan(0);
    expect(scaled[0]!.title).toMatch(new RegExp(`^order-service scaled to \\d+ tasks$`));
    expect(scaled.at(-1)!.title).toMatch(new RegExp(` to ${after.desiredCount} tasks$`));
    expect(after.desiredCount).toBeGreaterThan(before.desiredCount);
    expect(scaled[0]!.detail).toMatch(/^because monitor alarm .*AlarmHigh.* in state ALARM triggered policy/);
    expect(new Set(scaled.map((entry) => entry.id)).size).toBe(scaled.length);
  });
});
