import { ListServiceDeploymentsCommand, StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { applyMetricsPatch, metricsStreamEncoder } from '../../../shared/metrics/metricsDelta';
import { ecsMetricNames, elbMetricNames } from '../../../shared/metrics/metricsModel';
import type {
  AlarmStateChange,
  MetricsEvent,
  MetricsSnapshot,
  ServiceMetrics,
} from '../../../shared/metrics/metricsModel';
import { startAwsDenyingProxy } from '../../testing/awsDenyingProxy';
import { startMetricsTestConsole } from '../../testing/metricsTestConsole';
import type { TestSandbox } from '../../testing/sandboxTestHarness';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { EcsClientFactory } from '../fleet/ecsClients';
import { FleetMonitor } from '../fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../fleet/fleetTargets';
import { MetricsClientFactory, metricsTargetsFromConfig } from './metricsClients';
import { type FleetSource, MetricsMonitor } from './metricsMonitor';

/** The metrics monitor against the sandbox's CloudWatch, ELBv2 and Application Auto Scaling, through the real SDK. */

const minute = 60_000;
const production = 'flarenet-production';
const gatewayAlarm = 'api-gateway-5xx';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function consoleOnSandbox(options: { fleet?: { clusters: number; servicesPerCluster: number } } = {}) {
  return startMetricsTestConsole((cleanup) => cleanups.push(cleanup), options);
}

function serviceOf(snapshot: MetricsSnapshot, cluster: string, service: string): ServiceMetrics {
  const found = snapshot.services.find((s) => s.clusterName === cluster && s.serviceName === service);
  if (!found) throw new Error(`no metrics for ${service} in ${cluster}`);
  return found;
}

function fleetServiceOf(fleet: FleetMonitor, cluster: string, service: string): ServiceSummary {
  return fleet.snapshot().services.find((s) => s.clusterName === cluster && s.serviceName === service)!;
}

async function rollBackGateway(harness: TestSandbox): Promise<void> {
  const deployments = await harness.ecs.send(
    new ListServiceDeploymentsCommand({
      cluster: production,
      service: 'api-gateway',
      status: ['IN_PROGRESS'],
    }),
  );
  await harness.ecs.send(
    new StopServiceDeploymentCommand({
      serviceDeploymentArn: deployments.serviceDeployments![0]!.serviceDeploymentArn!,
      stopType: 'ROLLBACK',
    }),
  );
}

describe('the fleet keeps what the metrics need', () => {
  it('carries the target groups and deployment alarms a service names, and nothing for one that names none', async () => {
    const { fleet } = await consoleOnSandbox();
    const gateway = fleetServiceOf(fleet, production, 'api-gateway');
    expect(gateway.targetGroupArns).toEqual([
      expect.stringMatching(/:targetgroup\/flarenet-production-api-gateway\//) as unknown,
    ]);
    expect(gateway.deploymentAlarms).toEqual([gatewayAlarm]);
    const orders = fleetServiceOf(fleet, production, 'order-service');
    expect(orders).not.toHaveProperty('targetGroupArns');
    expect(orders).not.toHaveProperty('deploymentAlarms');
  });
});

describe('reading the fleet’s metrics', () => {
  it('reads the last hour of every service, one point a finished minute, and load balancer figures only where there is a load balancer', async () => {
    const { harness, fleet, monitorOf } = await consoleOnSandbox();
    const monitor = monitorOf();
    await monitor.refresh();
    const snapshot = monitor.snapshot();
    const now = harness.clock.now();

    expect(snapshot.environments.map((group) => [group.environment, group.state, group.error])).toEqual([
      ['staging', 'ok', null],
      ['production', 'ok', null],
    ]);
    expect(snapshot.environments.every((group) => group.lastSuccessAt === now)).toBe(true);
    expect(snapshot.services.map((service) => service.key).sort()).toEqual(
      fleet
        .snapshot()
        .services.map((service) => service.key)
        .sort(),
    );

    const currentMinute = Math.floor(now / minute) * minute;
    const gateway = serviceOf(snapshot, production, 'api-gateway');
    expect(gateway.loadBalanced).toBe(true);
    // The hour up to the last finished minute: sixty values of each figure.
    expect(gateway.firstMinute).toBe(currentMinute - 60 * minute);
    for (const figure of [...ecsMetricNames, ...elbMetricNames]) expect(gateway[figure]).toHaveLength(60);
    for (let i = 0; i < 60; i++) {
      expect(gateway.requests![i]).toBeGreaterThan(0);
      expect(gateway.p99![i]).toBeGreaterThan(gateway.p50![i]!);
      expect(gateway.errors![i]).toBeLessThan(gateway.requests![i]! * 0.01);
      expect(gateway.healthy![i]).toBeGreaterThan(0);
      expect(gateway.cpu[i]).toBeGreaterThan(0);
    }

    const orders = serviceOf(snapshot, production, 'order-service');
    expect(orders.loadBalanced).toBe(false);
    // What is not measured is not there, never zero.
    expect(orders).not.toHaveProperty('requests');
    expect(orders).not.toHaveProperty('p99');
    expect(orders.cpu.every((value) => value! > 0)).toBe(true);
    expect(orders.memory.every((value) => value! > 0)).toBe(true);

    // The alarm its deployment configuration names, whatever its state; others only once they fire.
    expect(gateway.alarms).toEqual([expect.objectContaining({ name: gatewayAlarm, state: 'OK' })]);
    expect(snapshot.environments.flatMap((group) => group.activeAlarms)).toEqual([]);
  });

  it('reads only the last minutes later, merged into the kept history, which is the history a fresh read finds', async () => {
    const { harness, monitorOf } = await consoleOnSandbox();
    const monitor = monitorOf();
    const events: MetricsEvent[] = [];
    monitor.subscribe((event) => events.push(event));
    await monitor.refresh();
    const before = serviceOf(monitor.snapshot(), production, 'api-gateway');
    const readsBefore = harness.sandbox.cloudWatchCallCounts().get('GetMetricData') ?? 0;

    harness.sandbox.advance(3 * minute);
    await monitor.refresh();
    const after = serviceOf(monitor.snapshot(), production, 'api-gateway');
    // One call for each of the two environments, as the first read was.
    expect(harness.sandbox.cloudWatchCallCounts().get('GetMetricData')).toBe(2 * readsBefore);
    expect(after.firstMinute).toBe(before.firstMinute + 3 * minute);
    expect(after.p99).toHaveLength(60);
    expect(after.p99!.slice(0, 57)).toEqual(before.p99!.slice(3));
    expect(after.observedAt).toBe(harness.clock.now());
    const group = monitor
      .snapshot()
      .environments.find((environment) => environment.environment === 'production');
    expect(group).toMatchObject({ pollIntervalMs: minute, achievedIntervalMs: 3 * minute });

    const fresh = monitorOf();
    await fresh.refresh();
    expect(monitor.snapshot().services).toEqual(fresh.snapshot().services);

    // What crosses to the page: three new values of each figure and three fallen off, not the hour again.
    const encode = metricsStreamEncoder();
    const [first] = encode(events[0]!);
    if (first?.type !== 'snapshot') throw new Error('expected the snapshot first');
    let page = first.snapshot;
    const patches = events.slice(1).flatMap(encode);
    for (const event of patches) if (event.type === 'delta') page = applyMetricsPatch(page, event.delta);
    expect(page).toEqual(monitor.snapshot());
    const last = patches.at(-1);
    if (last?.type !== 'delta') throw new Error('expected a delta');
    const gatewayPatch = last.delta.patched?.find((patch) => patch.key === after.key);
    expect(gatewayPatch?.append?.p99).toEqual({ trimmed: 3, points: after.p99!.slice(57) });
    // A figure that stood still (the healthy targets) moved nothing at all.
    expect(gatewayPatch?.append).not.toHaveProperty('healthy');
    expect(gatewayPatch?.set).toEqual({ firstMinute: after.firstMinute });
  });

  it('reads the hour of a service new to the fleet, in a call of its own, while the others take the last minutes', async () => {
    const { harness, fleet, targets } = await consoleOnSandbox();
    let gatewayShown = false;
    // The fleet as it was before the gateway was created: the same monitor, one service fewer.
    const growingFleet: FleetSource = {
      snapshot: () => {
        const snapshot = fleet.snapshot();
        return {
          ...snapshot,
          services: snapshot.services.filter(
            (service) => gatewayShown || service.serviceName !== 'api-gateway',
          ),
        };
      },
      subscribe: (listener) => fleet.subscribe(listener),
    };
    const monitor = new MetricsMonitor({
      targets: [targets[1]!],
      fleet: growingFleet,
      now: () => harness.clock.now(),
    });
    cleanups.push(() => monitor.stop());
    const calls = () => harness.sandbox.cloudWatchCallCounts().get('GetMetricData') ?? 0;
    await monitor.refresh();
    expect(monitor.snapshot().services.some((service) => service.serviceName === 'api-gateway')).toBe(false);
    harness.sandbox.advance(3 * minute);
    gatewayShown = true;
    const before = calls();
    await monitor.refresh();
    expect(calls()).toBe(before + 2);
    const gateway = serviceOf(monitor.snapshot(), production, 'api-gateway');
    expect(gateway.p99!.every((value) => value !== null)).toBe(true);
    expect(gateway.cpu.every((value) => value !== null)).toBe(true);
  });

  it('a bad deploy raises the 5XX it publishes and trips the alarm, and a rollback brings it back to OK, each change told once', async () => {
    const { harness, fleet, monitorOf } = await consoleOnSandbox();
    harness.sandbox.advance(4 * minute);
    const monitor = monitorOf();
    const changes: AlarmStateChange[] = [];
    monitor.onAlarmChange((change) => changes.push(change));
    await monitor.refresh();
    const gatewayKey = fleetServiceOf(fleet, production, 'api-gateway').key;
    const calm = serviceOf(monitor.snapshot(), production, 'api-gateway');

    await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'api-gateway',
      circuitBreaker: 'off',
    });
    harness.sandbox.advance(3 * minute);
    await fleet.refresh();
    await monitor.refresh();
    const broken = serviceOf(monitor.snapshot(), production, 'api-gateway');
    const calmErrors = Math.max(...calm.errors!.map(Number));
    expect(broken.errors!.slice(-2).every((count) => count! > 10 * Math.max(1, calmErrors))).toBe(true);
    expect(Math.min(...broken.p99!.slice(-2).map(Number))).toBeGreaterThan(
      2 * Math.max(...calm.p99!.map(Number)),
    );
    expect(broken.alarms.find((alarm) => alarm.name === gatewayAlarm)?.state).toBe('ALARM');
    const production_ = monitor.snapshot().environments.find((group) => group.environment === 'production')!;
    expect(production_.activeAlarms).toEqual([
      expect.objectContaining({
        name: gatewayAlarm,
        state: 'ALARM',
        condition: expect.stringMatching(/^HTTPCode_Target_5XX_Count > \d+ \(Sum over 60 s\)$/) as unknown,
        serviceKeys: [gatewayKey],
      }),
    ]);
    expect(changes).toEqual([
      expect.objectContaining({
        environment: 'production',
        alarmName: gatewayAlarm,
        from: 'OK',
        to: 'ALARM',
        serviceKeys: [gatewayKey],
      }),
    ]);

    await monitor.refresh();
    expect(changes).toHaveLength(1);

    await rollBackGateway(harness);
    harness.sandbox.advance(4 * minute);
    await fleet.refresh();
    await monitor.refresh();
    const told = changes.map((change) => `${change.alarmName} ${change.from}→${change.to}`);
    // The broken release's CPU tripped the gateway's CPU alarm too, after the first read saw the 5XX one.
    expect(told).toEqual([
      `${gatewayAlarm} OK→ALARM`,
      'api-gateway-cpu-high OK→ALARM',
      'api-gateway-cpu-high ALARM→OK',
      `${gatewayAlarm} ALARM→OK`,
    ]);
    expect(changes.every((change) => change.serviceKeys.join() === gatewayKey)).toBe(true);
    expect(changes.map((change) => change.at)).toEqual(changes.map((change) => change.at).sort());
    expect(serviceOf(monitor.snapshot(), production, 'api-gateway').alarms).toEqual([
      expect.objectContaining({ name: gatewayAlarm, state: 'OK' }),
    ]);

    const activity = await monitor.serviceActivity(gatewayKey);
    // Newest first, with the CPU alarm the console saw fire on the service, which its configuration does not name.
    expect(activity.alarmChanges.map((change) => `${change.alarmName} ${change.from}→${change.to}`)).toEqual([
      `${gatewayAlarm} ALARM→OK`,
      'api-gateway-cpu-high ALARM→OK',
      'api-gateway-cpu-high OK→ALARM',
      `${gatewayAlarm} OK→ALARM`,
    ]);
    // Each with CloudWatch's reason for the state it went to, from the record's HistoryData.
    expect(activity.alarmChanges.at(-1)!.reason).toMatch(
      /^Threshold Crossed: \d out of the last 3 datapoints \[.+\] were greater than the threshold \(\d+\.0\)/,
    );
    expect(activity.alarmChanges[0]!.reason).toMatch(/were not greater than the threshold/);
  });

  it('knows a service scaled out under load, to how many and why', async () => {
    const { harness, fleet, monitorOf } = await consoleOnSandbox();
    const monitor = monitorOf();
    await monitor.refresh();
    expect(serviceOf(monitor.snapshot(), production, 'order-service').scaling).toEqual([]);
    await harness.sandbox.runScenario({
      kind: 'load',
      cluster: production,
      service: 'order-service',
      percent: 200,
      minutes: 3,
    });
    harness.sandbox.advance(3 * minute);
    await fleet.refresh();
    await monitor.refresh();
    const [activity] = serviceOf(monitor.snapshot(), production, 'order-service').scaling;
    expect(activity).toMatchObject({
      desiredCount: fleetServiceOf(fleet, production, 'order-service').desiredCount,
      cause: expect.stringMatching(
        /AlarmHigh.* in state ALARM triggered policy order-service-cpu-70/,
      ) as unknown,
    });
    const key = fleetServiceOf(fleet, production, 'order-service').key;
    expect((await monitor.serviceActivity(key)).scaling[0]?.id).toBe(activity!.id);
  });
});

describe('following the fleet', () => {
  it('reads the services a starting fleet comes to show without waiting for the next minute', async () => {
    const { harness, metricsClients } = await consoleOnSandbox();
    const config = sandboxConsoleConfig(harness.sandbox.ecsEndpoint);
    const ecsClients = new EcsClientFactory();
    const fleet = new FleetMonitor({
      targets: fleetTargetsFromConfig(config, ecsClients),
      now: () => harness.clock.now(),
    });
    const monitor = new MetricsMonitor({
      targets: metricsTargetsFromConfig(config, metricsClients),
      fleet,
      now: () => harness.clock.now(),
    });
    cleanups.push(
      () => ecsClients.destroyAll(),
      () => fleet.stop(),
      () => monitor.stop(),
    );
    const read = new Promise<MetricsSnapshot>((resolve) =>
      monitor.subscribe(() => {
        const snapshot = monitor.snapshot();
        const shown = fleet.snapshot().services.length;
        if (shown > 0 && snapshot.services.length === shown) resolve(snapshot);
      }),
    );
    monitor.start();
    await fleet.refresh();
    const snapshot = await read;
    expect(snapshot.services.map((service) => service.key).sort()).toEqual(
      fleet
        .snapshot()
        .services.map((service) => service.key)
        .sort(),
    );
  });
});

describe('at scale', () => {
  it('reads 1,000 services in as few GetMetricData calls as 500 queries a call allows', async () => {
    const { harness, monitorOf } = await consoleOnSandbox({
      fleet: { clusters: 2, servicesPerCluster: 500 },
    });
    const monitor = monitorOf();
    const calls = () => harness.sandbox.cloudWatchCallCounts().get('GetMetricData') ?? 0;
    await monitor.refresh();
    const snapshot = monitor.snapshot();
    expect(snapshot.services).toHaveLength(1000);
    const queries = snapshot.services.reduce((sum, service) => sum + (service.loadBalanced ? 8 : 2), 0);
    expect(queries).toBeGreaterThan(2 * 500);
    const floor = Math.ceil(queries / 500);
    expect(calls()).toBe(floor);
    harness.sandbox.advance(minute);
    await monitor.refresh();
    expect(calls()).toBe(2 * floor);
    expect(snapshot.services.every((service) => service.cpu.some((value) => value !== null))).toBe(true);
  });
});

describe('when CloudWatch cannot be read', () => {
  it('says an unreachable endpoint is unreachable, and has no figures rather than zeros', async () => {
    const { metricsClients, monitorOf } = await consoleOnSandbox();
    const nowhere = metricsClients.targetFor('production', {
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
    });
    const monitor = monitorOf([nowhere]);
    await monitor.refresh();
    const [group] = monitor.snapshot().environments;
    expect(group).toMatchObject({
      environment: 'production',
      state: 'error',
      lastSuccessAt: null,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringContaining('the CloudWatch endpoint http://127.0.0.1:9') as unknown,
      },
    });
    expect(monitor.snapshot().services).toEqual([]);
  });

  it('marks an environment whose access is denied stale, naming the denial, and keeps its older figures as they were', async () => {
    const { harness, targets, monitorOf } = await consoleOnSandbox();
    const proxy = await startAwsDenyingProxy(harness.sandbox.ecsEndpoint);
    cleanups.push(() => proxy.close());
    const proxied = new MetricsClientFactory();
    cleanups.push(() => proxied.destroyAll());
    const production_ = proxied.targetFor('production', { region: 'us-east-1', endpoint: proxy.url });
    const monitor = monitorOf([targets[0]!, production_]);
    await monitor.refresh();
    const readAt = harness.clock.now();
    const before = serviceOf(monitor.snapshot(), production, 'api-gateway');

    proxy.denying = true;
    harness.sandbox.advance(2 * minute);
    await monitor.refresh();
    const snapshot = monitor.snapshot();
    const [staging, denied] = snapshot.environments;
    expect(staging).toMatchObject({ state: 'ok', lastSuccessAt: harness.clock.now() });
    expect(denied).toMatchObject({
      state: 'stale',
      lastSuccessAt: readAt,
      error: {
        code: 'AUTH',
        message: expect.stringMatching(/not authorized to perform: cloudwatch:GetMetricData/) as unknown,
      },
    });
    const after = serviceOf(snapshot, production, 'api-gateway');
    expect(after).toEqual(before);
    expect(after.observedAt).toBe(readAt);
  });
});
