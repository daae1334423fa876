import { afterEach, describe, expect, it } from 'vitest';
import {
  kafkaApiKey,
  kafkaErrorCode,
  startKafkaRefusingProxy,
  type KafkaRefusingProxy,
  type KafkaRefusingProxyOptions,
} from '../../testing/kafkaRefusingProxy';
import { startKafkaTestSandbox, type Sandbox } from '../../testing/sandboxTestHarness';
import type { GroupLagSummary, LagSnapshot } from '../../../shared/kafka/kafkaModel';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { LagMonitor } from './lagMonitor';

/**
 * The lag reader against brokers that do not answer everything: through a protocol proxy in
 * front of the sandbox broker that refuses requests as ACLs do, leaves APIs out as some
 * brokers and proxies do, or answers "all of this group's offsets" with nothing, as
 * librdkafka's mock cluster does. The sandbox runs on a manual clock, so its offsets stand
 * still while the console reads them and the broker's own figures are the truth to compare.
 */

const fleetServices = ['order-service', 'inventory-service', 'payment-service', 'notification-service'];

interface Rig {
  sandbox: Sandbox;
  proxy: KafkaRefusingProxy;
  /** Reads the cluster behind the proxy once and returns the snapshot. */
  read(cluster?: Partial<KafkaClusterConfig>): Promise<LagSnapshot>;
  /** The partitions of a group as the sandbox broker holds them: topic/partition, end, committed, lag. */
  truth(groupId: string): Array<[string, number, number | null, number | null]>;
  close(): Promise<void>;
}

const monitors: LagMonitor[] = [];
let rig: Rig | null = null;
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((monitor) => monitor.stop()));
  await rig?.close();
  rig = null;
});

async function startRig(proxyOptions: Omit<KafkaRefusingProxyOptions, 'upstream'>): Promise<Rig> {
  const { sandbox, clock } = await startKafkaTestSandbox({ trafficMs: 10_000 });
  const proxy = await startKafkaRefusingProxy({ upstream: sandbox.kafkaBootstrap, ...proxyOptions });
  return {
    sandbox,
    proxy,
    async read(cluster = {}) {
      const monitor = new LagMonitor({
        clusters: [{ name: 'restricted', brokers: [proxy.bootstrap], ...cluster }],
        knownServices: () => fleetServices,
        now: () => clock.now(),
        connection: { retries: 0, requestTimeoutMs: 5000 },
      });
      monitors.push(monitor);
      await monitor.refresh();
      return monitor.snapshot();
    },
    truth(groupId) {
      return sandbox.kafka
        .traffic!.partitionLag(groupId)
        .map((p): [string, number, number | null, number | null] => [
          `${p.topic}/${p.partition}`,
          p.endOffset,
          p.committedOffset,
          p.lag,
        ])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    },
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
}

function partitionsOf(monitor: LagMonitor, groupId: string) {
  return monitor
    .groupDetails('restricted', groupId)
    .partitions.map((p) => [`${p.topic}/${p.partition}`, p.endOffset, p.committedOffset, p.lag]);
}

function groupOf(snapshot: LagSnapshot, groupId: string): GroupLagSummary {
  const group = snapshot.groups.find((g) => g.groupId === groupId);
  if (!group) throw new Error(`no group ${groupId} in ${snapshot.groups.map((g) => g.groupId).join(', ')}`);
  return group;
}

describe('a broker that lists no committed offsets when asked for all of a group’s', () => {
  it('asks topic by topic, from the members’ assignments, and reads the broker’s lag rather than 0', async () => {
    rig = await startRig({ emptyOffsetFetchForAllTopics: true });
    const snapshot = await rig.read();
    expect(snapshot.clusters[0]).toMatchObject({ state: 'ok', error: null });
    expect(snapshot.groups.map((g) => g.groupId)).toEqual([
      'analytics-service',
      'inventory-service',
      'notification-service',
      'order-service',
      'payment-service',
    ]);
    const monitor = monitors[0]!;
    for (const group of snapshot.groups) {
      expect(partitionsOf(monitor, group.groupId)).toEqual(rig.truth(group.groupId));
      expect(group.totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(group.groupId));
      expect(group.partitionsWithoutCommit).toBe(0);
      expect(group.lagUnknown).toBeNull();
    }
    expect(snapshot.clusters[0]!.warnings).toEqual([]);
    expect(snapshot.groups.some((g) => g.totalLag > 0)).toBe(true);
    // The proxy answered the whole-group requests with nothing; the per-topic ones reached the broker.
    const offsetFetches = rig.proxy.requests.filter((r) => r.apiKey === kafkaApiKey.offsetFetch);
    expect(offsetFetches.some((r) => r.offsetFetchTopics === null && r.answeredBy === 'proxy')).toBe(true);
    expect(offsetFetches.some((r) => r.offsetFetchTopics?.includes('payment-process'))).toBe(true);
  });

  it('shows a group whose topics nothing names as UNKNOWN with the reason, and reads it once they are configured', async () => {
    rig = await startRig({ emptyOffsetFetchForAllTopics: true });
    // A group that only commits (a replay tool, offsets set by hand): no members, no assignment.
    rig.sandbox.kafka.broker.coordinator.commitOffsets('payment-replay', '', -1, [
      { topic: 'payment-process', partition: 0, offset: 1, leaderEpoch: 0, metadata: '' },
    ]);

    const unknown = groupOf(await rig.read(), 'payment-replay');
    expect(unknown).toMatchObject({ burrowStatus: 'NOTFOUND', severity: 'unknown' });
    expect(unknown.lagUnknown).toEqual({
      code: 'NOT_FOUND',
      message: expect.stringContaining('the broker listed no committed offsets for the group') as string,
    });
    expect(unknown.statusReason).toMatch(/^lag unknown: the broker listed no committed offsets/);
    expect(unknown.partitionCount).toBe(0);

    const configured = await rig.read({ groups: [{ id: 'payment-replay', topics: ['payment-process'] }] });
    const known = groupOf(configured, 'payment-replay');
    expect(known.lagUnknown).toBeNull();
    const partitions = monitors[1]!.groupDetails('restricted', 'payment-replay').partitions;
    const end = rig.truth('payment-service').find(([name]) => name === 'payment-process/0')![1];
    expect(partitions.find((p) => p.partition === 0)).toMatchObject({ committedOffset: 1, lag: end - 1 });
    expect(partitions.filter((p) => p.partition !== 0).every((p) => p.committedOffset === null)).toBe(true);
    expect(known.totalLag).toBe(end - 1);
  });
});

describe('a broker whose ACLs deny ListGroups and DescribeGroups', () => {
  const refuse = {
    [kafkaApiKey.listGroups]: { answer: 'error', errorCode: kafkaErrorCode.clusterAuthorizationFailed },
    [kafkaApiKey.describeGroups]: { answer: 'error', errorCode: kafkaErrorCode.groupAuthorizationFailed },
  } as const;

  it('reads the named groups from OffsetFetch and ListOffsets alone, members unknown, and says what was denied', async () => {
    rig = await startRig({ refuse });
    const snapshot = await rig.read({ groups: ['payment-service', 'inventory-service'] });
    const [cluster] = snapshot.clusters;
    expect(cluster).toMatchObject({ state: 'ok', error: null, groupCount: 2 });
    expect(cluster!.warnings).toEqual([
      {
        code: 'KAFKA_ACCESS_DENIED',
        message: `The Kafka cluster restricted (${rig.proxy.bootstrap}) denied ListGroups to the console (CLUSTER_AUTHORIZATION_FAILED): only the named groups are read`,
      },
    ]);
    expect(snapshot.groups.map((g) => g.groupId)).toEqual(['inventory-service', 'payment-service']);
    for (const group of snapshot.groups) {
      expect(group.memberCount).toBeNull();
      expect(group.state).toBe('Unknown');
      expect(group.membersUnknown).toEqual({
        code: 'KAFKA_ACCESS_DENIED',
        message: 'The broker denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
      });
      expect(group.statusReason).toContain('members unknown: The broker denied DescribeGroups');
      expect(group.lagUnknown).toBeNull();
      expect(partitionsOf(monitors[0]!, group.groupId)).toEqual(rig.truth(group.groupId));
      expect(group.totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(group.groupId));
      expect(group.ownerService).toBe(group.groupId);
      expect(monitors[0]!.groupDetails('restricted', group.groupId).members).toEqual([]);
    }
  });

  it('fails a cluster with no named groups as KAFKA_ACCESS_DENIED, naming ListGroups and the way on', async () => {
    rig = await startRig({ refuse });
    const [cluster] = (await rig.read()).clusters;
    expect(cluster).toMatchObject({ state: 'error', groupCount: 0 });
    expect(cluster!.error?.code).toBe('KAFKA_ACCESS_DENIED');
    expect(cluster!.error?.message).toContain(
      'denied ListGroups to the console (CLUSTER_AUTHORIZATION_FAILED)',
    );
    expect(cluster!.error?.message).toContain('"groups" config');
  });
});

describe('a broker whose ACLs deny OffsetFetch', () => {
  it('shows every group as UNKNOWN with the reason, never OK, its members still read', async () => {
    rig = await startRig({
      refuse: {
        [kafkaApiKey.offsetFetch]: { answer: 'error', errorCode: kafkaErrorCode.groupAuthorizationFailed },
      },
    });
    const snapshot = await rig.read();
    expect(snapshot.clusters[0]).toMatchObject({ state: 'ok', error: null });
    expect(snapshot.groups).toHaveLength(5);
    for (const group of snapshot.groups) {
      expect(group).toMatchObject({ burrowStatus: 'NOTFOUND', severity: 'unknown' });
      expect(group.memberCount).toBeGreaterThan(0);
      expect(group.lagUnknown).toEqual({
        code: 'KAFKA_ACCESS_DENIED',
        message: 'The broker denied OffsetFetch to the console (GROUP_AUTHORIZATION_FAILED)',
      });
      expect(group.statusReason).toBe(
        'lag unknown: The broker denied OffsetFetch to the console (GROUP_AUTHORIZATION_FAILED)',
      );
    }
  });
});

describe('a broker without ListGroups and DescribeGroups', () => {
  const refuse = {
    [kafkaApiKey.listGroups]: { answer: 'unsupported' },
    [kafkaApiKey.describeGroups]: { answer: 'unsupported' },
  } as const;

  it('reads the named groups without them, and names each missing API', async () => {
    rig = await startRig({ refuse });
    const snapshot = await rig.read({ groups: ['order-service'] });
    const [cluster] = snapshot.clusters;
    expect(cluster).toMatchObject({ state: 'ok', error: null });
    expect(cluster!.warnings).toEqual([
      {
        code: 'KAFKA_API_UNSUPPORTED',
        message: `The Kafka cluster restricted (${rig.proxy.bootstrap}) does not support ListGroups (API key 16): only the named groups are read`,
      },
    ]);
    const group = groupOf(snapshot, 'order-service');
    expect(group.memberCount).toBeNull();
    expect(group.membersUnknown).toEqual({
      code: 'KAFKA_API_UNSUPPORTED',
      message: 'The broker does not support DescribeGroups (API key 15)',
    });
    expect(partitionsOf(monitors[0]!, 'order-service')).toEqual(rig.truth('order-service'));
    // kafkajs never sent what the broker did not offer.
    expect(
      rig.proxy.requests.filter(
        (r) => r.apiKey === kafkaApiKey.listGroups || r.apiKey === kafkaApiKey.describeGroups,
      ),
    ).toEqual([]);
  });

  it('fails a cluster with no named groups as KAFKA_API_UNSUPPORTED, naming ListGroups', async () => {
    rig = await startRig({ refuse });
    const [cluster] = (await rig.read()).clusters;
    expect(cluster).toMatchObject({ state: 'error' });
    expect(cluster!.error?.code).toBe('KAFKA_API_UNSUPPORTED');
    expect(cluster!.error?.message).toContain('does not support ListGroups (API key 16)');
  });
});
