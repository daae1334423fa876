import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterStatus, FleetEvent, FleetSnapshot } from '../../../shared/fleet/fleetModel';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { ManualClock, startSandbox, type Sandbox } from '../../testing/sandboxTestHarness';
import { EcsClientFactory } from './ecsClients';
import { FleetMonitor, type FleetTarget } from './fleetMonitor';

/**
 * The monitor told to watch other clusters while it runs, as when the console's sandbox is
 * rebuilt at another size: against the sandbox over HTTP, through the real SDK, on a manual
 * clock, with timers the test fires itself.
 */

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Timers that wait until the test fires them. */
class HeldTimers {
  private readonly waiting = new Map<number, () => void>();
  private nextId = 1;

  readonly setTimer = (callback: () => void): unknown => {
    const id = this.nextId++;
    this.waiting.set(id, callback);
    return id;
  };

  readonly clearTimer = (handle: unknown): void => {
    this.waiting.delete(handle as number);
  };

  fireAll(): void {
    const due = [...this.waiting.values()];
    this.waiting.clear();
    for (const callback of due) callback();
  }
}

interface Watched {
  sandbox: Sandbox;
  monitor: FleetMonitor;
  timers: HeldTimers;
  targets: (environments: Record<string, string[]>) => FleetTarget[];
  polls: ClusterStatus[];
  events: FleetEvent[];
}

async function watchedSandbox(): Promise<Watched> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({ clock, seed: 42, lively: false });
  const clients = new EcsClientFactory();
  const aws = sandboxConsoleConfig(sandbox.ecsEndpoint).environments[0]!.aws;
  const targets = (environments: Record<string, string[]>): FleetTarget[] =>
    Object.entries(environments).map(([environment, clusters]) => ({
      environment,
      clusters,
      client: clients.clientFor(aws),
    }));
  const timers = new HeldTimers();
  const monitor = new FleetMonitor({
    targets: targets({ staging: ['flarenet-staging'], production: ['flarenet-production'] }),
    now: () => clock.now(),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    publishWaitMs: 0,
  });
  cleanups.push(
    () => sandbox.close(),
    () => clients.destroyAll(),
    () => monitor.stop(),
  );
  const polls: ClusterStatus[] = [];
  monitor.onPoll((status) => polls.push(status));
  monitor.start();
  await monitor.refresh();
  const events: FleetEvent[] = [];
  monitor.subscribe((event) => events.push(event));
  return { sandbox, monitor, timers, targets, polls, events };
}

function clustersOf(snapshot: FleetSnapshot): string[] {
  return snapshot.clusters.map((cluster) => `${cluster.environment}/${cluster.clusterName}:${cluster.state}`);
}

function clusterNamesOfServices(snapshot: FleetSnapshot): string[] {
  return [...new Set(snapshot.services.map((service) => service.clusterName))];
}

describe('FleetMonitor.watch', () => {
  it('polls a cluster it is given at once, shown unread until it answers, and keeps what it read of the others', async () => {
    const { sandbox, monitor, targets, events } = await watchedSandbox();
    await sandbox.runScenario({ kind: 'scale', clusters: 3, servicesPerCluster: 9 });
    const production = monitor.snapshot().clusters.find((c) => c.clusterName === 'flarenet-production')!;

    const benchPoll = monitor.nextPoll((status) => status.clusterName === 'flarenet-bench-3');
    monitor.watch(
      targets({
        staging: ['flarenet-staging'],
        production: ['flarenet-production'],
        bench: ['flarenet-bench-3'],
      }),
    );
    expect(clustersOf(monitor.snapshot())).toEqual([
      'staging/flarenet-staging:ok',
      'production/flarenet-production:ok',
      'bench/flarenet-bench-3:stale',
    ]);
    const kept = monitor.snapshot().clusters.find((c) => c.clusterName === 'flarenet-production')!;
    expect(kept.lastSuccessAt).toBe(production.lastSuccessAt);

    const status = await benchPoll;
    expect(status).toMatchObject({ environment: 'bench', state: 'ok', serviceCount: 9 });
    expect(clusterNamesOfServices(monitor.snapshot())).toContain('flarenet-bench-3');
    // A cluster more is news a delta carries: the first event stays the only snapshot.
    expect(events.filter((event) => event.type === 'snapshot')).toHaveLength(1);
    expect(events.some((event) => event.type === 'delta')).toBe(true);
  });

  it('drops clusters and environments no longer named, sends the whole fleet again, and never polls them after', async () => {
    const { sandbox, monitor, timers, targets, polls, events } = await watchedSandbox();
    await sandbox.runScenario({ kind: 'scale', clusters: 1, servicesPerCluster: 9 });

    // A poll of staging is in flight when staging goes.
    const inFlight = monitor.refresh({ full: false });
    monitor.watch(targets({ production: ['flarenet-production'] }));
    expect(clustersOf(monitor.snapshot())).toEqual(['production/flarenet-production:ok']);
    expect(clusterNamesOfServices(monitor.snapshot())).toEqual(['flarenet-production']);
    const last = events.at(-1);
    if (last?.type !== 'snapshot') throw new Error('expected the whole fleet again');
    expect(clustersOf(last.snapshot)).toEqual(['production/flarenet-production:ok']);

    await inFlight;
    polls.length = 0;
    timers.fireAll();
    await monitor.nextPoll((status) => status.clusterName === 'flarenet-production');
    timers.fireAll();
    await monitor.refresh();
    expect(polls.map((status) => status.clusterName)).not.toContain('flarenet-staging');
    expect(clustersOf(monitor.snapshot())).toEqual(['production/flarenet-production:ok']);
  });

  it('lists and describes kept clusters again when their fleet was rebuilt behind the same names', async () => {
    const { sandbox, monitor, targets } = await watchedSandbox();
    expect(monitor.snapshot().services).toHaveLength(18);
    await sandbox.runScenario({ kind: 'scale', clusters: 2, servicesPerCluster: 3 });

    const polled = Promise.all(
      ['flarenet-staging', 'flarenet-production'].map((name) =>
        monitor.nextPoll((status) => status.clusterName === name),
      ),
    );
    monitor.watch(targets({ staging: ['flarenet-staging'], production: ['flarenet-production'] }), {
      readAgain: true,
    });
    const statuses = await polled;
    expect(statuses.map((status) => status.serviceCount)).toEqual([3, 3]);
    expect(monitor.snapshot().services).toHaveLength(6);
  });
});
