import { describe, expect, it } from 'vitest';
import { applyLagDelta, diffLag, isLagDeltaEmpty, sortLagGroups } from './lagDelta';
import type { GroupLagSummary, KafkaClusterStatus, LagSnapshot } from './kafkaModel';

function cluster(name: string, overrides: Partial<KafkaClusterStatus> = {}): KafkaClusterStatus {
  return {
    name,
    environment: 'production',
    brokers: [`${name}-1:9092`],
    state: 'ok',
    lastSuccessAt: 1000,
    error: null,
    warnings: [],
    groupCount: 2,
    refreshIntervalMs: 5000,
    commitSource: 'commit-log',
    commitSourceNote: null,
    ...overrides,
  };
}

function group(
  kafkaCluster: string,
  groupId: string,
  overrides: Partial<GroupLagSummary> = {},
): GroupLagSummary {
  return {
    key: `${kafkaCluster}|${groupId}`,
    kafkaCluster,
    groupId,
    state: 'Stable',
    burrowStatus: 'OK',
    worstPartition: null,
    burrowReason: 'all 3 partitions OK',
    findings: [],
    severity: 'ok',
    statusReason: 'all 3 partitions OK',
    topics: ['payment-process'],
    partitionCount: 3,
    partitionsWithoutCommit: 0,
    memberCount: 3,
    lagUnknown: null,
    membersUnknown: null,
    totalLag: 12,
    maxLag: { topic: 'payment-process', partition: 1, lag: 7 },
    lagSeconds: 0.4,
    trend: 'flat',
    consumeRate: 210,
    produceRate: 210,
    eta: { kind: 'caught-up' },
    complete: 1,
    history: [{ at: 500, totalLag: 12 }],
    ownerService: 'payment-service',
    observedAt: 1000,
    ...overrides,
  };
}

function snapshot(
  clusters: KafkaClusterStatus[],
  groups: GroupLagSummary[],
  generatedAt = 1000,
): LagSnapshot {
  return { clusters, groups: sortLagGroups(groups, clusters), generatedAt };
}

const base = snapshot(
  [cluster('main'), cluster('events')],
  [group('main', 'payments'), group('main', 'orders'), group('events', 'audit')],
);

describe('diffLag and applyLagDelta', () => {
  it.each<[string, LagSnapshot]>([
    [
      'a group changed',
      snapshot(base.clusters, [
        group('main', 'payments', {
          burrowStatus: 'WARN',
          severity: 'warn',
          totalLag: 9000,
          history: [
            { at: 500, totalLag: 12 },
            { at: 1500, totalLag: 9000 },
          ],
        }),
        group('main', 'orders'),
        group('events', 'audit'),
      ]),
    ],
    ['a group added', snapshot(base.clusters, [...base.groups, group('main', 'analytics')])],
    ['a group removed', snapshot(base.clusters, base.groups.slice(1))],
    [
      'a cluster failing',
      snapshot(
        [
          cluster('main', { state: 'error', error: { code: 'UNAVAILABLE', message: 'brokers unreachable' } }),
          cluster('events'),
        ],
        base.groups,
      ),
    ],
    [
      'a cluster added',
      snapshot([...base.clusters, cluster('archive')], [...base.groups, group('archive', 'backup')]),
    ],
  ])('rebuild the next snapshot: %s', (_, next) => {
    const delta = diffLag(base, next);
    expect(applyLagDelta(base, delta)).toEqual({ ...next, generatedAt: delta.generatedAt });
  });

  it('sends only what changed', () => {
    const changed = group('main', 'orders', { totalLag: 40 });
    const next = snapshot(base.clusters, [
      group('main', 'payments'),
      changed,
      group('events', 'audit'),
      group('main', 'new'),
    ]);
    const delta = diffLag(base, next);
    expect(delta.upserted.map((g) => g.groupId)).toEqual(['new', 'orders']);
    expect(delta.removed).toEqual([]);
    expect(delta.clusters).toEqual([]);
  });

  it('is empty when nothing changed', () => {
    const copy: LagSnapshot = JSON.parse(JSON.stringify(base)) as LagSnapshot;
    expect(isLagDeltaEmpty(diffLag(base, { ...copy, generatedAt: 2000 }))).toBe(true);
  });

  it('does not send groups whose only change is observedAt, and carries the cluster freshness to them', () => {
    const next = snapshot(
      [cluster('main', { lastSuccessAt: 6000 }), cluster('events')],
      base.groups.map((g) => (g.kafkaCluster === 'main' ? { ...g, observedAt: 6000 } : g)),
      6000,
    );
    const delta = diffLag(base, next);
    expect(delta.upserted).toEqual([]);
    expect(delta.clusters.map((c) => c.name)).toEqual(['main']);
    expect(applyLagDelta(base, delta)).toEqual(next);
  });

  it('does not carry freshness from a cluster that failed', () => {
    const delta = diffLag(
      base,
      snapshot([cluster('main', { state: 'stale', lastSuccessAt: 6000 }), cluster('events')], base.groups),
    );
    const applied = applyLagDelta(base, delta);
    expect(applied.groups.every((g) => g.observedAt === 1000)).toBe(true);
  });
});

describe('sortLagGroups', () => {
  it('orders by cluster as listed, then by group id', () => {
    const clusters = [cluster('main'), cluster('events')];
    const sorted = sortLagGroups(
      [
        group('events', 'audit'),
        group('main', 'payments'),
        group('unknown', 'zeta'),
        group('main', 'orders'),
      ],
      clusters,
    );
    expect(sorted.map((g) => g.key)).toEqual([
      'main|orders',
      'main|payments',
      'events|audit',
      'unknown|zeta',
    ]);
  });
});
