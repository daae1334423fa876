import { describe, expect, it } from 'vitest';
import { buildTopologyGraph } from './graphFromData';
import { topologySpecSchema } from './topologyModel';
import { boxAt, regionAt, renderTopology, snapshotText } from './render';
import { wrapWords } from '../wrapWords';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import {
  fixtureTime,
  groupLagSummary,
  largePlatform,
  paymentTrouble,
  sandboxFleet,
  sandboxLag,
} from '../testing/topologyTestData';

const now = fixtureTime + 95_000;

function troubledGraph() {
  return buildTopologyGraph({
    fleet: sandboxFleet({
      ...paymentTrouble.fleet,
      'order-service': {
        health: 'deploying',
        healthReason: '4/4 running; deploying order-service:7 from order-service:6 (1/4 new tasks running)',
      },
      'catalog-service': {
        health: 'failed',
        runningCount: 0,
        healthReason: '0/3 running; tasks failing (6 failed) in catalog-service:3',
      },
    }),
    lag: {
      ...sandboxLag(paymentTrouble.lag),
      groups: [
        ...sandboxLag(paymentTrouble.lag).groups.filter((g) => g.groupId !== 'analytics-service'),
        groupLagSummary('analytics-service', ['order-completed', 'order-created', 'user-events'], 48_000, {
          burrowStatus: 'WARN',
          severity: 'warn',
          statusReason: 'order-created/1 lag grew over the whole window (9s) while commits move on',
        }),
      ],
    },
    spec: sandboxTopologySpec,
    environment: 'production',
  });
}

describe('snapshotText', () => {
  const text = snapshotText(troubledGraph(), { width: 100 }, now);
  const lines = text.split('\n');

  it('starts with the time in UTC, the environment and the counts in words', () => {
    expect(lines[0]).toBe('FlareNet topology — production (flarenet-production) — 2025-03-14 09:31:35 UTC');
    expect(lines[1]).toBe('9 services: 1 failed, 1 degraded, 1 deploying, 6 healthy · 8 topics ·');
    expect(lines[2]).toBe('  5 consumer groups: 1 ERR, 1 WARN, 3 OK · 5 datastores');
    expect(lines[3]).toBe('fleet data 1 min 35 s old, lag data 1 min 35 s old');
  });

  it('says SANDBOX in the header when the fleet is simulated', () => {
    const sandboxText = snapshotText(troubledGraph(), { width: 100 }, now, true);
    expect(sandboxText.split('\n')[0]).toBe(
      'FlareNet topology — SANDBOX — production (flarenet-production) — 2025-03-14 09:31:35 UTC',
    );
  });

  it('lists the problems in words, worst first, after the diagram', () => {
    const problems = lines.indexOf('Problems:');
    expect(problems).toBeGreaterThan(10);
    expect(lines.slice(problems + 1, problems + 8)).toEqual([
      '  - catalog-service failed 0/3 running; tasks failing (6 failed) in catalog-service:3',
      '  - payment-service degraded 1/3 running; new tasks failing health checks (4 failed) in',
      '    payment-service:4',
      '  - payment-process → payment-service lag 12 340 ERR (payment-process/2 stalled: commits continue',
      '    but offset 1 200 has not moved for 40s)',
      '  - order-completed, order-created, user-events → analytics-service lag 48 000 WARN (order-created/1',
      '    lag grew over the whole window (9s) while commits move on)',
    ]);
    expect(text).toContain('Deploying:\n  - order-service 4/4 running; deploying order-service:7');
    expect(text).toContain('Legend: ┏━┓ entry  ┌─┐ service  ╭─╮ Kafka topic  ╔═╗ datastore');
  });

  it('draws the statuses in the boxes and on the edges', () => {
    expect(text).toContain('✖ failed        0/3');
    expect(text).toContain('▲ degraded      1/3');
    expect(text).toMatch(/◐ deploying +4\/4/);
    expect(text).toContain('lag 12 340 ERR');
    expect(text).toContain('lag 48 000 WARN');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('says so when nothing is wrong', () => {
    const calm = buildTopologyGraph({
      fleet: sandboxFleet(),
      lag: sandboxLag(),
      spec: sandboxTopologySpec,
      environment: 'production',
    });
    const calmText = snapshotText(calm, { width: 160, collapseHealthy: true }, now);
    expect(calmText).toContain('\nNo problems: every service healthy, no consumer group behind.\n');
    expect(calmText).not.toContain('Problems:');
    expect(calmText.split('\n')[2]).toBe(
      'fleet data 1 min 35 s old, lag data 1 min 35 s old; healthy boxes collapsed',
    );
  });

  it('counts and names the edges it had no room to draw', () => {
    const { fleet, spec } = largePlatform(6, 30);
    const graph = buildTopologyGraph({
      fleet,
      lag: null,
      spec: topologySpecSchema.parse(spec),
      environment: 'production',
    });
    const rendered = renderTopology(graph, { width: 100 });
    expect(rendered.elidedEdges.length).toBeGreaterThan(0);
    const big = snapshotText(graph, { width: 100, all: true }, now);
    expect(big).toContain(`Not drawn for lack of room: ${rendered.elidedEdges.length} edges (`);
    expect(big).toContain('Notes:\n  - No Kafka lag data: consumer edges come from config, without lag.');
  });
});

describe('annotation map', () => {
  const rendered = renderTopology(troubledGraph(), { width: 160 });
  const { annotations, lines } = rendered;

  it('finds the box and its status under any cell of it', () => {
    const catalog = annotations.boxes.find((b) => b.id === 'service:catalog-service')!;
    expect(lines[catalog.y + 2]!.slice(catalog.x, catalog.x + catalog.width)).toBe('│ ✖ failed        0/3 │');
    expect(boxAt(annotations, catalog.x + 3, catalog.y + 3)).toBe(catalog);
    expect(regionAt(annotations, catalog.x, catalog.y)).toEqual({
      kind: 'node',
      viewId: 'service:catalog-service',
      nodeIds: ['service:catalog-service'],
      severity: 'error',
    });
    const cache = annotations.boxes.find((b) => b.id === 'datastore:catalog-cache@service:catalog-service')!;
    expect(lines[cache.y + 1]!.slice(cache.x - 3, cache.x + cache.width)).toBe('──▶║ catalog-cache ║');
    expect(regionAt(annotations, cache.x - 2, cache.y + 1)).toEqual({
      kind: 'edge',
      edgeIds: ['uses:service:catalog-service->datastore:catalog-cache'],
      severity: 'none',
    });
  });

  it('marks a group’s merged edges with the group’s status', () => {
    const y = lines.findIndex((line) => line.includes('lag 48 000 WARN'));
    const x = [...lines[y]!].join('').indexOf('lag 48 000 WARN');
    const label = regionAt(annotations, x, y);
    expect(label).toMatchObject({ kind: 'label', severity: 'warn' });
    expect(label?.kind === 'label' ? label.edgeIds : []).toEqual([
      'consumes:topic:order-completed->service:analytics-service#analytics-service',
      'consumes:topic:order-created->service:analytics-service#analytics-service',
      'consumes:topic:user-events->service:analytics-service#analytics-service',
    ]);
    expect(regionAt(annotations, x - 1, y)).toBeNull();
    expect(regionAt(annotations, x - 2, y)).toMatchObject({ kind: 'edge', severity: 'warn' });
  });
});

describe('text helpers', () => {
  it('wraps at spaces with a hanging indent', () => {
    expect(wrapWords('one two three four', 10, '- ', '  ')).toEqual(['- one two', '  three', '  four']);
    expect(wrapWords('unbreakable-word-longer-than-the-width', 10, '', '')).toEqual([
      'unbreakable-word-longer-than-the-width',
    ]);
  });
});
