import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';
import { isHealthy, isRunning } from '../taskLifecycle';
import {
  consumerOffsetsPartitionFor,
  decodeConsumerOffsetsKey,
  decodeOffsetCommitValue,
} from './consumerOffsetsRecords';
import { decodeRecordBatches } from './recordBatch';

const opened: Sandbox[] = [];

async function sandboxOnManualClock(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ clock: new ManualClock(), seed: 42, lively: false, ...options });
  opened.push(sandbox);
  return sandbox;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

interface CommitRecord {
  at: number;
  topic: string;
  partition: number;
  offset: number;
}

/** The group's commits as `__consumer_offsets` holds them, oldest first. */
function commitsOf(sandbox: Sandbox, groupId: string): CommitRecord[] {
  const log = sandbox.kafka.broker.log.partition(
    '__consumer_offsets',
    consumerOffsetsPartitionFor(groupId, 50),
  )!;
  return log
    .read(log.logStartOffset, Number.MAX_SAFE_INTEGER)
    .flatMap((bytes) => decodeRecordBatches(bytes))
    .flatMap((batch) => batch.records)
    .flatMap((record) => {
      const key = decodeConsumerOffsetsKey(record.key!);
      if (key.group !== groupId || !('topic' in key) || record.value === null) return [];
      return [
        {
          at: record.timestamp,
          topic: key.topic,
          partition: key.partition,
          offset: decodeOffsetCommitValue(record.value).offset,
        },
      ];
    });
}

const traffic = (sandbox: Sandbox) => sandbox.kafka.traffic!;
const groupState = (sandbox: Sandbox, groupId: string) =>
  sandbox.kafka.broker.coordinator.describeGroup(groupId);
const endOffsets = (sandbox: Sandbox, topic: string) =>
  sandbox.kafka.broker.log.topic(topic)!.partitions.reduce((sum, partition) => sum + partition.endOffset, 0);

describe('the platform’s Kafka traffic', () => {
  it('has one member per healthy task in each group, commits every second and keeps lag low', async () => {
    const sandbox = await sandboxOnManualClock();
    sandbox.advance(60_000);
    const production = sandbox.simulation.findCluster('flarenet-production')!;
    for (const groupId of traffic(sandbox).groupIds()) {
      const group = groupState(sandbox, groupId);
      expect(group.state, groupId).toBe('Stable');
      const tasks = production.services.get(groupId)!.tasks.filter(isHealthy);
      expect(group.members.map((member) => member.clientId).sort()).toEqual(
        tasks.map((task) => `${groupId}-${task.id}`).sort(),
      );
      expect(traffic(sandbox).totalLag(groupId), groupId).toBeLessThan(25);
    }
    const before = commitsOf(sandbox, 'payment-service').length;
    const producedBefore = endOffsets(sandbox, 'payment-process');
    sandbox.advance(10_000);
    // Three members commit one partition each, every second.
    expect(commitsOf(sandbox, 'payment-service').length - before).toBeGreaterThanOrEqual(27);
    expect(endOffsets(sandbox, 'payment-process') - producedBefore).toBeGreaterThan(15);
  });

  it("shows each member's task address as its client host", async () => {
    const sandbox = await sandboxOnManualClock();
    sandbox.advance(5_000);
    const tasks = sandbox.simulation.findCluster('flarenet-production')!.services.get('order-service')!.tasks;
    const members = groupState(sandbox, 'order-service').members;
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) {
      const task = tasks.find((candidate) => member.clientId === `order-service-${candidate.id}`)!;
      const address = task.task.attachments![0]!.details!.find(
        (detail) => detail.name === 'privateIPv4Address',
      )!;
      expect(member.clientHost).toBe(`/${address.value}`);
    }
  });

  it('storms the group of a crash-looping deploy with the circuit breaker off, and drains after a good deploy', async () => {
    const sandbox = await sandboxOnManualClock();
    sandbox.advance(20_000);
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    const lagAtStart = traffic(sandbox).totalLag('payment-service');
    const producedAtStart = endOffsets(sandbox, 'payment-process');
    let rebalancing = 0;
    for (let second = 0; second < 90; second++) {
      sandbox.advance(1_000);
      if (groupState(sandbox, 'payment-service').state !== 'Stable') rebalancing++;
    }
    expect(rebalancing).toBeGreaterThan(70);
    const produced = endOffsets(sandbox, 'payment-process') - producedAtStart;
    const lagAfterStorm = traffic(sandbox).totalLag('payment-service');
    expect(lagAfterStorm - lagAtStart).toBeGreaterThan(produced * 0.6);
    // Other groups are untouched.
    expect(groupState(sandbox, 'inventory-service').state).toBe('Stable');
    expect(traffic(sandbox).totalLag('inventory-service')).toBeLessThan(25);
    // Without a breaker the deployment never fails: it keeps launching tasks that fail.
    const service = sandbox.simulation.findCluster('flarenet-production')!.services.get('payment-service')!;
    expect(service.deployments[0]!.deployment.rolloutState).toBe('IN_PROGRESS');
    expect(service.deployments[0]!.deployment.failedTasks).toBeGreaterThan(10);

    await sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    sandbox.advance(60_000);
    expect(groupState(sandbox, 'payment-service').state).toBe('Stable');
    expect(groupState(sandbox, 'payment-service').members).toHaveLength(3);
    sandbox.advance(120_000);
    expect(traffic(sandbox).totalLag('payment-service')).toBeLessThan(Math.max(15, lagAfterStorm * 0.1));
  });

  it('stalls, stops, rewinds and recovers a group on request', async () => {
    const sandbox = await sandboxOnManualClock();
    sandbox.advance(30_000);
    const lagOf = () => traffic(sandbox).totalLag('order-service');
    const committedNow = () =>
      traffic(sandbox)
        .partitionLag('order-service')
        .map((p) => p.committedOffset);

    await sandbox.runScenario({ kind: 'consumer', group: 'order-service', behaviour: 'stall' });
    sandbox.advance(2_000);
    const stalledAt = committedNow();
    const commitsBeforeStall = commitsOf(sandbox, 'order-service').length;
    sandbox.advance(15_000);
    expect(committedNow()).toEqual(stalledAt);
    expect(commitsOf(sandbox, 'order-service').length - commitsBeforeStall).toBeGreaterThanOrEqual(40);
    expect(lagOf()).toBeGreaterThan(50);

    // Stopped, the consumers leave: the group is Empty, nobody owns its partitions, nothing is committed.
    const { summary } = await sandbox.runScenario({
      kind: 'consumer',
      group: 'order-service',
      behaviour: 'stop',
    });
    expect(summary).toMatch(/order-service stops: its consumers leave the group/);
    const commitsBeforeStop = commitsOf(sandbox, 'order-service').length;
    sandbox.advance(1_000);
    expect(groupState(sandbox, 'order-service')).toMatchObject({ state: 'Empty', members: [] });
    const lagWhenStopped = lagOf();
    sandbox.advance(15_000);
    expect(groupState(sandbox, 'order-service')).toMatchObject({ state: 'Empty', members: [] });
    expect(commitsOf(sandbox, 'order-service').length).toBe(commitsBeforeStop);
    expect(lagOf()).toBeGreaterThan(lagWhenStopped);
    expect(
      traffic(sandbox)
        .groupIds()
        .filter((id) => groupState(sandbox, id).state !== 'Stable'),
    ).toEqual(['order-service']);

    // Told to carry on, every task joins again and works through the backlog from the committed offsets.
    await sandbox.runScenario({ kind: 'consumer', group: 'order-service', behaviour: 'normal' });
    sandbox.advance(5_000);
    const tasks = sandbox.simulation
      .findCluster('flarenet-production')!
      .services.get('order-service')!
      .tasks.filter(isHealthy);
    expect(groupState(sandbox, 'order-service').state).toBe('Stable');
    expect(groupState(sandbox, 'order-service').members).toHaveLength(tasks.length);
    sandbox.advance(60_000);
    expect(lagOf()).toBeLessThan(25);

    const beforeRewind = commitsOf(sandbox, 'order-service').length;
    await sandbox.runScenario({ kind: 'consumer', group: 'order-service', behaviour: 'rewind' });
    sandbox.advance(1_000);
    const commits = commitsOf(sandbox, 'order-service');
    const rewound = commits.slice(beforeRewind).some((commit) => {
      const previous = commits
        .slice(0, beforeRewind)
        .filter((earlier) => earlier.topic === commit.topic && earlier.partition === commit.partition)
        .at(-1);
      return previous !== undefined && commit.offset < previous.offset;
    });
    expect(rewound).toBe(true);
    expect(lagOf()).toBeGreaterThan(50);
    expect(traffic(sandbox).behaviourOf('order-service')).toBe('rewind');
  });

  it('stops a group that is still joining, or storming, all the same', async () => {
    const sandbox = await sandboxOnManualClock();
    // Before its first generation: the members are waiting for their join.
    await sandbox.runScenario({ kind: 'consumer', group: 'order-service', behaviour: 'stop' });
    sandbox.advance(1_000);
    expect(groupState(sandbox, 'order-service')).toMatchObject({ state: 'Empty', members: [] });

    sandbox.advance(20_000);
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    sandbox.advance(15_000);
    expect(groupState(sandbox, 'payment-service').state).toBe('PreparingRebalance');
    await sandbox.runScenario({ kind: 'consumer', group: 'payment-service', behaviour: 'stop' });
    sandbox.advance(1_000);
    // Every live task has left; crashed tasks never say goodbye, so theirs wait for their session to end.
    const live = new Set(
      sandbox.simulation
        .findCluster('flarenet-production')!
        .services.get('payment-service')!
        .tasks.filter((task) => isRunning(task) && task.verdict !== 'failed')
        .map((task) => `payment-service-${task.id}`),
    );
    const lingering = groupState(sandbox, 'payment-service').members;
    expect(lingering.length).toBeGreaterThan(0);
    expect(lingering.filter((member) => live.has(member.clientId))).toEqual([]);
    sandbox.advance(12_000);
    expect(groupState(sandbox, 'payment-service')).toMatchObject({ state: 'Empty', members: [] });
  });

  it('says which groups exist when asked about one it does not simulate', async () => {
    const sandbox = await sandboxOnManualClock();
    await expect(
      sandbox.runScenario({ kind: 'consumer', group: 'billing', behaviour: 'stall' }),
    ).rejects.toThrow(
      /"billing" is not one of the sandbox's consumer groups\. They are: order-service, inventory-service, payment-service/,
    );
  });

  it('repeats the same traffic for the same seed and advances', async () => {
    const [a, b] = await Promise.all([sandboxOnManualClock({ seed: 9 }), sandboxOnManualClock({ seed: 9 })]);
    for (const sandbox of [a, b]) sandbox.advance(20_000);
    const fingerprint = (sandbox: Sandbox) =>
      sandbox.kafka.broker.log
        .topics()
        .map((topic) => topic.partitions.map((p) => [p.endOffset, p.sizeInBytes]));
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(commitsOf(a, 'analytics-service')).toEqual(commitsOf(b, 'analytics-service'));
  });

  it('scales topics, partitions and groups for benchmarks', async () => {
    const sandbox = await sandboxOnManualClock({ kafka: { topics: 12, partitionsPerTopic: 6, groups: 9 } });
    sandbox.advance(5_000);
    const topics = sandbox.kafka.broker.log.topics().filter((topic) => !topic.internal);
    expect(topics).toHaveLength(12);
    expect(topics.every((topic) => topic.partitions.length === 6)).toBe(true);
    expect(topics.map((topic) => topic.name)).toContain('bench-events-4');
    expect(traffic(sandbox).groupIds()).toHaveLength(9);
    for (const groupId of traffic(sandbox).groupIds())
      expect(groupState(sandbox, groupId).state, groupId).toBe('Stable');
    expect(endOffsets(sandbox, 'bench-events-4')).toBeGreaterThan(0);
  });
});
