import { sortServices } from '../fleet/fleetDelta';
import type { ClusterStatus, FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import type { GroupLagSummary, KafkaClusterStatus, LagSnapshot } from '../kafka/kafkaModel';
import { sortLagGroups } from '../kafka/lagDelta';

/**
 * Fleets and consumer lag as the live collections hold them, for the tests of their
 * patches: any size, every service or group alike but for its name.
 */

/** A small seeded generator, so a failing sequence of edits can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const clusterNames = ['alpha', 'beta', 'gamma'];

export function fleetCluster(name: string, at: number): ClusterStatus {
  return {
    environment: name === 'gamma' ? 'production' : 'staging',
    clusterName: name,
    clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${name}`,
    state: 'ok',
    lastSuccessAt: at,
    error: null,
    serviceCount: 0,
    pollIntervalMs: 5_000,
    achievedIntervalMs: 5_000,
  };
}

export function fleetService(cluster: ClusterStatus, name: string, at: number): ServiceSummary {
  return {
    key: `${cluster.clusterArn}|${name}`,
    environment: cluster.environment,
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn ?? '',
    serviceName: name,
    serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/${cluster.clusterName}/${name}`,
    status: 'ACTIVE',
    health: 'healthy',
    healthReason: '2/2 running',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${name}:3`,
    family: name,
    revision: 3,
    image: `registry/${name}:v3`,
    imageTag: 'v3',
    deployments: [],
    newestEvent: null,
    observedAt: at,
  };
}

export function fleetOf(count: number, at = 1_000): FleetSnapshot {
  const clusters = clusterNames.map((name) => fleetCluster(name, at));
  const services = Array.from({ length: count }, (_, i) =>
    fleetService(clusters[i % clusters.length]!, `service-${String(i).padStart(5, '0')}`, at),
  );
  return { clusters, services: sortServices(services, clusters), generatedAt: at };
}

export function lagCluster(name: string, at: number): KafkaClusterStatus {
  return {
    name,
    environment: null,
    brokers: ['localhost:9092'],
    state: 'ok',
    lastSuccessAt: at,
    error: null,
    warnings: [],
    groupCount: 0,
    refreshIntervalMs: 5_000,
    commitSource: 'offset-polls',
    commitSourceNote: null,
  };
}

export function lagGroup(cluster: string, groupId: string, at: number, points: number): GroupLagSummary {
  return {
    key: `${cluster}|${groupId}`,
    kafkaCluster: cluster,
    groupId,
    state: 'Stable',
    burrowStatus: 'OK',
    worstPartition: null,
    burrowReason: 'all partitions OK',
    findings: [],
    severity: 'ok',
    statusReason: 'all partitions OK',
    topics: ['orders'],
    partitionCount: 3,
    partitionsWithoutCommit: 0,
    memberCount: 2,
    lagUnknown: null,
    membersUnknown: null,
    totalLag: 10,
    maxLag: { topic: 'orders', partition: 0, lag: 4 },
    lagSeconds: 1.5,
    trend: 'flat',
    consumeRate: 12.5,
    produceRate: 12.5,
    eta: { kind: 'caught-up' },
    complete: 1,
    history: Array.from({ length: points }, (_, i) => ({ at: at - (points - i) * 5_000, totalLag: 10 + i })),
    ownerService: null,
    observedAt: at,
  };
}

export function lagOf(count: number, at = 1_000, points = 10): LagSnapshot {
  const clusters = ['main', 'events'].map((name) => lagCluster(name, at));
  const groups = Array.from({ length: count }, (_, i) =>
    lagGroup(clusters[i % 2]!.name, `group-${String(i).padStart(5, '0')}`, at, points),
  );
  return { clusters, groups: sortLagGroups(groups, clusters), generatedAt: at };
}
