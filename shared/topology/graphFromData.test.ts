import { describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../fleet/fleetModel';
import { buildTopologyGraph, TopologyGraphBuilder, topologyEnvironments } from './graphFromData';
import {
  topologySpecSchema,
  type TopologyEdge,
  type TopologyGraph,
  type TopologyNode,
  type TopologySpecInput,
} from './topologyModel';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import { readServiceTags } from './serviceTags';
import {
  fixtureTime,
  gatewayAlarm,
  groupLagSummary,
  paymentTrouble,
  sandboxFleet,
  sandboxLag,
  sandboxMetrics,
  serviceSummary,
} from '../testing/topologyTestData';

function edge(
  graph: TopologyGraph,
  kind: TopologyEdge['kind'],
  from: string,
  to: string,
): TopologyEdge | undefined {
  return graph.edges.find((e) => e.kind === kind && e.from === from && e.to === to);
}

function fleetOf(...names: string[]): FleetSnapshot {
  return { clusters: [], services: names.map((name) => serviceSummary(name)), generatedAt: fixtureTime };
}

const arn = (name: string) => serviceSummary(name).serviceArn;

describe('buildTopologyGraph on the sandbox', () => {
  const graph = buildTopologyGraph({
    fleet: sandboxFleet(paymentTrouble.fleet),
    lag: sandboxLag(paymentTrouble.lag),
    spec: sandboxTopologySpec,
    environment: 'production',
  });

  it('has the entry, every service, topic and datastore', () => {
    const names = (kind: string) => graph.nodes.filter((n) => n.kind === kind).map((n) => n.name);
    expect(names('entry')).toEqual(['alb']);
    expect(names('service')).toHaveLength(9);
    expect(names('topic').sort()).toEqual(
      [
        'inventory-reserve',
        'inventory-rollback',
        'notification-send',
        'order-completed',
        'order-created',
        'payment-process',
        'saga-response',
        'user-events',
      ].sort(),
    );
    expect(names('datastore').sort()).toEqual([
      'catalog-cache',
      'inventory-db',
      'orders-db',
      'payments-db',
      'users-db',
    ]);
    expect(graph.clusters).toEqual(['flarenet-production']);
  });

  it('joins consumer edges to the lag of the group that owns them, found by its name', () => {
    const stalled = edge(graph, 'consumes', 'topic:payment-process', 'service:payment-service');
    expect(stalled).toMatchObject({
      source: 'convention',
      groupId: 'payment-service',
      lag: {
        burrowStatus: 'ERR',
        severity: 'error',
        totalLag: 12_340,
        worstPartition: 'payment-process/2 STALL',
        findings: [],
      },
    });
    const consumes = graph.edges.filter((e) => e.kind === 'consumes');
    expect(consumes).toHaveLength(9);
    expect(consumes.every((e) => e.kind === 'consumes' && e.lag !== null)).toBe(true);
    expect(edge(graph, 'produces', 'service:order-service', 'topic:payment-process')?.source).toBe('config');
    expect(edge(graph, 'uses', 'service:order-service', 'datastore:orders-db')?.source).toBe('config');
  });

  it('carries each service box its values', () => {
    const payment = graph.nodes.find((n) => n.id === 'service:payment-service');
    expect(payment).toMatchObject({
      kind: 'service',
      domain: 'orders',
      state: {
        health: 'degraded',
        runningCount: 1,
        desiredCount: 3,
        revision: 3,
        clusterName: 'flarenet-production',
      },
    });
  });
});

describe('where edges come from', () => {
  const spec = (input: TopologySpecInput) => topologySpecSchema.parse(input);

  it('takes a group owner from config, then tags, then the naming convention, then the lag monitor', () => {
    const lag = {
      clusters: sandboxLag().clusters,
      generatedAt: fixtureTime,
      groups: [
        groupLagSummary('payments-workers', ['payment-process'], 5),
        groupLagSummary('order-service-saga', ['saga-response'], 1),
        groupLagSummary('inventory-service.v2', ['inventory-reserve'], 0),
        groupLagSummary('mystery-group', ['order-created'], 9, { ownerService: 'analytics-service' }),
        groupLagSummary('nobody-knows', ['order-created'], 9),
      ],
    };
    const graph = buildTopologyGraph({
      fleet: fleetOf('payment-service', 'order-service', 'inventory-service', 'analytics-service'),
      lag,
      spec: spec({ groupOwners: { 'payments-workers': 'payment-service' } }),
      environment: 'production',
      tags: {
        // The tag names a group the convention would give to order-service.
        [arn('inventory-service')]: { 'flarenet:groups': 'order-service-saga' },
        [arn('analytics-service')]: { 'flarenet:groups': 'payments-workers' },
      },
    });
    expect(edge(graph, 'consumes', 'topic:payment-process', 'service:payment-service')?.source).toBe(
      'config',
    );
    expect(edge(graph, 'consumes', 'topic:saga-response', 'service:inventory-service')?.source).toBe('tags');
    expect(edge(graph, 'consumes', 'topic:inventory-reserve', 'service:inventory-service')?.source).toBe(
      'convention',
    );
    expect(edge(graph, 'consumes', 'topic:order-created', 'service:analytics-service')?.source).toBe('kafka');
    expect(edge(graph, 'consumes', 'topic:order-created', 'group:nobody-knows')).toMatchObject({
      groupId: 'nobody-knows',
    });
    expect(graph.nodes.find((n) => n.id === 'group:nobody-knows')?.kind).toBe('group');
  });

  it('takes what a service produces from config, then its tags, then `<service>.<event>` topic names', () => {
    const graph = buildTopologyGraph({
      fleet: fleetOf('order-service', 'user-service', 'billing-service'),
      lag: null,
      spec: spec({
        produces: { 'order-service': ['order-created'] },
        consumes: { 'billing-service': ['billing-service.invoices', 'order-created', 'user-events'] },
      }),
      environment: 'production',
      tags: {
        [arn('order-service')]: { 'flarenet:produces': 'ignored-topic' },
        [arn('user-service')]: { 'flarenet:produces': 'user-events/user-deleted' },
      },
    });
    const produced = graph.edges.filter((e) => e.kind === 'produces').map((e) => [e.from, e.to, e.source]);
    expect(produced).toEqual([
      ['service:billing-service', 'topic:billing-service.invoices', 'convention'],
      ['service:order-service', 'topic:order-created', 'config'],
      ['service:user-service', 'topic:user-deleted', 'tags'],
      ['service:user-service', 'topic:user-events', 'tags'],
    ]);
    expect(graph.nodes.some((n) => n.name === 'ignored-topic')).toBe(false);
  });

  it('draws declared consumers without lag, and lets Kafka add what config does not say', () => {
    const graph = buildTopologyGraph({
      fleet: fleetOf('order-service', 'notification-service'),
      lag: {
        ...sandboxLag(),
        groups: [groupLagSummary('notification-service', ['order-completed', 'notification-send'], 3)],
      },
      spec: spec({
        consumes: { 'notification-service': ['order-completed'], 'order-service': ['saga-response'] },
      }),
      environment: 'production',
    });
    const consumes = graph.edges.filter((e) => e.kind === 'consumes');
    expect(
      consumes.map((e) => [e.from, e.to, e.source, e.kind === 'consumes' ? (e.lag?.totalLag ?? null) : null]),
    ).toEqual([
      ['topic:notification-send', 'service:notification-service', 'convention', 3],
      ['topic:order-completed', 'service:notification-service', 'convention', 3],
      ['topic:saga-response', 'service:order-service', 'config', null],
    ]);
  });

  it('names a service the spec mentions but the fleet lacks, without values', () => {
    const graph = buildTopologyGraph({
      fleet: fleetOf('api-gateway'),
      lag: null,
      spec: spec({ http: { 'api-gateway': ['ghost-service'] } }),
      environment: 'production',
    });
    expect(graph.nodes.find((n) => n.id === 'service:ghost-service')).toMatchObject({
      kind: 'service',
      state: null,
    });
  });

  it('reads domains from config before tags', () => {
    const graph = buildTopologyGraph({
      fleet: fleetOf('order-service', 'user-service', 'catalog-service'),
      lag: null,
      spec: spec({ domains: { orders: ['order-service'] } }),
      environment: 'production',
      tags: {
        [arn('order-service')]: { 'flarenet:domain': 'ignored' },
        [arn('user-service')]: { 'flarenet:domain': 'customers' },
      },
    });
    expect(graph.nodes.map((n) => [n.name, n.domain])).toEqual([
      ['catalog-service', null],
      ['order-service', 'orders'],
      ['user-service', 'customers'],
    ]);
  });

  it('parses tag lists separated by slashes, spaces or commas', () => {
    expect(
      readServiceTags({ 'flarenet:consumes': 'a/b c,d  a', 'flarenet:domain': ' orders ' }),
    ).toMatchObject({
      consumes: ['a', 'b', 'c', 'd'],
      produces: null,
      domain: 'orders',
    });
  });
});

describe('one environment at a time', () => {
  const fleet: FleetSnapshot = {
    ...sandboxFleet(),
    clusters: [
      ...sandboxFleet().clusters,
      {
        environment: 'staging',
        clusterName: 'flarenet-staging',
        clusterArn: null,
        state: 'stale',
        lastSuccessAt: fixtureTime - 120_000,
        error: { code: 'THROTTLED', message: 'ThrottlingException: Rate exceeded' },
        serviceCount: 1,
        pollIntervalMs: 10_000,
        achievedIntervalMs: 10_000,
      },
    ],
    services: [
      ...sandboxFleet().services,
      serviceSummary('order-service', { clusterName: 'flarenet-staging', environment: 'staging' }),
    ],
  };

  it('lists the environments and keeps the other environment’s services and lag out', () => {
    expect(topologyEnvironments(fleet)).toEqual(['production', 'staging']);
    const staging = buildTopologyGraph({
      fleet,
      lag: sandboxLag(),
      spec: sandboxTopologySpec,
      environment: 'staging',
    });
    const order = staging.nodes.find((n) => n.id === 'service:order-service');
    expect(order).toMatchObject({ state: { clusterName: 'flarenet-staging' } });
    expect(staging.nodes.find((n) => n.id === 'service:payment-service')).toMatchObject({ state: null });
    expect(
      staging.edges
        .filter((e) => e.kind === 'consumes')
        .every((e) => e.kind === 'consumes' && e.lag === null),
    ).toBe(true);
    expect(staging.notes).toEqual([
      'flarenet-staging: data 2 min old (ThrottlingException: Rate exceeded)',
      'No Kafka cluster reports lag for staging: consumer edges come from config, without lag.',
    ]);
  });

  it('says a cluster the console has just started to watch is being read, not that it failed', () => {
    const watchedJustNow: FleetSnapshot = {
      ...fleet,
      clusters: fleet.clusters.map((cluster) =>
        cluster.clusterName === 'flarenet-staging'
          ? { ...cluster, lastSuccessAt: null, error: null }
          : cluster,
      ),
    };
    const staging = buildTopologyGraph({
      fleet: watchedJustNow,
      lag: null,
      spec: sandboxTopologySpec,
      environment: 'staging',
    });
    expect(staging.notes[0]).toBe('flarenet-staging: no data (its first poll is under way)');
  });

  it('says when consumer edges have no lag behind them', () => {
    const production = buildTopologyGraph({
      fleet,
      lag: null,
      spec: sandboxTopologySpec,
      environment: 'production',
    });
    expect(production.notes).toEqual(['No Kafka lag data: consumer edges come from config, without lag.']);
    expect(production.lagAt).toBeNull();
  });
});

describe('CloudWatch’s figures on the boxes', () => {
  const input = {
    fleet: sandboxFleet(),
    lag: sandboxLag(),
    spec: sandboxTopologySpec,
    environment: 'production',
  };
  const service = (graph: TopologyGraph, name: string) =>
    graph.nodes.find((node) => node.id === `service:${name}`) as Extract<TopologyNode, { kind: 'service' }>;

  it('carries no vitals without metrics, and on every service box with them', () => {
    expect(buildTopologyGraph(input).nodes.some((node) => node.kind === 'service' && node.vitals)).toBe(
      false,
    );
    const graph = buildTopologyGraph({ ...input, metrics: sandboxMetrics(gatewayAlarm) });
    expect(service(graph, 'api-gateway').vitals).toEqual({
      measured: true,
      loadBalanced: true,
      errorRate: 0.86,
      p99: 2.1,
      alarms: ['api-gateway-5xx'],
    });
    expect(service(graph, 'order-service').vitals).toEqual({
      measured: true,
      loadBalanced: false,
      errorRate: null,
      p99: null,
      alarms: [],
    });
  });

  it('says a service without metrics is unmeasured, and a figure older than three minutes unknown', () => {
    const metrics = sandboxMetrics({
      'api-gateway': {
        loadBalanced: true,
        errors: [500, null, null, null, null],
        p99: [2, null, null, null, null],
      },
    });
    const graph = buildTopologyGraph({
      ...input,
      metrics: { ...metrics, services: metrics.services.filter((s) => s.serviceName !== 'user-service') },
    });
    expect(service(graph, 'api-gateway').vitals).toMatchObject({ errorRate: 0, p99: null });
    expect(service(graph, 'user-service').vitals).toMatchObject({ measured: false });
  });

  it('gives a new box only to the service whose figures changed, and drops the vitals with the metrics', () => {
    const builder = new TopologyGraphBuilder();
    const calm = builder.build({ ...input, metrics: sandboxMetrics() });
    const again = builder.build({ ...input, metrics: sandboxMetrics() });
    expect(again.nodes).toBe(calm.nodes);

    const alarmed = builder.build({ ...input, metrics: sandboxMetrics(gatewayAlarm) });
    const changed = alarmed.nodes.filter((node, index) => node !== calm.nodes[index]).map((node) => node.id);
    expect(changed).toEqual(['service:api-gateway']);
    expect(builder.structures).toBe(1);

    const without = builder.build(input);
    expect(without.nodes.some((node) => node.kind === 'service' && node.vitals)).toBe(false);
  });
});
