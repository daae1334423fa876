import { describe, expect, it } from 'vitest';
import {
  applyFleetDelta,
  clusterDiscoveryName,
  diffFleet,
  isFleetDeltaEmpty,
  sortServices,
} from './fleetDelta';
import type { ClusterStatus, FleetSnapshot, ServiceSummary } from './fleetModel';

const stagingArn = 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-staging';
const productionArn = 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production';

function cluster(
  environment: string,
  clusterName: string,
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    environment,
    clusterName,
    clusterArn: `arn:aws:ecs:us-east-1:000000000000:cluster/${clusterName}`,
    state: 'ok',
    lastSuccessAt: 1000,
    error: null,
    serviceCount: 2,
    pollIntervalMs: 5000,
    achievedIntervalMs: 5000,
    ...overrides,
  };
}

function service(
  environment: string,
  clusterName: string,
  serviceName: string,
  overrides: Partial<ServiceSummary> = {},
): ServiceSummary {
  const clusterArn = `arn:aws:ecs:us-east-1:000000000000:cluster/${clusterName}`;
  return {
    key: `${clusterArn}|${serviceName}`,
    environment,
    clusterName,
    clusterArn,
    serviceName,
    serviceArn: `arn:aws:ecs:us-east-1:000000000000:service/${clusterName}/${serviceName}`,
    status: 'ACTIVE',
    health: 'healthy',
    healthReason: '3/3 running',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:000000000000:task-definition/${serviceName}:7`,
    family: serviceName,
    revision: 7,
    image: `flarenet/${serviceName}:v1`,
    imageTag: 'v1',
    deployments: [],
    newestEvent: null,
    observedAt: 1000,
    ...overrides,
  };
}

const base: FleetSnapshot = {
  clusters: [cluster('staging', 'flarenet-staging'), cluster('production', 'flarenet-production')],
  services: [
    service('staging', 'flarenet-staging', 'api-gateway'),
    service('staging', 'flarenet-staging', 'payment-service'),
    service('production', 'flarenet-production', 'api-gateway'),
    service('production', 'flarenet-production', 'payment-service'),
  ],
  generatedAt: 1000,
};

/** Applies a change to every service of one cluster, the way a successful poll moves observedAt. */
function polledAgain(
  snapshot: FleetSnapshot,
  clusterName: string,
  at: number,
  change: (s: ServiceSummary) => ServiceSummary = (s) => s,
): FleetSnapshot {
  return {
    clusters: snapshot.clusters.map((c) => (c.clusterName === clusterName ? { ...c, lastSuccessAt: at } : c)),
    services: snapshot.services.map((s) =>
      s.clusterName === clusterName ? change({ ...s, observedAt: at }) : s,
    ),
    generatedAt: at,
  };
}

interface Case {
  name: string;
  previous: FleetSnapshot;
  next: FleetSnapshot;
  upserted: string[];
  removed: string[];
  clusters: string[];
}

const cases: Case[] = [
  {
    name: 'nothing changed',
    previous: base,
    next: { ...base, generatedAt: 2000 },
    upserted: [],
    removed: [],
    clusters: [],
  },
  {
    name: 'a poll that only moved observedAt sends the cluster status, no services',
    previous: base,
    next: polledAgain(base, 'flarenet-production', 2000),
    upserted: [],
    removed: [],
    clusters: ['flarenet-production'],
  },
  {
    name: 'one service changed health',
    previous: base,
    next: polledAgain(base, 'flarenet-production', 2000, (s) =>
      s.serviceName === 'payment-service'
        ? { ...s, health: 'degraded', healthReason: '2/3 running', runningCount: 2 }
        : s,
    ),
    upserted: [`${productionArn}|payment-service`],
    removed: [],
    clusters: ['flarenet-production'],
  },
  {
    name: 'a nested change (deployments) counts',
    previous: base,
    next: {
      ...base,
      services: base.services.map((s) =>
        s.key === `${stagingArn}|api-gateway`
          ? {
              ...s,
              deployments: [
                {
                  id: 'ecs-svc/1',
                  status: 'PRIMARY',
                  rolloutState: 'IN_PROGRESS',
                  rolloutStateReason: null,
                  taskDefinitionArn: s.taskDefinitionArn,
                  family: s.family,
                  revision: 8,
                  desiredCount: 3,
                  runningCount: 0,
                  pendingCount: 1,
                  failedTasks: 0,
                  createdAt: 900,
                  updatedAt: 950,
                },
              ],
            }
          : s,
      ),
    },
    upserted: [`${stagingArn}|api-gateway`],
    removed: [],
    clusters: [],
  },
  {
    name: 'a service appeared and one went away',
    previous: base,
    next: {
      ...base,
      services: sortServices(
        [
          ...base.services.filter(
            (s) => s.serviceName !== 'api-gateway' || s.clusterName !== 'flarenet-staging',
          ),
          service('staging', 'flarenet-staging', 'search-service'),
        ],
        base.clusters,
      ),
    },
    upserted: [`${stagingArn}|search-service`],
    removed: [`${stagingArn}|api-gateway`],
    clusters: [],
  },
  {
    name: 'a cluster went stale: services carry the stale health, the status its error',
    previous: base,
    next: {
      clusters: base.clusters.map((c) =>
        c.clusterName === 'flarenet-staging'
          ? {
              ...c,
              state: 'stale',
              error: { code: 'THROTTLED', message: 'ThrottlingException: Rate exceeded' },
              pollIntervalMs: 9000,
            }
          : c,
      ),
      services: base.services.map((s) =>
        s.clusterName === 'flarenet-staging'
          ? { ...s, health: 'stale', healthReason: 'data 5 s old: ThrottlingException: Rate exceeded' }
          : s,
      ),
      generatedAt: 6000,
    },
    upserted: [`${stagingArn}|api-gateway`, `${stagingArn}|payment-service`],
    removed: [],
    clusters: ['flarenet-staging'],
  },
  {
    name: 'discovery found the clusters of an environment',
    previous: {
      clusters: [
        cluster('staging', clusterDiscoveryName, {
          clusterArn: null,
          state: 'error',
          lastSuccessAt: null,
          serviceCount: 0,
        }),
        cluster('production', 'flarenet-production'),
      ],
      services: base.services.filter((s) => s.environment === 'production'),
      generatedAt: 1000,
    },
    next: {
      clusters: [
        cluster('staging', 'flarenet-staging'),
        cluster('staging', 'flarenet-staging-2'),
        cluster('production', 'flarenet-production'),
      ],
      services: sortServices(
        [
          ...base.services.filter((s) => s.environment === 'production'),
          service('staging', 'flarenet-staging', 'api-gateway'),
          service('staging', 'flarenet-staging-2', 'api-gateway'),
        ],
        [
          cluster('staging', 'flarenet-staging'),
          cluster('staging', 'flarenet-staging-2'),
          cluster('production', 'flarenet-production'),
        ],
      ),
      generatedAt: 2000,
    },
    upserted: [
      `${stagingArn}|api-gateway`,
      'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-staging-2|api-gateway',
    ],
    removed: [],
    clusters: ['flarenet-staging', 'flarenet-staging-2'],
  },
];

describe('diffFleet', () => {
  it.each(cases)('$name', ({ previous, next, upserted, removed, clusters }) => {
    const delta = diffFleet(previous, next);
    expect(delta.upserted.map((s) => s.key)).toEqual(upserted);
    expect(delta.removed).toEqual(removed);
    expect(delta.clusters.map((c) => c.clusterName)).toEqual(clusters);
    expect(delta.generatedAt).toBe(next.generatedAt);
    expect(isFleetDeltaEmpty(delta)).toBe(upserted.length + removed.length + clusters.length === 0);
  });
});

describe('applyFleetDelta', () => {
  it.each(cases)('rebuilds the next snapshot: $name', ({ previous, next }) => {
    expect(applyFleetDelta(previous, diffFleet(previous, next))).toEqual(next);
  });

  it('does not change the snapshot it is given', () => {
    const copy = structuredClone(base);
    const next = polledAgain(base, 'flarenet-staging', 3000, (s) => ({ ...s, runningCount: 1 }));
    applyFleetDelta(base, diffFleet(base, next));
    expect(base).toEqual(copy);
  });

  it('leaves the observedAt of a stale cluster alone', () => {
    const stale = {
      ...base,
      clusters: base.clusters.map((c) =>
        c.clusterName === 'flarenet-staging' ? { ...c, state: 'stale' as const } : c,
      ),
    };
    const applied = applyFleetDelta(base, diffFleet(base, stale));
    expect(
      applied.services.filter((s) => s.clusterName === 'flarenet-staging').map((s) => s.observedAt),
    ).toEqual([1000, 1000]);
  });
});

describe('a service described less often than its cluster is polled', () => {
  const quiet = `${stagingArn}|payment-service`;
  const keepQuiet = (at: number) => (s: ServiceSummary) => (s.key === quiet ? { ...s, observedAt: at } : s);

  it('is named once when it stops following its cluster, not while it stays behind, and once when described again', () => {
    const behind = polledAgain(base, 'flarenet-staging', 2000, keepQuiet(1000));
    expect(diffFleet(base, behind).upserted.map((s) => s.key)).toEqual([quiet]);
    expect(applyFleetDelta(base, diffFleet(base, behind))).toEqual(behind);

    const stillBehind = polledAgain(behind, 'flarenet-staging', 3000, keepQuiet(1000));
    expect(diffFleet(behind, stillBehind).upserted).toEqual([]);
    expect(applyFleetDelta(behind, diffFleet(behind, stillBehind))).toEqual(stillBehind);

    const described = polledAgain(stillBehind, 'flarenet-staging', 4000);
    expect(diffFleet(stillBehind, described).upserted.map((s) => s.key)).toEqual([quiet]);
    expect(applyFleetDelta(stillBehind, diffFleet(stillBehind, described))).toEqual(described);
  });
});
