import { DescribeServicesCommand, ListServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFleetDelta } from '../../../shared/fleet/fleetDelta';
import type {
  ClusterStatus,
  FleetEvent,
  FleetSnapshot,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  ManualClock,
} from '../../testing/sandboxTestHarness';
import { EcsClientFactory } from './ecsClients';
import { FleetMonitor, type FleetMonitorOptions, type FleetTarget } from './fleetMonitor';
import { fleetTargetsFromConfig } from './fleetTargets';
import { backoffDelayMs } from './pollBackoff';

/**
 * The monitor against the sandbox over HTTP, through the real SDK. The sandbox runs on a
 * manual clock and the monitor reads the same clock, so a test moves time instead of sleeping.
 */

const serviceNames = [
  'analytics-service',
  'api-gateway',
  'auth-service',
  'catalog-service',
  'inventory-service',
  'notification-service',
  'order-service',
  'payment-service',
  'user-service',
];

interface Harness {
  sandbox: Sandbox;
  clock: ManualClock;
  clients: EcsClientFactory;
  client: ECSClient;
  monitor(options?: Partial<FleetMonitorOptions>): FleetMonitor;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options: SandboxOptions = {}): Promise<Harness> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({ clock, seed: 42, lively: false, ...options });
  const clients = new EcsClientFactory();
  cleanups.push(
    () => sandbox.close(),
    () => clients.destroyAll(),
  );
  const config = sandboxConsoleConfig(sandbox.ecsEndpoint);
  return {
    sandbox,
    clock,
    clients,
    client: clients.clientFor(config.environments[0]!.aws),
    monitor: (overrides = {}) => {
      const monitor = new FleetMonitor({
        targets: fleetTargetsFromConfig(config, clients),
        now: () => clock.now(),
        ...overrides,
      });
      cleanups.push(() => monitor.stop());
      return monitor;
    },
  };
}

function serviceOf(snapshot: FleetSnapshot, clusterName: string, serviceName: string): ServiceSummary {
  const found = snapshot.services.find((s) => s.clusterName === clusterName && s.serviceName === serviceName);
  if (!found) throw new Error(`${serviceName} is not in ${clusterName}`);
  return found;
}

function clusterOf(snapshot: FleetSnapshot, clusterName: string): ClusterStatus {
  const found = snapshot.clusters.find((c) => c.clusterName === clusterName);
  if (!found) throw new Error(`${clusterName} is not in the snapshot`);
  return found;
}

async function primaryDeployment(client: ECSClient, cluster: string, service: string) {
  const answer = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const deployments = answer.services?.[0]?.deployments ?? [];
  return {
    primary: deployments.find((d) => d.status === 'PRIMARY'),
    count: deployments.length,
    service: answer.services?.[0],
  };
}

/** Moves the sandbox's clock a step at a time until ECS itself says `done`. */
async function advanceUntil(
  h: Harness,
  done: () => Promise<boolean>,
  options: { stepMs: number; maxMs: number },
): Promise<void> {
  for (let elapsed = 0; elapsed <= options.maxMs; elapsed += options.stepMs) {
    if (await done()) return;
    h.sandbox.advance(options.stepMs);
  }
  throw new Error(`not done after ${options.maxMs} ms of sandbox time`);
}

describe('FleetMonitor against the sandbox', () => {
  it('lists all 18 services of both clusters with health, counts, family:revision and image tag', async () => {
    const h = await harness();
    const monitor = h.monitor();
    await monitor.refresh();
    const snapshot = monitor.snapshot();

    expect(snapshot.clusters.map((c) => [c.environment, c.clusterName, c.state, c.serviceCount])).toEqual([
      ['staging', 'flarenet-staging', 'ok', 9],
      ['production', 'flarenet-production', 'ok', 9],
    ]);
    expect(snapshot.services).toHaveLength(18);
    for (const clusterName of ['flarenet-staging', 'flarenet-production']) {
      expect(
        snapshot.services.filter((s) => s.clusterName === clusterName).map((s) => s.serviceName),
      ).toEqual(serviceNames);
    }
    for (const service of snapshot.services) {
      expect(service.health).toBe('healthy');
      expect(service.desiredCount).toBeGreaterThan(0);
      expect(service.runningCount).toBe(service.desiredCount);
      expect(service.family).toBe(service.serviceName);
      expect(service.revision).toBeGreaterThan(0);
      expect(service.taskDefinitionArn).toMatch(
        new RegExp(`task-definition/${service.family}:${service.revision}$`),
      );
      expect(service.imageTag).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(service.image?.endsWith(`:${service.imageTag}`)).toBe(true);
      expect(service.observedAt).toBe(clusterOf(snapshot, service.clusterName).lastSuccessAt);
    }

    // The same facts, asked of ECS directly.
    const direct = await primaryDeployment(h.client, 'flarenet-production', 'payment-service');
    const payment = serviceOf(snapshot, 'flarenet-production', 'payment-service');
    expect(payment.taskDefinitionArn).toBe(direct.service?.taskDefinition);
    expect(payment.desiredCount).toBe(direct.service?.desiredCount);
  });

  it('shows a bad deploy as deploying, then degraded at the first poll after its first task fails, then rolled back', async () => {
    const h = await harness();
    const monitor = h.monitor();
    await monitor.refresh();
    const events: FleetEvent[] = [];
    monitor.subscribe((event) => events.push(event));

    const scenario = await h.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    await monitor.refresh();
    const deploying = serviceOf(monitor.snapshot(), 'flarenet-production', 'payment-service');
    expect(deploying.health).toBe('deploying');
    expect(deploying.deployments).toHaveLength(2);
    expect(deploying.taskDefinitionArn).toBe(scenario.taskDefinitionArn);
    expect(clusterOf(monitor.snapshot(), 'flarenet-production').pollIntervalMs).toBe(2000);
    expect(clusterOf(monitor.snapshot(), 'flarenet-staging').pollIntervalMs).toBe(5000);

    await advanceUntil(
      h,
      async () =>
        ((await primaryDeployment(h.client, 'flarenet-production', 'payment-service')).primary?.failedTasks ??
          0) > 0,
      {
        stepMs: 250,
        maxMs: 20_000,
      },
    );
    const eventsBefore = events.length;
    await monitor.refresh();
    const degraded = serviceOf(monitor.snapshot(), 'flarenet-production', 'payment-service');
    expect(degraded.health).toBe('degraded');
    expect(degraded.healthReason).toMatch(
      /new tasks failing health checks \(\d+ failed\) in payment-service:\d+$/,
    );

    // One refresh of both clusters sends one delta, carrying the one service that changed.
    const deltas = events.slice(eventsBefore).flatMap((e) => (e.type === 'delta' ? [e.delta] : []));
    expect(deltas).toHaveLength(1);
    expect(deltas.flatMap((d) => d.upserted.map((s) => `${s.clusterName}/${s.serviceName}`))).toEqual([
      'flarenet-production/payment-service',
    ]);
    expect(deltas.flatMap((d) => d.removed)).toEqual([]);

    await advanceUntil(
      h,
      async () => {
        const { primary, count } = await primaryDeployment(
          h.client,
          'flarenet-production',
          'payment-service',
        );
        return count === 1 && primary?.rolloutState === 'COMPLETED';
      },
      { stepMs: 1000, maxMs: 180_000 },
    );
    await monitor.refresh();
    const rolledBack = serviceOf(monitor.snapshot(), 'flarenet-production', 'payment-service');
    expect(rolledBack.health).toBe('degraded');
    expect(rolledBack.healthReason).toMatch(/a failed deployment was rolled back to payment-service:\d+$/);
    expect(rolledBack.revision).toBe(deploying.deployments.find((d) => d.status === 'ACTIVE')?.revision);

    // A subscriber that applied every event holds what main holds.
    const [first, ...rest] = events;
    expect(first?.type).toBe('snapshot');
    let copy = first?.type === 'snapshot' ? first.snapshot : null;
    for (const event of rest) if (event.type === 'delta' && copy) copy = applyFleetDelta(copy, event.delta);
    expect(copy).toEqual(monitor.snapshot());
  });

  it('sends no event when a poll changed nothing, and no services when only the poll time moved', async () => {
    const h = await harness();
    const monitor = h.monitor();
    // Two polls, so that the interval achieved between them is known too.
    await monitor.refresh();
    await monitor.refresh();
    const events: FleetEvent[] = [];
    monitor.subscribe((event) => events.push(event));
    expect(events.map((e) => e.type)).toEqual(['snapshot']);

    await monitor.refresh();
    expect(events).toHaveLength(1);

    h.sandbox.advance(1000);
    await monitor.refresh();
    const deltas = events.slice(1).flatMap((e) => (e.type === 'delta' ? [e.delta] : []));
    expect(events).toHaveLength(2);
    expect(deltas.flatMap((d) => d.upserted)).toEqual([]);
    expect(deltas.flatMap((d) => d.clusters.map((c) => [c.clusterName, c.lastSuccessAt])).sort()).toEqual([
      ['flarenet-production', h.clock.now()],
      ['flarenet-staging', h.clock.now()],
    ]);
  });

  it('marks both clusters stale while ECS throttles, keeps the last data with its age, and recovers', async () => {
    const h = await harness();
    const monitor = h.monitor({ random: () => 0.5 });
    await monitor.refresh();
    const before = monitor.snapshot();
    const polledAt = h.clock.now();

    await h.sandbox.runScenario({ kind: 'throttle', seconds: 5 });
    h.sandbox.advance(2000);
    await monitor.refresh();
    const throttled = monitor.snapshot();
    for (const cluster of throttled.clusters) {
      expect(cluster.state).toBe('stale');
      expect(cluster.error?.code).toBe('THROTTLED');
      expect(cluster.lastSuccessAt).toBe(polledAt);
      expect(cluster.serviceCount).toBe(9);
      expect(cluster.pollIntervalMs).toBe(
        backoffDelayMs({
          consecutiveFailures: 1,
          baseMs: 5000,
          capMs: 60_000,
          floorMs: 1000,
          random: () => 0.5,
        }),
      );
    }
    expect(throttled.services).toHaveLength(18);
    for (const service of throttled.services) {
      expect(service.health).toBe('stale');
      expect(service.healthReason).toBe('data 2 s old: ThrottlingException: Rate exceeded');
      const earlier = serviceOf(before, service.clusterName, service.serviceName);
      expect({ ...service, health: earlier.health, healthReason: earlier.healthReason }).toEqual(earlier);
    }

    h.sandbox.advance(2000);
    await monitor.refresh();
    expect(monitor.snapshot().services[0]?.healthReason).toBe(
      'data 4 s old: ThrottlingException: Rate exceeded',
    );
    expect(clusterOf(monitor.snapshot(), 'flarenet-staging').pollIntervalMs).toBe(
      backoffDelayMs({
        consecutiveFailures: 2,
        baseMs: 5000,
        capMs: 60_000,
        floorMs: 1000,
        random: () => 0.5,
      }),
    );

    h.sandbox.advance(2000);
    await monitor.refresh();
    const recovered = monitor.snapshot();
    expect(recovered.clusters.map((c) => [c.state, c.error, c.lastSuccessAt, c.pollIntervalMs])).toEqual([
      ['ok', null, h.clock.now(), 5000],
      ['ok', null, h.clock.now(), 5000],
    ]);
    expect(recovered.services.every((s) => s.health === 'healthy')).toBe(true);
  });

  it('keeps a failing target from hiding the others', async () => {
    const h = await harness();
    const unreachable = { region: sandboxRegion, endpoint: 'http://127.0.0.1:1' };
    const targets: FleetTarget[] = [
      ...fleetTargetsFromConfig(sandboxConsoleConfig(h.sandbox.ecsEndpoint), h.clients).slice(0, 1),
      {
        environment: 'elsewhere',
        clusters: ['flarenet-production'],
        client: h.clients.clientFor(unreachable),
      },
      { environment: 'undiscovered', client: h.clients.clientFor(unreachable) },
    ];
    const monitor = new FleetMonitor({ targets, now: () => h.clock.now() });
    cleanups.push(() => monitor.stop());
    await monitor.refresh();
    const snapshot = monitor.snapshot();

    expect(
      snapshot.clusters.map((c) => [c.environment, c.clusterName, c.state, c.error?.code ?? null]),
    ).toEqual([
      ['staging', 'flarenet-staging', 'ok', null],
      ['elsewhere', 'flarenet-production', 'error', 'UNAVAILABLE'],
      ['undiscovered', '(cluster discovery)', 'error', 'UNAVAILABLE'],
    ]);
    expect(clusterOf(snapshot, 'flarenet-production').error?.message).toBe(
      'Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)',
    );
    expect(snapshot.services.filter((s) => s.environment === 'staging')).toHaveLength(9);
    expect(snapshot.services.filter((s) => s.environment !== 'staging')).toEqual([]);
  });

  it('discovers clusters with ListClusters and follows every ListServices page', async () => {
    const h = await harness({ fleet: { clusters: 2, servicesPerCluster: 130 } });
    const monitor = new FleetMonitor({
      targets: [{ environment: 'all', client: h.client }],
      now: () => h.clock.now(),
    });
    cleanups.push(() => monitor.stop());
    await monitor.refresh();
    const snapshot = monitor.snapshot();

    expect(snapshot.clusters.map((c) => [c.clusterName, c.state])).toEqual([
      ['flarenet-staging', 'ok'],
      ['flarenet-production', 'ok'],
    ]);
    for (const cluster of snapshot.clusters) {
      let listed = 0;
      let nextToken: string | undefined;
      do {
        const page = await h.client.send(
          new ListServicesCommand({ cluster: cluster.clusterName, nextToken }),
        );
        listed += page.serviceArns?.length ?? 0;
        nextToken = page.nextToken;
      } while (nextToken);
      expect(listed).toBe(130);
      expect(cluster.serviceCount).toBe(listed);
      expect(
        new Set(
          snapshot.services.filter((s) => s.clusterName === cluster.clusterName).map((s) => s.serviceName),
        ).size,
      ).toBe(listed);
    }
  });

  it('tightens the interval during a deployment, backs off on throttling, and leaves no timer after stop()', async () => {
    const h = await harness();
    const timers = new Map<number, { callback: () => void; ms: number }>();
    let nextId = 1;
    const monitor = h.monitor({
      setTimer: (callback, ms) => {
        const id = nextId++;
        timers.set(id, { callback, ms });
        return id;
      },
      clearTimer: (id) => timers.delete(id as number),
      random: () => 1,
    });
    const pending = () => [...timers.values()].map((t) => t.ms).sort((a, b) => a - b);
    /** Fires every pending timer, as time passing would, and waits for the polls they start. */
    const fireAll = async () => {
      const due = [...timers.values()];
      timers.clear();
      const polled = new Promise<ClusterStatus[]>((resolve) => {
        const seen: ClusterStatus[] = [];
        const unsubscribe = monitor.onPoll((status) => {
          seen.push(status);
          if (seen.length < due.length) return;
          unsubscribe();
          resolve(seen);
        });
      });
      for (const timer of due) timer.callback();
      return polled;
    };

    const bothPolled = Promise.all(
      ['flarenet-staging', 'flarenet-production'].map((name) =>
        monitor.nextPoll((s) => s.clusterName === name),
      ),
    );
    monitor.start();
    await bothPolled;
    expect(pending()).toEqual([5000, 5000]);

    await h.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'order-service',
    });
    await fireAll();
    expect(clusterOf(monitor.snapshot(), 'flarenet-production').pollIntervalMs).toBe(2000);
    expect(pending()).toEqual([2000, 5000]);

    await h.sandbox.runScenario({ kind: 'throttle', seconds: 60 });
    const statuses = await fireAll();
    expect(statuses.map((s) => s.state)).toEqual(['stale', 'stale']);
    expect(pending()).toEqual([10_000, 10_000]);
    await fireAll();
    expect(pending()).toEqual([20_000, 20_000]);

    monitor.stop();
    expect(timers.size).toBe(0);
  });

  it('stops with real timers and leaves none behind', async () => {
    const h = await harness();
    const live = new Set<ReturnType<typeof setTimeout>>();
    const monitor = h.monitor({
      pollIntervalMs: 20,
      setTimer: (callback, ms) => {
        const handle = setTimeout(() => {
          live.delete(handle);
          callback();
        }, ms);
        live.add(handle);
        return handle;
      },
      clearTimer: (handle) => {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
        live.delete(handle as ReturnType<typeof setTimeout>);
      },
    });
    const polls: string[] = [];
    monitor.onPoll((status) => polls.push(status.clusterName));
    monitor.start();
    while (polls.filter((name) => name === 'flarenet-production').length < 3) {
      await monitor.nextPoll();
    }
    expect(live.size).toBeGreaterThan(0);
    monitor.stop();
    expect(live.size).toBe(0);
    const count = polls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(polls.length).toBe(count);
  });

  it('reads the details of a failing service: newest events and the stopped tasks that say why', async () => {
    const h = await harness();
    const monitor = h.monitor();
    await h.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    await advanceUntil(
      h,
      async () =>
        ((await primaryDeployment(h.client, 'flarenet-production', 'payment-service')).primary?.failedTasks ??
          0) >= 2,
      { stepMs: 250, maxMs: 30_000 },
    );

    const details = await monitor.serviceDetails('flarenet-production', 'payment-service');
    expect(details.service.serviceName).toBe('payment-service');
    expect(details.service.health).toBe('degraded');
    expect(details.events.length).toBeGreaterThan(0);
    expect(details.events.length).toBeLessThanOrEqual(20);
    expect(details.events.map((e) => e.createdAt)).toEqual(
      [...details.events.map((e) => e.createdAt)].sort((a, b) => b - a),
    );
    expect(details.tasks.length).toBeLessThanOrEqual(20);
    // Stopping tasks (desired STOPPED) come after the ones meant to run, and say why they stop.
    const stopping = details.tasks.filter((t) => t.desiredStatus === 'STOPPED');
    expect(stopping.some((t) => t.stoppedReason === 'Task failed container health checks')).toBe(true);
    const firstStopping = details.tasks.findIndex((t) => t.desiredStatus === 'STOPPED');
    expect(details.tasks.slice(firstStopping).every((t) => t.desiredStatus === 'STOPPED')).toBe(true);
    expect(details.tasks.some((t) => t.lastStatus === 'RUNNING')).toBe(true);

    await expect(monitor.serviceDetails('no-such-cluster', 'payment-service')).rejects.toBeInstanceOf(
      ConsoleError,
    );
    await expect(monitor.serviceDetails('flarenet-production', 'no-such-service')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
