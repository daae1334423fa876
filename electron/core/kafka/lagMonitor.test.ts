import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyLagDelta } from '../../../shared/kafka/lagDelta';
import { defaultEvaluatorOptions } from '../../../shared/kafka/burrowEvaluator';
import {
  lagEventSchema,
  type GroupLagSummary,
  type LagEvent,
  type LagSnapshot,
} from '../../../shared/kafka/kafkaModel';
import { sandboxConsoleConfig, type KafkaClusterConfig } from '../config/consoleConfig';
import { startKafkaTestSandbox, type ManualClock, type Sandbox } from '../../testing/sandboxTestHarness';
import { LagMonitor, type LagMonitorOptions } from './lagMonitor';

/**
 * The lag monitor with real kafkajs against the sandbox's Kafka broker over TCP, reading
 * commits from `__consumer_offsets` as Burrow does. The sandbox runs on a manual clock
 * shared with the monitor, so offsets stand still between steps and a minute of traffic
 * takes a few hundred milliseconds.
 */

const fleetServices = [
  'api-gateway',
  'auth-service',
  'user-service',
  'order-service',
  'inventory-service',
  'catalog-service',
  'payment-service',
  'notification-service',
  'analytics-service',
];
const sandboxGroups = [
  'analytics-service',
  'inventory-service',
  'notification-service',
  'order-service',
  'payment-service',
];

/** Short windows: five commits (the sandbox's consumers commit every second) fill one. */
const tracker: LagMonitorOptions['tracker'] = {
  evaluator: { ...defaultEvaluatorOptions, intervals: 5 },
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

interface Rig {
  sandbox: Sandbox;
  clock: ManualClock;
  cluster: KafkaClusterConfig;
  monitor: LagMonitor;
  events: LagEvent[];
  /** Moves the sandbox on and refreshes the monitor at the new time. */
  step(ms: number): Promise<LagSnapshot>;
  group(groupId: string): GroupLagSummary;
  close(): Promise<void>;
}

async function startRig(
  extraClusters: KafkaClusterConfig[] = [],
  options: Partial<LagMonitorOptions> = {},
): Promise<Rig> {
  const { sandbox, clock } = await startKafkaTestSandbox();
  const cluster = sandboxConsoleConfig(sandbox.ecsEndpoint, sandbox.kafkaBootstrap).kafka![0]!;
  const monitor = new LagMonitor({
    clusters: [cluster, ...extraClusters],
    knownServices: () => fleetServices,
    now: () => clock.now(),
    tracker,
    ...options,
  });
  const events: LagEvent[] = [];
  const unsubscribe = monitor.subscribe((event) => events.push(lagEventSchema.parse(event)));
  const rig: Rig = {
    sandbox,
    clock,
    cluster,
    monitor,
    events,
    async step(ms) {
      sandbox.advance(ms);
      await monitor.refresh();
      return monitor.snapshot();
    },
    group(groupId) {
      const found = monitor.snapshot().groups.find((g) => g.groupId === groupId);
      if (!found) throw new Error(`no group ${groupId} in the snapshot`);
      return found;
    },
    async close() {
      unsubscribe();
      await monitor.stop();
      await sandbox.close().catch(() => undefined); // a test may have closed it already
    },
  };
  return rig;
}

/** Steps until `done` holds, at most `limit` times; returns the summaries seen on the way. */
async function stepUntil(
  rig: Rig,
  groupId: string,
  done: (group: GroupLagSummary) => boolean,
  options: { stepMs?: number; limit?: number } = {},
): Promise<GroupLagSummary[]> {
  const seen: GroupLagSummary[] = [];
  for (let i = 0; i < (options.limit ?? 40); i++) {
    await rig.step(options.stepMs ?? 2000);
    const group = rig.group(groupId);
    seen.push(group);
    if (done(group)) return seen;
  }
  throw new Error(
    `${groupId} never got there; last: ${JSON.stringify(seen.at(-1), ['burrowStatus', 'severity', 'statusReason', 'totalLag', 'trend', 'eta'])}`,
  );
}

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('LagMonitor on the sandbox', () => {
  it('lists every sandbox group with its status, lag as the broker holds it, members and owner service', async () => {
    rig = await startRig();
    for (let i = 0; i < 6; i++) await rig.step(2000);
    const snapshot = rig.monitor.snapshot();

    expect(snapshot.clusters).toEqual([
      expect.objectContaining({
        name: 'flarenet-kafka',
        environment: 'production',
        brokers: [rig.sandbox.kafkaBootstrap],
        state: 'ok',
        error: null,
        lastSuccessAt: rig.clock.now(),
        groupCount: 5,
        commitSource: 'commit-log',
        commitSourceNote: null,
      }),
    ]);
    expect(snapshot.groups.map((g) => g.groupId)).toEqual(sandboxGroups);
    const traffic = rig.sandbox.kafka.traffic!;
    for (const group of snapshot.groups) {
      expect(group.key).toBe(`flarenet-kafka|${group.groupId}`);
      expect(group.ownerService).toBe(group.groupId);
      expect(group.state).toBe('Stable');
      expect(group.memberCount).toBeGreaterThan(0);
      expect(['OK', 'WARN']).toContain(group.burrowStatus);
      expect(group.findings).toEqual([]);
      expect(group.complete).toBe(1);
      expect(group.observedAt).toBe(rig.clock.now());

      // The clock stands still between steps: the console's lag is the broker's, partition by partition.
      const details = rig.monitor.groupDetails('flarenet-kafka', group.groupId);
      const truth = traffic
        .partitionLag(group.groupId)
        .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      expect(
        details.partitions.map((p) => [p.topic, p.partition, p.endOffset, p.committedOffset, p.lag]),
      ).toEqual(truth.map((p) => [p.topic, p.partition, p.endOffset, p.committedOffset, p.lag]));
      expect(group.totalLag).toBe(traffic.totalLag(group.groupId));
      expect(group.memberCount).toBe(details.members.length);
      const assigned = details.members.flatMap((m) =>
        m.assignments.flatMap((a) => a.partitions.map((p) => `${a.topic}/${p}`)),
      );
      expect(assigned.sort()).toEqual(truth.map((p) => `${p.topic}/${p.partition}`).sort());
      for (const partition of details.partitions) {
        const owner = details.members.find((m) =>
          m.assignments.some(
            (a) => a.topic === partition.topic && a.partitions.includes(partition.partition),
          ),
        );
        expect(partition.owner).toEqual({
          memberId: owner!.memberId,
          clientId: owner!.clientId,
          host: owner!.host,
        });
      }
    }

    // What a subscriber rebuilds from the snapshot and the deltas is what the monitor holds.
    const [first, ...rest] = rig.events;
    expect(first?.type).toBe('snapshot');
    let rebuilt = (first as Extract<LagEvent, { type: 'snapshot' }>).snapshot;
    for (const event of rest) {
      expect(event.type).toBe('delta');
      if (event.type === 'delta') rebuilt = applyLagDelta(rebuilt, event.delta);
    }
    expect(rebuilt).toEqual(snapshot);
  });

  it('finds owners as the topology does: config (the topology config too), then flarenet:groups tags, then names', async () => {
    rig = await startRig([], {
      groupOwners: { 'analytics-service': 'user-service' },
      serviceTags: () =>
        new Map<string, Record<string, string>>([
          ['catalog-service', { 'flarenet:groups': 'inventory-service notification-service' }],
          ['order-service', { 'flarenet:domain': 'orders' }],
        ]),
    });
    await rig.step(2000);
    const owners = Object.fromEntries(rig.monitor.snapshot().groups.map((g) => [g.groupId, g.ownerService]));
    expect(owners).toEqual({
      'analytics-service': 'user-service',
      'inventory-service': 'catalog-service',
      'notification-service': 'catalog-service',
      'order-service': 'order-service',
      'payment-service': 'payment-service',
    });
  });

  it('shows a partition without a commit as null, never as 0', async () => {
    rig = await startRig();
    // An offsets-only group, as a tool resetting offsets leaves behind: one commit, no members, no protocol.
    rig.sandbox.kafka.broker.coordinator.commitOffsets('user-service-audit', '', -1, [
      { topic: 'user-events', partition: 0, offset: 5, leaderEpoch: 0, metadata: '' },
    ]);
    await rig.step(2000);

    const details = rig.monitor.groupDetails('flarenet-kafka', 'user-service-audit');
    expect(details.group.ownerService).toBe('user-service');
    expect(details.group.memberCount).toBe(0);
    expect(details.group.partitionsWithoutCommit).toBe(2);
    expect(details.partitions.map((p) => [p.partition, p.committedOffset, p.lag === null])).toEqual([
      [0, 5, false],
      [1, null, true],
      [2, null, true],
    ]);
    const end = details.partitions[0]!.endOffset!;
    expect(details.group.totalLag).toBe(end - 5);
    expect(details.group.maxLag).toEqual({ topic: 'user-events', partition: 0, lag: end - 5 });
    expect(JSON.stringify(details.partitions)).not.toContain('NaN');
  });

  it('a consumer that stalls (re-commits the same offsets) reaches STALL, reported as ERR for the group', async () => {
    rig = await startRig();
    for (let i = 0; i < 5; i++) await rig.step(2000);
    expect(rig.group('notification-service').burrowStatus).toBe('OK');

    await rig.sandbox.runScenario({ kind: 'consumer', group: 'notification-service', behaviour: 'stall' });
    // Five commits of one offset, with messages waiting: well inside 40 s.
    const seen = await stepUntil(rig, 'notification-service', (g) => g.burrowStatus === 'ERR', { limit: 20 });
    const group = seen.at(-1)!;
    expect(group.severity).toBe('error');
    expect(group.worstPartition?.burrowStatus).toBe('STALL');
    expect(group.burrowReason).toMatch(
      /^(notification-send|order-completed)\/\d stalled: commits continue but offset [\d\u202f]+ has not moved for \d+ (?:s|min(?: \d+ s)?) while/,
    );
    const details = rig.monitor.groupDetails('flarenet-kafka', 'notification-service');
    expect(details.partitions.some((p) => p.burrowStatus === 'STALL')).toBe(true);
    expect(details.partitions.every((p) => p.committedOffset !== null && p.owner !== null)).toBe(true);
    // The others carry on.
    expect(rig.group('order-service').severity).toBe('ok');
  });

  it('judges with the commit log read to within a refresh, as Burrow does, when it never waits to read it to the end', async () => {
    // No wait at all: each refresh finds commits written since it asked still unread, as on a
    // cluster where thousands of groups commit every second.
    rig = await startRig([], { commitLog: { waitMs: 0 } });
    for (let i = 0; i < 5; i++) await rig.step(2000);
    await rig.sandbox.runScenario({ kind: 'consumer', group: 'notification-service', behaviour: 'stall' });
    const seen = await stepUntil(rig, 'notification-service', (g) => g.burrowStatus === 'ERR', { limit: 20 });
    expect(seen.at(-1)!.worstPartition?.burrowStatus).toBe('STALL');
    expect(rig.monitor.snapshot().clusters[0]).toMatchObject({
      commitSource: 'commit-log',
      commitSourceNote: null,
    });
  });

  it('a group whose consumers are gone: "no consumer assigned" at once, then Burrow\'s STOP once commits have been missing for a window', async () => {
    rig = await startRig();
    for (let i = 0; i < 5; i++) await rig.step(2000);
    const ecs = new ECSClient({
      endpoint: rig.sandbox.ecsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    });
    try {
      await ecs.send(
        new UpdateServiceCommand({
          cluster: 'flarenet-production',
          service: 'analytics-service',
          desiredCount: 0,
        }),
      );
    } finally {
      ecs.destroy();
    }
    const unassigned = await stepUntil(rig, 'analytics-service', (g) => g.findings.length > 0, { limit: 20 });
    expect(unassigned.at(-1)).toMatchObject({
      memberCount: 0,
      state: 'Empty',
      severity: 'error',
      findings: [expect.objectContaining({ kind: 'no-consumer-assigned', severity: 'error' })],
    });
    const stopped = await stepUntil(rig, 'analytics-service', (g) => g.burrowStatus === 'ERR', { limit: 20 });
    expect(stopped.at(-1)!.worstPartition?.burrowStatus).toBe('STOP');
    expect(stopped.at(-1)!.burrowReason).toMatch(
      /stopped: no commit for \d+ s, longer than the window's \d+ s/,
    );
  });

  it('reads the sandbox\'s "stop" behaviour, its consumers gone from the group, as STOP by Burrow\'s rules', async () => {
    rig = await startRig();
    for (let i = 0; i < 5; i++) await rig.step(2000);
    expect(rig.group('analytics-service').severity).toBe('ok');
    await rig.sandbox.runScenario({ kind: 'consumer', group: 'analytics-service', behaviour: 'stop' });
    const seen = await stepUntil(rig, 'analytics-service', (g) => g.burrowStatus === 'ERR', { limit: 20 });
    const group = seen.at(-1)!;
    expect(group).toMatchObject({ memberCount: 0, state: 'Empty', severity: 'error' });
    expect(group.worstPartition?.burrowStatus).toBe('STOP');
    expect(group.findings.map((f) => f.kind)).toContain('no-consumer-assigned');
    const details = rig.monitor.groupDetails('flarenet-kafka', 'analytics-service');
    expect(details.members).toEqual([]);
    expect(details.partitions.every((p) => p.owner === null && p.committedOffset !== null)).toBe(true);
    expect(details.partitions.some((p) => p.burrowStatus === 'STOP')).toBe(true);
    expect(
      details.partitions.filter((p) => p.lag! > 0).every((p) => p.findings.includes('no-consumer-assigned')),
    ).toBe(true);
  });

  it('without the commit log, judges polled offsets: a stalled consumer cannot be told from a stopped one', async () => {
    rig = await startRig([], { commitLog: { enabled: false } });
    for (let i = 0; i < 5; i++) await rig.step(2000);
    expect(rig.monitor.snapshot().clusters[0]).toMatchObject({
      commitSource: 'offset-polls',
      commitSourceNote: 'reading __consumer_offsets is turned off',
    });
    await rig.sandbox.runScenario({ kind: 'consumer', group: 'notification-service', behaviour: 'stall' });
    // A re-commit of the same offset is invisible to a poll: the window of moves stops moving,
    // and Burrow's rules on it read STOP, with the console's finding beside it.
    const seen = await stepUntil(rig, 'notification-service', (g) => g.burrowStatus === 'ERR', { limit: 30 });
    const group = seen.at(-1)!;
    expect(group.worstPartition?.burrowStatus).toBe('STOP');
    expect(group.memberCount).toBeGreaterThan(0);
  });

  it('sees a bad deploy of payment-service (circuit breaker off) as rising lag, and a good deploy drain it', async () => {
    rig = await startRig();
    for (let i = 0; i < 5; i++) await rig.step(2000);
    const before = rig.group('payment-service');
    expect(before.severity).toBe('ok');

    await rig.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    const rising = await stepUntil(
      rig,
      'payment-service',
      (g) =>
        (g.severity === 'warn' || g.severity === 'error') &&
        g.trend === 'growing' &&
        g.totalLag > before.totalLag + 100,
      { limit: 60 },
    );
    const worst = rising.at(-1)!;
    expect(worst.totalLag).toBeGreaterThan(before.totalLag);
    const lags = rising.slice(-5).map((g) => g.totalLag);
    expect(lags).toEqual([...lags].sort((a, b) => a - b));
    expect(worst.eta.kind === 'never' || worst.eta.kind === 'unknown').toBe(true);

    await rig.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    const draining = await stepUntil(rig, 'payment-service', (g) => g.eta.kind === 'eta', { limit: 60 });
    const withEta = draining.at(-1)!;
    expect(withEta.eta).toEqual({ kind: 'eta', seconds: expect.any(Number) as number });
    const peak = Math.max(...[...rising, ...draining].map((g) => g.totalLag));
    const drained = await stepUntil(rig, 'payment-service', (g) => g.totalLag < peak / 4, { limit: 60 });
    expect(drained.at(-1)!.totalLag).toBeLessThan(peak / 4);
    expect(drained.at(-1)!.trend).toBe('draining');
  });
});

describe('LagMonitor when a broker is unreachable', () => {
  it('marks that cluster error, with the reason in words, while the sandbox cluster stays ok', async () => {
    const broken: KafkaClusterConfig = { name: 'broken', environment: 'staging', brokers: ['127.0.0.1:1'] };
    rig = await startRig([broken]);
    await rig.step(2000);
    const [sandboxCluster, brokenCluster] = rig.monitor.snapshot().clusters;
    expect(sandboxCluster).toMatchObject({ name: 'flarenet-kafka', state: 'ok', groupCount: 5 });
    expect(brokenCluster).toMatchObject({
      name: 'broken',
      environment: 'staging',
      state: 'error',
      lastSuccessAt: null,
      groupCount: 0,
      error: {
        code: 'UNAVAILABLE',
        message: 'Cannot reach the Kafka cluster broken (127.0.0.1:1) (ECONNREFUSED)',
      },
    });
    expect(() => rig!.monitor.groupDetails('broken', 'payment-service')).toThrow(
      /has not been read yet: Cannot reach/,
    );
    expect(() => rig!.monitor.groupDetails('nowhere', 'payment-service')).toThrow(
      /does not watch a Kafka cluster named nowhere/,
    );
  });

  it('keeps the last values of a cluster that goes away, marks it stale, and backs off with jitter', async () => {
    rig = await startRig([], { refreshIntervalMs: 1000, random: () => 1 });
    const { monitor, clock } = rig;
    await rig.step(2000);
    const seenAt = clock.now();
    const groupsBefore = monitor.snapshot().groups;
    expect(groupsBefore).toHaveLength(5);

    await rig.sandbox.close();
    const intervals: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(5000);
      await monitor.refresh();
      intervals.push(monitor.snapshot().clusters[0]!.refreshIntervalMs);
    }
    const [cluster] = monitor.snapshot().clusters;
    expect(cluster).toMatchObject({ state: 'stale', lastSuccessAt: seenAt, groupCount: 5 });
    expect(cluster!.error?.code).toBe('UNAVAILABLE');
    expect(cluster!.error?.message).toMatch(
      /^Cannot reach the Kafka cluster flarenet-kafka \(127\.0\.0\.1:\d+\)/,
    );
    expect(monitor.snapshot().groups).toEqual(groupsBefore);
    expect(monitor.groupDetails('flarenet-kafka', 'payment-service').group).toEqual(
      groupsBefore.find((g) => g.groupId === 'payment-service'),
    );
    // Exponential from the refresh interval (the jitter draw pinned at its top).
    expect(intervals).toEqual([2000, 4000, 8000]);
  });

  it('stop() disconnects every client and leaves no timer behind', async () => {
    const timers = new Set<unknown>();
    rig = await startRig([{ name: 'broken', brokers: ['127.0.0.1:1'] }], {
      refreshIntervalMs: 1000,
      setTimer: (callback, ms) => {
        const handle = setTimeout(() => {
          timers.delete(handle);
          callback();
        }, ms);
        timers.add(handle);
        return handle;
      },
      clearTimer: (handle) => {
        timers.delete(handle);
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    });
    const { monitor, sandbox } = rig;
    const refreshed = Promise.all([
      monitor.nextRefresh((s) => s.name === 'flarenet-kafka' && s.state === 'ok'),
      monitor.nextRefresh((s) => s.name === 'broken' && s.state === 'error'),
    ]);
    monitor.start();
    await refreshed;
    expect(sandbox.kafka.broker.openConnections).toBeGreaterThan(0);
    expect(timers.size).toBe(2);

    const eventsBefore = rig.events.length;
    await monitor.stop();
    expect(timers.size).toBe(0);
    await waitFor(() => sandbox.kafka.broker.openConnections === 0);
    await monitor.refresh();
    expect(rig.events).toHaveLength(eventsBefore);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
