import type { GroupLagSummary, KafkaClusterStatus, LagSnapshot } from '../kafka/kafkaModel';

/** Lag data for the renderer's unit tests, in the contract's shapes. */
export const t0 = 1_700_000_000_000;

export function kafkaCluster(name: string, overrides: Partial<KafkaClusterStatus> = {}): KafkaClusterStatus {
  return {
    name,
    environment: name.includes('staging') ? 'staging' : 'production',
    brokers: [`${name}-b1:9092`],
    state: 'ok',
    lastSuccessAt: t0,
    error: null,
    warnings: [],
    groupCount: 0,
    refreshIntervalMs: 5_000,
    commitSource: 'commit-log',
    commitSourceNote: null,
    ...overrides,
  };
}

export function lagGroup(
  cluster: string,
  groupId: string,
  overrides: Partial<GroupLagSummary> = {},
): GroupLagSummary {
  return {
    key: `${cluster}|${groupId}`,
    kafkaCluster: cluster,
    groupId,
    state: 'Stable',
    burrowStatus: 'OK',
    worstPartition: null,
    burrowReason: 'all 3 partitions OK',
    findings: [],
    severity: 'ok',
    statusReason: 'all 3 partitions OK',
    topics: [`${groupId.replace(/-consumer$/, '')}-events`],
    partitionCount: 3,
    partitionsWithoutCommit: 0,
    memberCount: 2,
    lagUnknown: null,
    membersUnknown: null,
    totalLag: 0,
    maxLag: null,
    lagSeconds: 0,
    trend: 'flat',
    consumeRate: 10,
    produceRate: 10,
    eta: { kind: 'caught-up' },
    complete: 1,
    history: [
      { at: t0 - 10_000, totalLag: 0 },
      { at: t0, totalLag: 0 },
    ],
    ownerService: groupId.replace(/-consumer$/, '-service'),
    observedAt: t0,
    ...overrides,
  };
}

export function lagSnapshot(): LagSnapshot {
  return {
    clusters: [kafkaCluster('kafka-staging'), kafkaCluster('kafka-production')],
    groups: [
      lagGroup('kafka-staging', 'payment-consumer'),
      lagGroup('kafka-staging', 'order-consumer'),
      lagGroup('kafka-production', 'payment-consumer', {
        burrowStatus: 'ERR',
        severity: 'error',
        totalLag: 5_000,
        lagSeconds: 252,
        trend: 'growing',
        eta: { kind: 'never' },
        worstPartition: { topic: 'payment-events', partition: 2, burrowStatus: 'STALL' },
        burrowReason: 'payment-events/2 stalled: commits continue but offset 1 200 has not moved for 4m 12s',
        statusReason: 'payment-events/2 stalled: commits continue but offset 1 200 has not moved for 4m 12s',
      }),
      lagGroup('kafka-production', 'order-consumer', {
        burrowStatus: 'WARN',
        severity: 'warn',
        totalLag: 800,
        lagSeconds: 40,
        trend: 'draining',
        eta: { kind: 'eta', seconds: 130 },
      }),
      lagGroup('kafka-production', 'audit-consumer', { ownerService: null }),
    ],
    generatedAt: t0,
  };
}

/** A fresh copy, as the next event off the wire would be: equal values, new objects. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
