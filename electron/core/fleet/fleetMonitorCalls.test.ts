import { ListClustersCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetDelta, FleetSnapshot } from '../../../shared/fleet/fleetModel';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { sandboxConsoleConfig, type ConsoleConfig } from '../config/consoleConfig';
import {
  ManualClock,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../testing/sandboxTestHarness';
import { EcsClientFactory } from './ecsClients';
import { FleetMonitor, type FleetMonitorOptions } from './fleetMonitor';
import { fleetTargetsFromConfig } from './fleetTargets';

/**
 * The ECS calls the monitor makes, counted by the sandbox: a steady poll asks for what can
 * have changed and no more, through the real SDK over HTTP.
 */

interface Harness {
  sandbox: Sandbox;
  clock: ManualClock;
  clients: EcsClientFactory;
  client: ECSClient;
  monitor(options?: Partial<FleetMonitorOptions>, config?: ConsoleConfig): FleetMonitor;
  /** The ECS calls `work` made, by operation. */
  callsDuring(work: () => Promise<unknown>): Promise<Record<string, number>>;
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
  const standard = sandboxConsoleConfig(sandbox.ecsEndpoint);
  return {
    sandbox,
    clock,
    clients,
    client: clients.clientFor(standard.environments[0]!.aws),
    monitor: (overrides = {}, config = standard) => {
      const monitor = new FleetMonitor({
        targets: fleetTargetsFromConfig(config, clients),
        now: () => clock.now(),
        ...overrides,
      });
      cleanups.push(() => monitor.stop());
      return monitor;
    },
    callsDuring: async (work) => {
      const before = sandbox.ecsCallCounts();
      await work();
      const calls: Record<string, number> = {};
      for (const [operation, count] of sandbox.ecsCallCounts()) {
        const made = count - (before.get(operation) ?? 0);
        if (made > 0) calls[operation] = made;
      }
      return calls;
    },
  };
}

/** Records which services each DescribeServices call asked for, by cluster, as the SDK sends it. */
function recordDescribed(client: ECSClient): Map<string, string[]> {
  const described = new Map<string, string[]>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const input = args.input as { cluster?: string; services?: string[] };
      if (context.commandName === 'DescribeServicesCommand' && input.cluster) {
        const names = input.services?.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)) ?? [];
        described.set(input.cluster, [...(described.get(input.cluster) ?? []), ...names]);
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordDescribedServices' },
  );
  cleanups.push(() => void client.middlewareStack.remove('recordDescribedServices'));
  return described;
}

function servicesOf(snapshot: FleetSnapshot, clusterName: string): string[] {
  return snapshot.services.filter((s) => s.clusterName === clusterName).map((s) => s.serviceName);
}

describe('the ECS calls of a fleet poll', () => {
  it('describes 130 known services in 13 DescribeServices a cluster and lists them only on start and on its cadence', async () => {
    const h = await harness({ fleet: { clusters: 2, servicesPerCluster: 130 } });
    const monitor = h.monitor({ serviceCadence: { quietEveryPolls: 1, membershipIntervalMs: 60_000 } });

    const start = await h.callsDuring(() => monitor.refresh({ full: false }));
    expect(start.ListServices).toBe(4); // two pages of at most 100 a cluster
    expect(start.DescribeServices).toBe(26);

    const steady = await h.callsDuring(() => monitor.refresh({ full: false }));
    expect(steady).toEqual({ DescribeServices: 26 });
    expect(monitor.snapshot().services).toHaveLength(260);

    h.sandbox.advance(60_000);
    const membership = await h.callsDuring(() => monitor.refresh({ full: false }));
    expect(membership).toEqual({ ListServices: 4, DescribeServices: 26 });

    // A person asking for a refresh gets the membership read again too.
    const manual = await h.callsDuring(() => monitor.refresh());
    expect(manual).toEqual({ ListServices: 4, DescribeServices: 26 });
  });

  it('asks for a task definition once across environments that share an endpoint, and never again', async () => {
    const h = await harness();
    const aws = { region: sandboxRegion, endpoint: h.sandbox.ecsEndpoint };
    const sameClusterTwice: ConsoleConfig = {
      ...sandboxConsoleConfig(h.sandbox.ecsEndpoint),
      environments: [
        { name: 'production', aws, clusters: ['flarenet-production'] },
        { name: 'production-again', aws, clusters: ['flarenet-production'] },
      ],
    };
    const monitor = h.monitor({}, sameClusterTwice);
    const first = await h.callsDuring(() => monitor.refresh());
    const revisions = new Set(monitor.snapshot().services.map((s) => s.taskDefinitionArn));
    expect(monitor.snapshot().services).toHaveLength(18);
    expect(revisions.size).toBe(9);
    expect(first.DescribeTaskDefinition).toBe(9);
    expect(monitor.snapshot().services.every((s) => s.imageTag !== null)).toBe(true);

    const another = h.monitor();
    const second = await h.callsDuring(() => another.refresh());
    const stagingOnly = new Set(
      another
        .snapshot()
        .services.filter((s) => !revisions.has(s.taskDefinitionArn))
        .map((s) => s.taskDefinitionArn),
    );
    expect(second.DescribeTaskDefinition ?? 0).toBe(stagingOnly.size);
  });

  it('drops a deleted service after its MISSING and lists that cluster again in the same poll', async () => {
    const h = await harness();
    const monitor = h.monitor({ serviceCadence: { quietEveryPolls: 1 } });
    await monitor.refresh();
    expect(servicesOf(monitor.snapshot(), 'flarenet-production')).toContain('payment-service');

    h.sandbox.simulation.findCluster('flarenet-production')!.services.delete('payment-service');
    const calls = await h.callsDuring(() => monitor.refresh({ full: false }));
    expect(calls).toEqual({ DescribeServices: 2, ListServices: 1 });
    const production = servicesOf(monitor.snapshot(), 'flarenet-production');
    expect(production).toHaveLength(8);
    expect(production).not.toContain('payment-service');
    expect(monitor.snapshot().clusters.map((c) => c.serviceCount)).toEqual([9, 8]);
  });

  it('describes a quiet service once every third poll and a deploying one every poll, never claiming fresher data', async () => {
    const h = await harness();
    const monitor = h.monitor();
    await h.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'order-service',
    });
    await monitor.refresh();
    const described = recordDescribed(h.client);

    const polledAt: number[] = [];
    for (let poll = 0; poll < 3; poll++) {
      h.sandbox.advance(1000);
      polledAt.push(h.clock.now());
      await monitor.refresh({ full: false });
    }
    const production = described.get('flarenet-production') ?? [];
    expect(production.filter((name) => name === 'order-service')).toHaveLength(3);
    const quiet = servicesOf(monitor.snapshot(), 'flarenet-production').filter((n) => n !== 'order-service');
    for (const name of quiet) expect(production.filter((n) => n === name)).toHaveLength(1);
    for (const name of servicesOf(monitor.snapshot(), 'flarenet-staging')) {
      expect((described.get('flarenet-staging') ?? []).filter((n) => n === name)).toHaveLength(1);
    }

    // Every service is shown as read when the least recently read one was.
    for (const cluster of monitor.snapshot().clusters) {
      expect(cluster.lastSuccessAt).toBe(polledAt[0]);
      for (const service of monitor.snapshot().services.filter((s) => s.clusterName === cluster.clusterName))
        expect(service.observedAt).toBe(cluster.lastSuccessAt);
    }
  });

  it('rebuilds and diffs the fleet once a refresh round, and resolves refresh() after publishing it', async () => {
    const h = await harness({ fleet: { clusters: 4, servicesPerCluster: 30 } });
    const monitor = new FleetMonitor({
      targets: [{ environment: 'all', client: h.client }],
      now: () => h.clock.now(),
    });
    cleanups.push(() => monitor.stop());
    await monitor.refresh();
    await monitor.refresh();
    const deltas: FleetDelta[] = [];
    monitor.subscribe((event) => {
      if (event.type === 'delta') deltas.push(event.delta);
    });

    h.sandbox.advance(1000);
    await monitor.refresh();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.clusters.map((c) => c.lastSuccessAt)).toEqual([1, 2, 3, 4].map(() => h.clock.now()));
    expect(monitor.snapshot().clusters.every((c) => c.lastSuccessAt === h.clock.now())).toBe(true);
  });

  it('keeps its interval from the start of one poll to the next, and reports the interval achieved', async () => {
    const h = await harness();
    const timers = new Map<number, { callback: () => void; ms: number }>();
    let nextTimer = 1;
    const stagingOnly: ConsoleConfig = {
      ...sandboxConsoleConfig(h.sandbox.ecsEndpoint),
      environments: sandboxConsoleConfig(h.sandbox.ecsEndpoint).environments.slice(0, 1),
    };
    const monitor = h.monitor(
      {
        setTimer: (callback, ms) => {
          timers.set(nextTimer, { callback, ms });
          return nextTimer++;
        },
        clearTimer: (id) => timers.delete(id as number),
      },
      stagingOnly,
    );
    // Each DescribeServices takes 700 ms of the sandbox's time.
    h.client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'DescribeServicesCommand') h.sandbox.advance(700);
        return next(args);
      },
      { step: 'initialize', name: 'slowDescribeServices' },
    );
    cleanups.push(() => void h.client.middlewareStack.remove('slowDescribeServices'));
    /** Lets the waiting timer's time pass on the sandbox's clock, then fires it and waits for its poll. */
    const waitForNextPoll = async (lateByMs = 0) => {
      const [[id, timer]] = [...timers.entries()] as [[number, { callback: () => void; ms: number }]];
      timers.delete(id);
      h.sandbox.advance(timer.ms + lateByMs);
      const polled = monitor.nextPoll();
      timer.callback();
      return { waitedMs: timer.ms, status: await polled };
    };

    const first = monitor.nextPoll();
    monitor.start();
    expect((await first).achievedIntervalMs).toBeNull();
    const second = await waitForNextPoll();
    expect(second.waitedMs).toBe(4300);
    expect(second.status.achievedIntervalMs).toBe(5000);
    const late = await waitForNextPoll(19_000);
    expect(late.status.achievedIntervalMs).toBe(24_000);
    expect(monitor.snapshot().clusters[0]?.achievedIntervalMs).toBe(24_000);
  });

  it('builds clients without the SDK logger, and they still talk to ECS', async () => {
    const h = await harness();
    expect(h.client.middlewareStack.identify().some((name) => name.startsWith('loggerMiddleware'))).toBe(
      false,
    );
    const answer = await h.client.send(new ListClustersCommand({}));
    expect(answer.clusterArns).toHaveLength(2);
  });
});
