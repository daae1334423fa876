import { afterEach, describe, expect, it } from 'vitest';
import { startKafkaRefusingProxy, type KafkaRefusingProxy } from '../../testing/kafkaRefusingProxy';
import { startKafkaTestSandbox, type ManualClock, type Sandbox } from '../../testing/sandboxTestHarness';
import type { GroupLagSummary } from '../../../shared/kafka/kafkaModel';
import { groupsPerRequest } from './kafkaBatchRequests';
import { LagMonitor } from './lagMonitor';

/**
 * What one steady refresh of many groups asks the broker, counted by the sandbox broker per
 * API: the floor where the broker serves the batched versions (OffsetFetch v8, ListGroups
 * v4, FindCoordinator v4), and the older path, one group a request, through a proxy that
 * offers only non-flexible versions, as an older broker does. The sandbox runs on a manual
 * clock, so both read the same offsets.
 */

const lagApis = ['ListGroups', 'DescribeGroups', 'FindCoordinator', 'OffsetFetch', 'ListOffsets', 'Metadata'];

interface Rig {
  sandbox: Sandbox;
  clock: ManualClock;
  proxy: KafkaRefusingProxy | null;
  monitors: LagMonitor[];
}

let rig: Rig | null = null;
afterEach(async () => {
  if (!rig) return;
  await Promise.all(rig.monitors.map((monitor) => monitor.stop()));
  await rig.proxy?.close();
  await rig.sandbox.close();
  rig = null;
});

/** A sandbox with its own groups plus `extraGroups` that commit on two of its topics. */
async function startRig(extraGroups: number): Promise<Rig> {
  const { sandbox, clock } = await startKafkaTestSandbox({ trafficMs: 6000 });
  const { broker } = sandbox.kafka;
  const topics = broker.log
    .topics()
    .filter((topic) => !topic.name.startsWith('__'))
    .slice(0, 2);
  for (let i = 0; i < extraGroups; i++) {
    const commits = topics.flatMap((topic) =>
      Array.from({ length: broker.log.topic(topic.name)!.partitions.length }, (_, partition) => ({
        topic: topic.name,
        partition,
        offset: 0,
        leaderEpoch: -1,
        metadata: '',
      })),
    );
    broker.coordinator.commitOffsets(`batch-test-${String(i).padStart(4, '0')}`, '', -1, commits);
  }
  return { sandbox, clock, proxy: null, monitors: [] };
}

function monitorOf(current: Rig, bootstrap: string): LagMonitor {
  const monitor = new LagMonitor({
    clusters: [{ name: 'scale', brokers: [bootstrap] }],
    now: () => current.clock.now(),
    connection: { retries: 0, requestTimeoutMs: 5000 },
  });
  current.monitors.push(monitor);
  return monitor;
}

function lagRequests(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Record<string, number> {
  return Object.fromEntries(lagApis.map((api) => [api, (after.get(api) ?? 0) - (before.get(api) ?? 0)]));
}

const figures = (groups: readonly GroupLagSummary[]) =>
  groups.map((g) => [g.groupId, g.totalLag, g.state, g.memberCount, g.burrowStatus]);

describe('a steady refresh of many groups', () => {
  it('makes one ListGroups, one ListOffsets per broker and one OffsetFetch per batch of groups, nothing more', async () => {
    rig = await startRig(groupsPerRequest + 20);
    const { broker } = rig.sandbox.kafka;
    const monitor = monitorOf(rig, rig.sandbox.kafkaBootstrap);
    const start = broker.requestCountsByApi();
    await monitor.refresh();
    const groupCount = monitor.snapshot().groups.length;
    expect(groupCount).toBeGreaterThan(groupsPerRequest + 20);
    // The first refresh finds the coordinators, many groups a request (and the commit log
    // reader's consumer its own), and describes every group once, many a request.
    expect(lagRequests(start, broker.requestCountsByApi())).toMatchObject({
      FindCoordinator: Math.ceil(groupCount / groupsPerRequest) + 1,
      DescribeGroups: Math.ceil(groupCount / groupsPerRequest),
    });

    for (let refresh = 0; refresh < 2; refresh++) {
      rig.sandbox.advance(2000);
      const before = broker.requestCountsByApi();
      await monitor.refresh();
      expect(lagRequests(before, broker.requestCountsByApi())).toEqual({
        ListGroups: 1,
        DescribeGroups: 0,
        FindCoordinator: 0,
        OffsetFetch: Math.ceil(groupCount / groupsPerRequest),
        ListOffsets: 1,
        Metadata: 0,
      });
    }
    expect(monitor.snapshot().clusters[0]).toMatchObject({
      state: 'ok',
      groupCount,
      commitSource: 'commit-log',
      // The time between the last two reads, on the sandbox's clock: what was achieved, not what was set.
      achievedRefreshMs: 2000,
      refreshIntervalMs: 5000,
    });
  });

  it('describes again only a group whose state changed', async () => {
    rig = await startRig(3);
    const { broker } = rig.sandbox.kafka;
    const monitor = monitorOf(rig, rig.sandbox.kafkaBootstrap);
    await monitor.refresh();
    // A consumer joins one of the offset-only groups: its state moves from Empty.
    broker.coordinator.join(
      {
        groupId: 'batch-test-0001',
        memberId: '',
        groupInstanceId: null,
        clientId: 'joiner',
        clientHost: '/127.0.0.1',
        sessionTimeoutMs: 600_000,
        rebalanceTimeoutMs: 60_000,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
      },
      () => undefined,
    );
    const before = broker.requestCountsByApi();
    await monitor.refresh();
    expect(lagRequests(before, broker.requestCountsByApi())).toMatchObject({
      DescribeGroups: 1,
      FindCoordinator: 0,
    });
    expect(monitor.snapshot().groups.find((g) => g.groupId === 'batch-test-0001')?.state).not.toBe('Empty');
  });
});

describe('a broker without the batched versions', () => {
  it('is read one group a request, with the same lag, and still finds each coordinator once', async () => {
    rig = await startRig(30);
    rig.proxy = await startKafkaRefusingProxy({ upstream: rig.sandbox.kafkaBootstrap });
    const direct = monitorOf(rig, rig.sandbox.kafkaBootstrap);
    const older = monitorOf(rig, rig.proxy.bootstrap);
    await Promise.all([direct.refresh(), older.refresh()]);
    const groupCount = older.snapshot().groups.length;

    rig.sandbox.advance(2000);
    const seen = rig.proxy.requests.length;
    await Promise.all([direct.refresh(), older.refresh()]);
    const byApi = new Map<number, number>();
    for (const request of rig.proxy.requests.slice(seen))
      byApi.set(request.apiKey, (byApi.get(request.apiKey) ?? 0) + 1);
    expect({
      listGroups: byApi.get(16),
      offsetFetch: byApi.get(9),
      findCoordinator: byApi.get(10) ?? 0,
      describeGroups: byApi.get(15),
    }).toEqual({ listGroups: 1, offsetFetch: groupCount, findCoordinator: 0, describeGroups: 1 });
    // Versions offered by the proxy are the non-flexible ones.
    expect(
      Math.max(...rig.proxy.requests.filter((r) => r.apiKey === 9).map((r) => r.apiVersion)),
    ).toBeLessThan(6);
    expect(figures(older.snapshot().groups)).toEqual(figures(direct.snapshot().groups));
  });
});

describe('a cluster being upgraded, whose coordinator is of an older release', () => {
  it.each([
    ['says its older versions in ApiVersions', 'own'],
    ['is sent the newer versions another broker told the client, and closes the connection on them', 'newer'],
  ] as const)(
    'a coordinator that %s is read one group a request, with the figures of the batched path',
    async (_how, advertised) => {
      rig = await startRig(30);
      const { broker } = rig.sandbox.kafka;
      const batched = monitorOf(rig, rig.sandbox.kafkaBootstrap);
      await batched.refresh();

      // OffsetFetch v8, FindCoordinator v4 and ListGroups v4 came with Kafka 3.0 (KIP-709, KIP-699, KIP-518).
      broker.faults.serveUpTo('OffsetFetch', 7, advertised);
      broker.faults.serveUpTo('FindCoordinator', 3, advertised);
      broker.faults.serveUpTo('ListGroups', 3, advertised);
      const older = monitorOf(rig, rig.sandbox.kafkaBootstrap);
      const first = broker.requestCountsByApi();
      await older.refresh();
      const groupCount = older.snapshot().groups.length;
      expect(groupCount).toBeGreaterThan(30);
      // Each coordinator found once, one group a request (and the commit log reader's own).
      expect(lagRequests(first, broker.requestCountsByApi())).toMatchObject({
        FindCoordinator: groupCount + 1,
      });

      rig.sandbox.advance(2000);
      const before = broker.requestCountsByApi();
      await older.refresh();
      // The fallback's floor: one OffsetFetch a group; without the states ListGroups v4 tells,
      // every group is described, many a request.
      expect(lagRequests(before, broker.requestCountsByApi())).toEqual({
        ListGroups: 1,
        DescribeGroups: 1,
        FindCoordinator: 0,
        OffsetFetch: groupCount,
        ListOffsets: 1,
        Metadata: 0,
      });

      broker.faults.clear();
      await batched.refresh();
      expect(older.snapshot().clusters[0]).toMatchObject({ state: 'ok', error: null, warnings: [] });
      expect(figures(older.snapshot().groups)).toEqual(figures(batched.snapshot().groups));
      expect(older.snapshot().groups.every((group) => group.lagUnknown === null)).toBe(true);
    },
  );
});
