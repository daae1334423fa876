import { describe, expect, it } from 'vitest';
import { buildTopologyGraph } from './graphFromData';
import { layoutTopology, type TopologyLayoutOptions } from './layout';
import { topologySpecSchema, type TopologyGraph } from './topologyModel';
import { snapshotText, topologyLines } from './render';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import {
  fixtureTime,
  gatewayAlarm,
  groupLagSummary,
  largePlatform,
  paymentTrouble,
  sandboxFleet,
  sandboxLag,
  sandboxMetrics,
  serviceSummary,
} from '../testing/topologyTestData';
import type { MetricsSnapshot } from '../metrics/metricsModel';

/**
 * Golden snapshots: the sandbox platform drawn exactly as checked in under __golden__/.
 * After a deliberate change to the drawing, look at the new pictures, then rewrite them with
 *
 *   npx vitest run shared/topology/layout.test.ts --update
 *
 * (vitest's `-u` updates file snapshots; review the diff before committing it).
 */

const now = fixtureTime + 12_000;

function sandboxGraph(trouble = false, metrics: MetricsSnapshot | null = null): TopologyGraph {
  return buildTopologyGraph({
    fleet: sandboxFleet(trouble ? paymentTrouble.fleet : {}),
    lag: sandboxLag(trouble ? paymentTrouble.lag : {}),
    spec: sandboxTopologySpec,
    environment: 'production',
    metrics,
  });
}

const goldens: [name: string, trouble: boolean, options: TopologyLayoutOptions][] = [
  ['sandbox-100', false, { width: 100 }],
  ['sandbox-160', false, { width: 160 }],
  ['sandbox-100-collapse-healthy', false, { width: 100, collapseHealthy: true }],
  ['sandbox-100-payment-trouble', true, { width: 100 }],
  ['sandbox-100-payment-trouble-collapsed', true, { width: 100, collapseHealthy: true }],
  ['sandbox-160-by-domain', true, { width: 160, groupByDomain: true }],
];

describe('golden snapshots of the sandbox platform', () => {
  it.each(goldens)('%s', async (name, trouble, options) => {
    const text = snapshotText(sandboxGraph(trouble), options, now);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(options.width);
    await expect(text).toMatchFileSnapshot(`__golden__/${name}.txt`);
  });
});

describe('golden snapshot of the sandbox platform with CloudWatch’s figures', () => {
  it('carries 5XX share and p99 on every service box, and marks and lists the one whose alarm is in ALARM', async () => {
    const options = { width: 100 };
    const text = snapshotText(sandboxGraph(true, sandboxMetrics(gatewayAlarm)), options, now);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(options.width);
    expect(text.split('\n').length).toBeLessThan(200);
    expect(text).toContain('│ ⚑ 5xx 86% p99 2.1s  │');
    expect(text).toContain('  - api-gateway alarm api-gateway-5xx in ALARM (5xx 86 %, p99 2.1 s)');
    await expect(text).toMatchFileSnapshot('__golden__/sandbox-100-payment-trouble-metrics.txt');
  });
});

describe('layoutTopology', () => {
  it('keeps every box where it was when only values change', () => {
    const calm = sandboxGraph(false);
    const changed = buildTopologyGraph({
      fleet: sandboxFleet({
        ...paymentTrouble.fleet,
        'order-service': { health: 'deploying', runningCount: 12, desiredCount: 14, revision: 118 },
        'api-gateway': { health: 'failed', runningCount: 0, family: 'edge-gateway', revision: 2031 },
        'analytics-service': { health: 'stale' },
      }),
      lag: sandboxLag({
        ...paymentTrouble.lag,
        'analytics-service': { burrowStatus: 'WARN', severity: 'warn', totalLag: 98_765_432 },
        'order-service': {
          burrowStatus: 'OK',
          severity: 'error',
          totalLag: 54_321,
          findings: [
            {
              kind: 'no-consumer-assigned',
              severity: 'error',
              summary: 'no consumer assigned: the group has no live member while 54 321 messages wait',
              partitions: [],
            },
          ],
        },
      }),
      spec: sandboxTopologySpec,
      environment: 'production',
    });
    for (const options of [{ width: 100 }, { width: 160 }, { width: 120, groupByDomain: true }]) {
      const before = layoutTopology(calm, options);
      const after = layoutTopology(changed, options);
      const rectangles = (layout: typeof before) =>
        layout.boxes.map(({ id, x, y, width, height }) => ({ id, x, y, width, height }));
      expect(rectangles(after)).toEqual(rectangles(before));
      expect(topologyLines(after)).not.toEqual(topologyLines(before));
      const text = topologyLines(after).join('\n');
      expect(text).toMatch(/◐ deploying +12\/14/);
      expect(text).toContain('lag 98M WARN');
      expect(text).toContain('lag 54 321 OK !');
    }
  });

  it('draws every box inside its rectangle, with the annotation map saying whose cells they are', () => {
    const layout = layoutTopology(sandboxGraph(true), { width: 100 });
    const payment = layout.boxes.find((b) => b.id === 'service:payment-service')!;
    const cell = (x: number, y: number) => layout.chars[y]![x];
    expect([
      cell(payment.x, payment.y),
      cell(payment.x + payment.width - 1, payment.y + payment.height - 1),
    ]).toEqual(['┌', '┘']);
    expect(layout.chars[payment.y + 1]!.slice(payment.x, payment.x + payment.width).join('')).toBe(
      '│ payment-service     ├',
    );
    for (let y = payment.y; y < payment.y + payment.height; y++)
      for (let x = payment.x; x < payment.x + payment.width; x++)
        expect(layout.regions[layout.cellRegions[y]![x]!]).toMatchObject({
          kind: 'node',
          viewId: 'service:payment-service',
          severity: 'warn',
        });
    for (const box of layout.boxes) {
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
    const overlapping = layout.boxes.filter((a) =>
      layout.boxes.some(
        (b) =>
          a !== b &&
          a.x < b.x + b.width &&
          b.x < a.x + a.width &&
          a.y < b.y + b.height &&
          b.y < a.y + a.height,
      ),
    );
    expect(overlapping).toEqual([]);
  });

  it('marks the cells of an edge and its label with the edge and its status', () => {
    const layout = layoutTopology(sandboxGraph(true), { width: 160 });
    const labelY = layout.chars.findIndex((row) => row.join('').includes('lag 12 340 ERR'));
    const labelX = layout.chars[labelY]!.join('').indexOf('lag 12 340 ERR');
    const label = layout.regions[layout.cellRegions[labelY]![labelX]!]!;
    expect(label).toEqual({
      kind: 'label',
      edgeIds: ['consumes:topic:payment-process->service:payment-service#payment-service'],
      severity: 'error',
    });
    // The arrow under the label belongs to the same edge.
    const arrow = layout.regions[layout.cellRegions[labelY + 1]![labelX - 2]!]!;
    expect(layout.chars[labelY + 1]![labelX - 2]).toBe('▼');
    expect(arrow).toMatchObject({
      kind: 'edge',
      edgeIds: label.kind === 'label' ? label.edgeIds : [],
      severity: 'error',
    });
    const unclaimed: string[] = [];
    for (let y = 0; y < layout.height; y++)
      for (let x = 0; x < layout.width; x++)
        if (layout.chars[y]![x] !== ' ' && layout.cellRegions[y]![x] === -1) unclaimed.push(`${x},${y}`);
    expect(unclaimed).toEqual([]);
  });

  it('lays out hundreds of services within the width, wrapping layers and leaving out what cannot pass', () => {
    const { fleet, spec } = largePlatform(10, 30);
    const graph = buildTopologyGraph({
      fleet,
      lag: null,
      spec: topologySpecSchema.parse(spec),
      environment: 'production',
    });
    expect(graph.nodes.filter((n) => n.kind === 'service')).toHaveLength(301);
    for (const options of [
      { width: 100 },
      { width: 100, collapseHealthy: true },
      { width: 100, collapseHealthy: true, groupByDomain: true },
    ]) {
      const layout = layoutTopology(graph, options);
      expect(layout.width).toBeLessThanOrEqual(100);
      for (const line of topologyLines(layout)) expect([...line].length).toBeLessThanOrEqual(100);
      const drawn = new Set(layout.boxes.flatMap((b) => b.nodeIds));
      for (const node of graph.nodes) expect(drawn.has(node.id)).toBe(true);
      const elided = new Set(layout.elidedEdges);
      for (const id of elided) expect(graph.edges.some((e) => e.id === id)).toBe(true);
    }
    const collapsed = layoutTopology(graph, { width: 100, collapseHealthy: true });
    expect(collapsed.boxes.some((b) => b.kind === 'aggregate' && b.nodeIds.length > 100)).toBe(true);
    const degraded = fleet.services
      .filter((s) => s.health === 'degraded')
      .map((s) => `service:${s.serviceName}`);
    expect(degraded.length).toBeGreaterThan(10);
    expect(collapsed.boxes.filter((b) => b.kind === 'service').map((b) => b.id)).toEqual(
      expect.arrayContaining(degraded),
    );
  });

  it('gives each consumer group an arrow of its own, but past a few on one line only those in trouble', () => {
    const lag = sandboxLag(paymentTrouble.lag);
    const extra = (count: number) =>
      Array.from({ length: count }, (_, index) =>
        groupLagSummary(`payment-service-worker-${index + 1}`, ['payment-process'], 7),
      );
    const draw = (groups: number) =>
      topologyLines(
        layoutTopology(
          buildTopologyGraph({
            fleet: sandboxFleet(paymentTrouble.fleet),
            lag: { ...lag, groups: [...lag.groups, ...extra(groups)] },
            spec: sandboxTopologySpec,
            environment: 'production',
          }),
          { width: 160 },
        ),
      ).join('\n');
    const few = draw(2);
    expect(few.match(/lag 7 OK/g)).toHaveLength(2);
    expect(few).toContain('lag 12 340 ERR');
    const crowded = draw(40);
    expect(crowded).not.toContain('lag 7 OK');
    expect(crowded).toContain('lag 12 340 ERR');
    expect(crowded.split('\n').length).toBeLessThan(few.split('\n').length + 5);
  });

  it('draws a graph with no edges, and an empty one', () => {
    const lonely = buildTopologyGraph({
      fleet: { clusters: [], services: [serviceSummary('solo-service')], generatedAt: fixtureTime },
      lag: null,
      spec: topologySpecSchema.parse({}),
      environment: 'production',
    });
    expect(topologyLines(layoutTopology(lonely, { width: 100 }))).toEqual([
      '┌─────────────────────┐',
      '│ solo-service        │',
      '│ ✓ healthy       3/3 │',
      '│ rev 1               │',
      '└─────────────────────┘',
    ]);
    const empty = { ...lonely, nodes: [], edges: [] };
    expect(topologyLines(layoutTopology(empty, { width: 100 }))).toEqual(['']);
  });
});
