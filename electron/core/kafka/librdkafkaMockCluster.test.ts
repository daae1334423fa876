import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findMockClusterPython,
  startMockCluster,
  type MockCluster,
} from '../../testing/librdkafkaMockCluster';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { LagMonitor } from './lagMonitor';

/**
 * The lag reader against librdkafka's mock cluster: a broker of another implementation that
 * answers "all of this group's offsets" with nothing and has neither ListGroups nor
 * DescribeGroups. The sandbox and its refusing proxy are the main check; this one is skipped
 * where python3-confluent-kafka is not installed.
 */

const python = findMockClusterPython();
const title =
  'missing' in python
    ? `librdkafka's mock cluster (skipped: ${python.missing})`
    : "librdkafka's mock cluster";

describe.skipIf('missing' in python)(title, () => {
  let mock: MockCluster;
  const monitors: LagMonitor[] = [];

  beforeAll(async () => {
    if ('python' in python) mock = await startMockCluster(python.python);
  });
  afterAll(async () => {
    await Promise.all(monitors.map((monitor) => monitor.stop()));
    await mock?.close();
  });

  async function read(cluster: Partial<KafkaClusterConfig> = {}) {
    const monitor = new LagMonitor({
      clusters: [{ name: 'mock', brokers: [mock.report.bootstrap], ...cluster }],
      connection: { retries: 0 },
    });
    monitors.push(monitor);
    await monitor.refresh();
    return { monitor, snapshot: monitor.snapshot() };
  }

  it('names ListGroups as the API it lacks when no group is named', async () => {
    const { snapshot } = await read();
    expect(snapshot.clusters[0]).toMatchObject({
      state: 'error',
      error: { code: 'KAFKA_API_UNSUPPORTED' },
    });
    expect(snapshot.clusters[0]!.error!.message).toContain('does not support ListGroups (API key 16)');
  });

  it('shows a named group whose topics nothing names as UNKNOWN with the reason, never OK with lag 0', async () => {
    const { snapshot } = await read({ groups: [mock.report.group] });
    const [group] = snapshot.groups;
    expect(group).toMatchObject({
      groupId: mock.report.group,
      burrowStatus: 'NOTFOUND',
      severity: 'unknown',
      memberCount: null,
      membersUnknown: { code: 'KAFKA_API_UNSUPPORTED' },
      lagUnknown: { code: 'NOT_FOUND' },
    });
    expect(group!.statusReason).toMatch(/^lag unknown: the broker listed no committed offsets/);
  });

  it('reads a named group with its topic configured, partition by partition, as the mock holds it', async () => {
    const { report } = mock;
    const { monitor, snapshot } = await read({ groups: [{ id: report.group, topics: [report.topic] }] });
    const group = snapshot.groups[0]!;
    expect(group.lagUnknown).toBeNull();
    const partitions = monitor.groupDetails('mock', report.group).partitions;
    expect(partitions.map((p) => [p.partition, p.endOffset, p.committedOffset, p.lag])).toEqual(
      report.partitions.map((p) => [
        p.partition,
        p.end,
        p.committed,
        p.committed === null ? null : p.end - p.committed,
      ]),
    );
    expect(group.totalLag).toBe(
      report.partitions.reduce((sum, p) => sum + (p.committed === null ? 0 : p.end - p.committed), 0),
    );
  });
});
