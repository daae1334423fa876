import type { DeploymentSummary, FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import type { GroupLagSummary, LagSnapshot } from '../kafka/kafkaModel';
import type { MetricsSnapshot, ServiceAlarm, ServiceMetrics } from '../metrics/metricsModel';
import type { TopologySpecInput } from '../topology/topologyModel';

/**
 * The sandbox's production fleet and its consumer groups, as the fleet monitor and the lag
 * monitor report them: the data the topology tests draw.
 */

export const fixtureTime = Date.UTC(2025, 2, 14, 9, 30, 0);

const accountArn = 'arn:aws:ecs:us-east-1:000000000000';

/** Name, desired count and revision, as the sandbox's catalogue has them. */
export const sandboxServices: readonly [string, number, number][] = [
  ['api-gateway', 4, 5],
  ['auth-service', 3, 4],
  ['user-service', 3, 3],
  ['order-service', 4, 6],
  ['inventory-service', 3, 4],
  ['catalog-service', 3, 3],
  ['payment-service', 3, 3],
  ['notification-service', 3, 5],
  ['analytics-service', 3, 4],
];

/** One deployment of a service's family, finished and dated at the fixture's time unless told otherwise. */
export function deploymentSummary(
  family: string,
  id: string,
  revision: number,
  overrides: Partial<DeploymentSummary> = {},
): DeploymentSummary {
  return {
    id,
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: null,
    taskDefinitionArn: `${accountArn}:task-definition/${family}:${revision}`,
    family,
    revision,
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: fixtureTime,
    updatedAt: fixtureTime,
    ...overrides,
  };
}

export function serviceSummary(
  serviceName: string,
  options: { clusterName?: string; environment?: string; desired?: number; revision?: number } = {},
  overrides: Partial<ServiceSummary> = {},
): ServiceSummary {
  const clusterName = options.clusterName ?? 'flarenet-production';
  const clusterArn = `${accountArn}:cluster/${clusterName}`;
  const desired = options.desired ?? 3;
  const revision = options.revision ?? 1;
  return {
    key: `${clusterArn}|${serviceName}`,
    environment: options.environment ?? 'production',
    clusterName,
    clusterArn,
    serviceName,
    serviceArn: `${accountArn}:service/${clusterName}/${serviceName}`,
    status: 'ACTIVE',
    health: 'healthy',
    healthReason: `${desired}/${desired} running on ${serviceName}:${revision}`,
    desiredCount: desired,
    runningCount: desired,
    pendingCount: 0,
    taskDefinitionArn: `${accountArn}:task-definition/${serviceName}:${revision}`,
    family: serviceName,
    revision,
    image: `flarenet/${serviceName}:v1.0.${revision}`,
    imageTag: `v1.0.${revision}`,
    deployments: [],
    newestEvent: null,
    observedAt: fixtureTime,
    ...overrides,
  };
}

export function sandboxFleet(
  overrides: Readonly<Record<string, Partial<ServiceSummary>>> = {},
): FleetSnapshot {
  const clusterName = 'flarenet-production';
  return {
    clusters: [
      {
        environment: 'production',
        clusterName,
        clusterArn: `${accountArn}:cluster/${clusterName}`,
        state: 'ok',
        lastSuccessAt: fixtureTime,
        error: null,
        serviceCount: sandboxServices.length,
        pollIntervalMs: 5000,
        achievedIntervalMs: 5000,
      },
    ],
    services: sandboxServices.map(([name, desired, revision]) =>
      serviceSummary(name, { desired, revision }, overrides[name] ?? {}),
    ),
    generatedAt: fixtureTime,
  };
}

/** The consumer groups of the sandbox's saga, named after their services. */
export const sandboxGroups: readonly [string, string[], number][] = [
  ['order-service', ['saga-response'], 4],
  ['inventory-service', ['inventory-reserve', 'inventory-rollback'], 0],
  ['payment-service', ['payment-process'], 17],
  ['notification-service', ['notification-send', 'order-completed'], 2],
  ['analytics-service', ['order-completed', 'order-created', 'user-events'], 230],
];

export function groupLagSummary(
  groupId: string,
  topics: string[],
  totalLag: number,
  overrides: Partial<GroupLagSummary> = {},
): GroupLagSummary {
  return {
    key: `flarenet-kafka|${groupId}`,
    kafkaCluster: 'flarenet-kafka',
    groupId,
    state: 'Stable',
    burrowStatus: 'OK',
    worstPartition: null,
    burrowReason: 'all partitions OK',
    findings: [],
    severity: 'ok',
    statusReason: 'all partitions OK',
    topics,
    partitionCount: topics.length * 3,
    partitionsWithoutCommit: 0,
    memberCount: 3,
    lagUnknown: null,
    membersUnknown: null,
    totalLag,
    maxLag: null,
    lagSeconds: 1,
    trend: 'flat',
    consumeRate: 50,
    produceRate: 50,
    eta: { kind: 'caught-up' },
    complete: 1,
    history: [],
    ownerService: null,
    observedAt: fixtureTime,
    ...overrides,
  };
}

export function sandboxLag(overrides: Readonly<Record<string, Partial<GroupLagSummary>>> = {}): LagSnapshot {
  return {
    clusters: [
      {
        name: 'flarenet-kafka',
        environment: 'production',
        brokers: ['127.0.0.1:9092'],
        state: 'ok',
        lastSuccessAt: fixtureTime,
        error: null,
        warnings: [],
        groupCount: sandboxGroups.length,
        refreshIntervalMs: 5000,
        commitSource: 'commit-log',
        commitSourceNote: null,
      },
    ],
    groups: sandboxGroups.map(([groupId, topics, lag]) =>
      groupLagSummary(groupId, topics, lag, overrides[groupId] ?? {}),
    ),
    generatedAt: fixtureTime,
  };
}

/** payment-service losing tasks, and its group stalled on payment-process. */
export const paymentTrouble = {
  fleet: {
    'payment-service': {
      health: 'degraded',
      healthReason: '1/3 running; new tasks failing health checks (4 failed) in payment-service:4',
      runningCount: 1,
    },
  } satisfies Record<string, Partial<ServiceSummary>>,
  lag: {
    'payment-service': {
      burrowStatus: 'ERR',
      severity: 'error',
      totalLag: 12_340,
      burrowReason: 'payment-process/2 stalled: commits continue but offset 1 200 has not moved for 40s',
      statusReason: 'payment-process/2 stalled: commits continue but offset 1 200 has not moved for 40s',
      worstPartition: { topic: 'payment-process', partition: 2, burrowStatus: 'STALL' },
    },
  } satisfies Record<string, Partial<GroupLagSummary>>,
};

/**
 * A platform of `domains × perDomain` services behind one gateway: each domain's first five
 * services are called by the gateway and call the rest; every third service produces a topic,
 * read by a service of its own domain and by the next domain's.
 */
export function largePlatform(
  domains: number,
  perDomain: number,
): { fleet: FleetSnapshot; spec: TopologySpecInput } {
  const names: string[] = [];
  const http: Record<string, string[]> = { gateway: [] };
  const produces: Record<string, string[]> = {};
  const consumes: Record<string, string[]> = {};
  const domainMembers: Record<string, string[]> = {};
  const service = (domain: number, index: number) => `d${domain}-service-${String(index).padStart(3, '0')}`;
  for (let d = 0; d < domains; d++) {
    domainMembers[`domain-${d}`] = [];
    for (let i = 0; i < perDomain; i++) {
      const name = service(d, i);
      names.push(name);
      domainMembers[`domain-${d}`]!.push(name);
      if (i < 5) http.gateway!.push(name);
      else (http[service(d, i % 5)] ??= []).push(name);
      if (i % 3 === 0) produces[name] = [`${name}.events`];
      if (i % 4 === 1) {
        const local = Math.min(perDomain - 1, i + 2 - ((i + 2) % 3));
        consumes[name] = [`${service(d, local)}.events`, `${service((d + 1) % domains, 0)}.events`];
      }
    }
  }
  const fleet: FleetSnapshot = {
    clusters: [],
    services: ['gateway', ...names].map((name, index) =>
      serviceSummary(name, {}, index % 17 === 3 ? { health: 'degraded', runningCount: 2 } : {}),
    ),
    generatedAt: fixtureTime,
  };
  return {
    fleet,
    spec: {
      entries: [{ name: 'alb', routesTo: ['gateway'] }],
      http,
      produces,
      consumes,
      domains: domainMembers,
    },
  };
}

/**
 * One cluster of `count` services named as the sandbox names a large fleet: the nine
 * FlareNet services, then numbered copies ("payment-service-2", …, "payment-service-112").
 * Only the nine are in the sandbox's topology spec; the copies have no edges and no domain.
 */
export function numberedFleet(
  count: number,
  overrides: Readonly<Record<string, Partial<ServiceSummary>>> = {},
): FleetSnapshot {
  const fleet = sandboxFleet(overrides);
  const services = Array.from({ length: count }, (_, index) => {
    const [base, desired, revision] = sandboxServices[index % sandboxServices.length]!;
    const copy = Math.floor(index / sandboxServices.length);
    const name = copy === 0 ? base : `${base}-${copy + 1}`;
    return serviceSummary(name, { desired, revision }, overrides[name] ?? {});
  });
  return { ...fleet, clusters: fleet.clusters.map((c) => ({ ...c, serviceCount: count })), services };
}

/** A service's figures over its last five minutes, as the metrics monitor keeps them. */
export interface ServiceFigures {
  loadBalanced?: boolean;
  requests?: (number | null)[];
  errors?: (number | null)[];
  p99?: (number | null)[];
  alarms?: ServiceAlarm[];
}

/**
 * The metrics of the sandbox's production services: api-gateway behind the load balancer,
 * calm unless `figures` says otherwise; the others with CPU and memory only.
 */
export function sandboxMetrics(figures: Readonly<Record<string, ServiceFigures>> = {}): MetricsSnapshot {
  const firstMinute = fixtureTime - 5 * 60_000;
  const calm: ServiceFigures = {
    loadBalanced: true,
    requests: [1000, 1000, 1000, 1000, 1000],
    errors: [2, 2, 2, 2, 2],
    p99: [0.12, 0.12, 0.12, 0.12, 0.12],
  };
  const services: ServiceMetrics[] = sandboxServices.map(([name]) => {
    const given = figures[name] ?? (name === 'api-gateway' ? calm : {});
    const base = serviceSummary(name);
    return {
      key: base.key,
      environment: 'production',
      clusterName: base.clusterName,
      serviceName: name,
      loadBalanced: given.loadBalanced ?? false,
      firstMinute,
      cpu: [30, 31, 32, 33, 34],
      memory: [50, 50, 50, 50, 50],
      ...(given.loadBalanced
        ? {
            requests: given.requests ?? calm.requests!,
            errors: given.errors ?? calm.errors!,
            p99: given.p99 ?? calm.p99!,
          }
        : {}),
      alarms: given.alarms ?? [],
      scaling: [],
      observedAt: fixtureTime,
    };
  });
  return {
    environments: [
      {
        environment: 'production',
        state: 'ok',
        lastSuccessAt: fixtureTime,
        error: null,
        warnings: [],
        serviceCount: services.length,
        pollIntervalMs: 60_000,
        achievedIntervalMs: 60_000,
        activeAlarms: [],
      },
    ],
    services,
    generatedAt: fixtureTime,
  };
}

/** api-gateway after a bad deploy: most answers 5XX, slow, and its 5XX alarm in ALARM. */
export const gatewayAlarm: Readonly<Record<string, ServiceFigures>> = {
  'api-gateway': {
    loadBalanced: true,
    requests: [1000, 1000, 1000, 1000, null],
    errors: [2, 2, 600, 860, null],
    p99: [0.12, 0.12, 1.8, 2.1, null],
    alarms: [
      {
        name: 'api-gateway-5xx',
        state: 'ALARM',
        reason: 'Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (20)',
        updatedAt: fixtureTime - 60_000,
      },
    ],
  },
};
