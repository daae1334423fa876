import { describe, expect, it } from 'vitest';
import type { FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import type { AlarmSummary, MetricsSnapshot, ServiceMetrics } from '../metrics/metricsModel';
import { fixtureTime, sandboxFleet } from '../testing/topologyTestData';
import { buildOverview } from './overviewFromData';
import { overviewServiceRows } from './overviewModel';
import { overviewText, renderOverview } from './overviewText';

/**
 * The Overview as pasted into an incident channel, checked in under __golden__/: a healthy
 * fleet, a bad deploy of the gateway with its alarm firing, and an environment whose
 * CloudWatch was never read beside one with gaps in its figures.
 */

const minute = 60_000;
const firstMinute = fixtureTime - 60 * minute;
const gatewayAlarm = 'api-gateway-5xx';

/** Services behind the load balancer in the sandbox; the others read Kafka only. */
const loadBalanced = new Set(['api-gateway', 'auth-service', 'user-service', 'catalog-service']);

/** Sixty minutes of one figure: steady, with `last` over the newest `lastMinutes`. */
function series(steady: number, last = steady, lastMinutes = 3): number[] {
  return Array.from({ length: 60 }, (_, index) => (index >= 60 - lastMinutes ? last : steady));
}

function metricsOf(
  service: ServiceSummary,
  index: number,
  overrides: Partial<ServiceMetrics> = {},
): ServiceMetrics {
  const balanced = loadBalanced.has(service.serviceName);
  return {
    key: service.key,
    environment: service.environment,
    clusterName: service.clusterName,
    serviceName: service.serviceName,
    loadBalanced: balanced,
    firstMinute,
    cpu: series(20 + index * 4),
    memory: series(30 + index * 3),
    ...(balanced
      ? {
          requests: series(1200 - index * 100),
          errors: series(index),
          p50: series(0.02 + index * 0.005),
          p99: series(0.09 + index * 0.02),
          healthy: series(3),
          unhealthy: series(0),
        }
      : {}),
    alarms: [],
    scaling: [],
    observedAt: fixtureTime,
    ...overrides,
  };
}

function metricsSnapshot(
  fleet: FleetSnapshot,
  overrides: Record<string, Partial<ServiceMetrics>> = {},
  activeAlarms: AlarmSummary[] = [],
): MetricsSnapshot {
  return {
    environments: [
      {
        environment: 'production',
        state: 'ok',
        lastSuccessAt: fixtureTime - 30_000,
        error: null,
        warnings: [],
        serviceCount: fleet.services.length,
        pollIntervalMs: minute,
        achievedIntervalMs: minute,
        activeAlarms,
      },
    ],
    services: fleet.services.map((service, index) =>
      metricsOf(service, index, overrides[service.serviceName] ?? {}),
    ),
    generatedAt: fixtureTime,
  };
}

const gatewayTargetGroup =
  'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/flarenet-production-api-gateway/73e2d6bc24d8a067';

function badDeploy(): { fleet: FleetSnapshot; metrics: MetricsSnapshot } {
  const fleet = sandboxFleet({
    'api-gateway': {
      health: 'degraded',
      healthReason: '4/4 running; new tasks failing health checks (3 failed) in api-gateway:6',
      targetGroupArns: [gatewayTargetGroup],
      deploymentAlarms: [gatewayAlarm],
    },
  });
  const firedAt = fixtureTime - 4 * minute;
  const alarm: AlarmSummary = {
    name: gatewayAlarm,
    state: 'ALARM',
    reason: 'Threshold Crossed: 1 datapoint [180.0] was greater than the threshold (10.0).',
    updatedAt: firedAt,
    condition: 'HTTPCode_Target_5XX_Count > 10 (Sum over 60 s)',
    serviceKeys: [fleet.services[0]!.key],
  };
  const metrics = metricsSnapshot(
    fleet,
    {
      'api-gateway': {
        errors: series(0, 170, 5),
        p99: series(0.09, 2.1, 5),
        cpu: series(20, 88, 5),
        healthy: series(4, 0, 2),
        alarms: [{ name: gatewayAlarm, state: 'ALARM', reason: alarm.reason, updatedAt: firedAt }],
      },
    },
    [alarm],
  );
  return { fleet, metrics };
}

function missingData(): { fleet: FleetSnapshot; metrics: MetricsSnapshot } {
  const production = sandboxFleet();
  const staging = sandboxFleet();
  const stagingServices = staging.services.slice(0, 3).map((service) => ({
    ...service,
    key: service.key.replace('production', 'staging'),
    environment: 'staging',
    clusterName: 'flarenet-staging',
    health: 'stale' as const,
  }));
  const fleet: FleetSnapshot = {
    ...production,
    clusters: [
      ...production.clusters,
      {
        ...production.clusters[0]!,
        environment: 'staging',
        clusterName: 'flarenet-staging',
        state: 'stale',
        error: {
          code: 'UNAVAILABLE',
          message: 'Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)',
        },
      },
    ],
    services: [...production.services, ...stagingServices],
  };
  const gaps = Array.from({ length: 60 }, () => null);
  const metrics = metricsSnapshot(production, {
    // CloudWatch had nothing for the gateway's last minutes: no figures, not zeros.
    'api-gateway': { requests: gaps, errors: gaps, p99: gaps, healthy: gaps, cpu: gaps, memory: gaps },
  });
  metrics.environments.push({
    environment: 'staging',
    state: 'error',
    lastSuccessAt: null,
    error: { code: 'AUTH', message: 'CloudWatch refused GetMetricData (AccessDenied)' },
    warnings: [],
    serviceCount: 0,
    pollIntervalMs: minute,
    achievedIntervalMs: null,
    activeAlarms: [],
  });
  return { fleet, metrics };
}

describe('the overview as text', () => {
  it('draws a healthy fleet: bars, every service healthy, no alarm', async () => {
    const fleet = sandboxFleet();
    const overview = buildOverview(fleet, metricsSnapshot(fleet));
    expect(overview.figures.errorRate).toBeGreaterThan(0);
    expect(overview.alarms).toEqual([]);
    await expect(overviewText(overview, { width: 100, now: fixtureTime })).toMatchFileSnapshot(
      '__golden__/healthy-100.txt',
    );
  });

  it('puts a bad deploy first, with its 5XX rate, p99 and the alarm it tripped, and what that acts on', async () => {
    const { fleet, metrics } = badDeploy();
    const overview = buildOverview(fleet, metrics);
    expect(overview.services[0]).toMatchObject({
      serviceName: 'api-gateway',
      health: 'degraded',
      p99Ms: 2100,
      alarms: [gatewayAlarm],
    });
    expect(overview.services[0]!.errorRate).toBeCloseTo(170 / 1200);
    // Two minutes of the hour without a healthy target.
    expect(overview.services[0]!.availability).toBeCloseTo(58 / 60);
    expect(overview.alarms).toEqual([
      expect.objectContaining({
        name: gatewayAlarm,
        actsOn: ['api-gateway (target group flarenet-production-api-gateway)'],
      }),
    ]);
    const text = overviewText(overview, { width: 80, now: fixtureTime, onSandbox: true });
    await expect(text).toMatchFileSnapshot('__golden__/bad-deploy-80.txt');
    await expect(overviewText(overview, { width: 120, now: fixtureTime })).toMatchFileSnapshot(
      '__golden__/bad-deploy-120.txt',
    );
  });

  it('says "no data" where CloudWatch had none and names the stale environment, never a zero', async () => {
    const { fleet, metrics } = missingData();
    const overview = buildOverview(fleet, metrics);
    const gateway = overview.services.find((row) => row.serviceName === 'api-gateway')!;
    expect(gateway).toMatchObject({ errorRate: null, p99Ms: null, cpu: null, availability: null });
    const text = overviewText(overview, { width: 100, now: fixtureTime });
    expect(text).toContain('staging: fleet stale, metrics unreadable, no metrics read yet');
    await expect(text).toMatchFileSnapshot('__golden__/missing-data-100.txt');
  });

  it('stays under sixty lines with a fleet of thousands, listing the worst and counting the rest', () => {
    const fleet = sandboxFleet();
    const many: FleetSnapshot = {
      ...fleet,
      services: Array.from({ length: 10_000 }, (_, index) => ({
        ...fleet.services[index % fleet.services.length]!,
        key: `service-${index}`,
        serviceName: `service-${index}`,
        health: index % 1000 === 7 ? ('failed' as const) : ('healthy' as const),
      })),
    };
    const overview = buildOverview(many, metricsSnapshot(many));
    expect(overview.services).toHaveLength(overviewServiceRows);
    expect(overview.services.slice(0, 10).every((row) => row.health === 'failed')).toBe(true);
    expect(overview.unlisted).toEqual({ total: 10_000 - overviewServiceRows, notHealthy: 0 });
    const rendered = renderOverview(overview, { width: 80, now: fixtureTime });
    expect(rendered.lines.length).toBeLessThan(60);
    expect(rendered.lines.every((line) => line.length <= 80)).toBe(true);
  });
});
