import { describe, expect, it } from 'vitest';
import { buildTopologyGraph } from './graphFromData';
import { layoutTopology } from './layout';
import { problemView, problemViewApplies, summarySentence } from './problemView';
import { snapshotText } from './render';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import type { ServiceSummary } from '../fleet/fleetModel';
import type { TopologyGraph, TopologyNode } from './topologyModel';
import {
  fixtureTime,
  gatewayAlarm,
  numberedFleet,
  paymentTrouble,
  sandboxLag,
  sandboxMetrics,
} from '../testing/topologyTestData';

/**
 * A platform too large for one screen, drawn as its problems and their neighbours with the
 * rest counted in summary boxes. Golden snapshots as in layout.test.ts (`--update` rewrites).
 */

const now = fixtureTime + 12_000;

function platform(
  count: number,
  overrides: Readonly<Record<string, Partial<ServiceSummary>>> = {},
  trouble = false,
): TopologyGraph {
  return buildTopologyGraph({
    fleet: numberedFleet(count, overrides),
    lag: sandboxLag(trouble ? paymentTrouble.lag : {}),
    spec: sandboxTopologySpec,
    environment: 'production',
  });
}

const stale: Partial<ServiceSummary> = { health: 'stale', healthReason: 'no answer for 2 min' };

function summaries(graph: TopologyGraph): Extract<TopologyNode, { kind: 'summary' }>[] {
  return graph.nodes.filter((n): n is Extract<TopologyNode, { kind: 'summary' }> => n.kind === 'summary');
}

describe('the problem view', () => {
  it('is the default only above what fits a screen', () => {
    expect(problemViewApplies(platform(9))).toBe(false);
    expect(problemViewApplies(platform(50))).toBe(false);
    expect(problemViewApplies(platform(100))).toBe(true);
  });

  it('draws each problem with what feeds it and what it feeds, and counts the rest per domain or cluster', async () => {
    const graph = platform(
      1000,
      { ...paymentTrouble.fleet, 'catalog-service-17': stale, 'user-service-40': stale },
      true,
    );
    const view = problemView(graph);
    const drawn = view.graph.nodes.filter((n) => n.kind !== 'summary').map((n) => n.name);
    expect(drawn).toEqual(
      expect.arrayContaining(['alb', 'payment-service', 'payment-process', 'order-service', 'saga-response']),
    );
    expect(drawn).not.toContain('catalog-service-17');
    expect(summaries(view.graph).map((s) => summarySentence(s.summary))).toEqual([
      'customers: 3 services, 1 topic, all healthy',
      'edge: 2 services, all healthy',
      'flarenet-production: 991 services, 2 stale, 989 healthy',
      'orders: 2 more services, 5 topics, all healthy',
    ]);
    for (const edge of view.graph.edges) {
      expect(view.graph.nodes.some((n) => n.id === edge.from)).toBe(true);
      expect(view.graph.nodes.some((n) => n.id === edge.to)).toBe(true);
    }
    const text = snapshotText(graph, { width: 100 }, now);
    expect(text.split('\n').length).toBeLessThan(200);
    await expect(text).toMatchFileSnapshot('__golden__/scale-1000-payment-trouble.txt');
  });

  it('draws a service whose alarm is in ALARM among the problems, and stays pasteable with CloudWatch’s figures', () => {
    const metrics = sandboxMetrics(gatewayAlarm);
    const graph = buildTopologyGraph({
      fleet: numberedFleet(1000, paymentTrouble.fleet),
      lag: sandboxLag(paymentTrouble.lag),
      spec: sandboxTopologySpec,
      environment: 'production',
      metrics,
    });
    expect(problemView(graph).graph.nodes.map((n) => n.name)).toContain('api-gateway');
    const text = snapshotText(graph, { width: 100 }, now);
    expect(text).toContain('api-gateway alarm api-gateway-5xx in ALARM (5xx 86 %, p99 2.1 s)');
    expect(text.split('\n').length).toBeLessThan(200);
  });

  it('shows a calm platform as its entry and one box per domain and cluster', async () => {
    const text = snapshotText(platform(1000), { width: 100 }, now);
    expect(text).toContain('│ flarenet-production        │');
    expect(text).toContain('│ ✓ all healthy              │');
    expect(text).toContain('No problems: every service healthy, no consumer group behind.');
    await expect(text).toMatchFileSnapshot('__golden__/scale-1000-healthy.txt');
  });

  it('never calls a summary healthy when some of it is stale or missing', () => {
    const view = problemView(platform(200, { 'auth-service-3': stale, 'order-service-9': stale }));
    const cluster = summaries(view.graph).find((s) => s.summary.by === 'cluster')!;
    expect(summarySentence(cluster.summary)).toBe('flarenet-production: 191 services, 2 stale, 189 healthy');
    const lines = layoutTopology(view.graph, { width: 100 }).chars.map((row) => row.join(''));
    expect(lines.some((line) => line.includes('○ 2 stale, ✓ 189 healthy'))).toBe(true);
    expect(lines.some((line) => line.includes('all healthy') && line.includes('flarenet'))).toBe(false);
  });

  it('keeps to a few dozen boxes when hundreds are unwell, counting the others by health', () => {
    const degraded: Record<string, Partial<ServiceSummary>> = {};
    for (let copy = 2; copy <= 60; copy++)
      degraded[`payment-service-${copy}`] = { health: 'degraded', runningCount: 1 };
    const graph = platform(1000, degraded);
    const view = problemView(graph);
    const own = view.graph.nodes.filter((n) => n.kind !== 'summary' && n.kind !== 'datastore');
    expect(own.length).toBeLessThanOrEqual(25);
    const cluster = summaries(view.graph).find((s) => s.summary.by === 'cluster')!;
    expect(cluster.summary.health.degraded).toBe(59 - view.problems);
    expect(summarySentence(cluster.summary)).toMatch(/: 967 more services, \d+ degraded, \d+ healthy$/);
    const text = snapshotText(graph, { width: 100 }, now);
    expect(text.split('\n').length).toBeLessThan(200);
    expect(text).toContain('  - … and 29 more (draw all boxes to list every one)');
  });

  it('draws an expanded summary’s members one by one, in natural order', () => {
    const graph = platform(100);
    const clusterId = 'summary:cluster:flarenet-production';
    expect(summaries(problemView(graph).graph).map((s) => s.id)).toContain(clusterId);
    const expanded = problemView(graph, [clusterId]).graph;
    expect(summaries(expanded).map((s) => s.id)).not.toContain(clusterId);
    const gateways = expanded.nodes.filter((n) => n.name.startsWith('api-gateway')).map((n) => n.name);
    expect(gateways).toEqual([
      'api-gateway-2',
      'api-gateway-3',
      'api-gateway-4',
      'api-gateway-5',
      'api-gateway-6',
      'api-gateway-7',
      'api-gateway-8',
      'api-gateway-9',
      'api-gateway-10',
      'api-gateway-11',
      'api-gateway-12',
    ]);
  });

  it('draws ten thousand services as a page of text, and all of them when asked', () => {
    const graph = platform(10_000, paymentTrouble.fleet, true);
    const text = snapshotText(graph, { width: 100 }, now);
    expect(text.split('\n').length).toBeLessThan(200);
    expect(text).toContain('10000 services: 1 degraded, 9999 healthy');
    expect(text).toContain('│ 9991 services              │');
    expect(problemView(graph).graph.nodes.length).toBeLessThan(40);
  });
});
