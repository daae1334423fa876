import { describe, expect, it } from 'vitest';
import { buildTopologyGraph } from '../../../shared/topology/graphFromData';
import { sandboxTopologySpec } from '../../../shared/topology/sandboxTopologySpec';
import {
  numberedFleet,
  paymentTrouble,
  sandboxFleet,
  sandboxLag,
  serviceSummary,
} from '../../../shared/testing/topologyTestData';
import type { FleetSnapshot } from '../../../shared/fleet/fleetModel';
import type { LagSnapshot } from '../../../shared/kafka/kafkaModel';
import { problemView } from '../../../shared/topology/problemView';
import { moveBetweenBoxes, targetAt, type BoxFacts } from './topologyBoxes';
import { TopologyRenderCache } from './topologyRenderCache';

/**
 * What the page makes of a drawing: rows coloured by region, boxes with their names, health
 * and what they open, clicks mapped back to what is under them, and a layout made only when
 * the structure changes.
 */

function graph(fleet: FleetSnapshot = sandboxFleet(), lag: LagSnapshot | null = sandboxLag()) {
  return buildTopologyGraph({ fleet, lag, spec: sandboxTopologySpec, environment: 'production' });
}

const troubled = () => graph(sandboxFleet(paymentTrouble.fleet), sandboxLag(paymentTrouble.lag));

function boxNamed(boxes: readonly BoxFacts[], name: string): BoxFacts {
  const found = boxes.find((box) => box.name === name);
  if (!found) throw new Error(`no box ${name}`);
  return found;
}

describe('the topology picture', () => {
  it('offers each summary box of a large platform to expand, and redraws when its counts change', () => {
    const large = (health: 'healthy' | 'stale') =>
      problemView(graph(numberedFleet(300, { 'user-service-20': { health } }), sandboxLag())).graph;
    const cache = new TopologyRenderCache();
    const calm = cache.render(large('healthy'), { width: 120 });
    const cluster = boxNamed(calm.boxes, 'flarenet-production');
    expect(cluster.kind).toBe('summary');
    expect(cluster.target).toEqual({
      kind: 'expand-summary',
      summaryId: 'summary:cluster:flarenet-production',
    });
    expect(cluster.description).toBe(
      'flarenet-production: 291 services, all healthy. Enter shows them one by one.',
    );
    const staleOne = cache.render(large('stale'), { width: 120 });
    expect(cache.layouts).toBe(1);
    expect(boxNamed(staleOne.boxes, 'flarenet-production').description).toBe(
      'flarenet-production: 291 services, 1 stale, 290 healthy. Enter shows them one by one.',
    );
    expect(staleOne.rendered.lines.join('\n')).toContain('○ 1 stale, ✓ 290 healthy');
  });

  it('keeps the text of every row, split into runs by region, with the lag labels marked', () => {
    const picture = new TopologyRenderCache().render(troubled(), { width: 120 });
    picture.rows.forEach((row, y) => {
      expect(row.runs.map((run) => run.text).join('')).toBe(picture.rendered.lines[y]);
    });
    const runs = picture.rows.flatMap((row) => row.runs);
    const paymentLabel = runs.find((run) => run.label?.group === 'payment-service');
    expect(paymentLabel?.label).toEqual({ group: 'payment-service', status: 'ERR', severity: 'error' });
    expect(paymentLabel?.text).toMatch(/^lag 12.340 ERR$/);
    expect(paymentLabel?.className).toBe('tl s-error');
    // A degraded box: its words and its border both carry the warning colour.
    const degraded = runs.filter((run) => run.className.startsWith('tn s-warn'));
    expect(degraded.some((run) => run.text.includes('▲ degraded'))).toBe(true);
    expect(degraded.some((run) => run.className === 'tn s-warn tb' && /^[─┌┐└┘│┬┴├┤]+$/.test(run.text))).toBe(
      true,
    );
  });

  it("keeps Burrow's word on a label and colours it by the console's findings too", () => {
    const unassigned = sandboxLag({
      'payment-service': {
        burrowStatus: 'OK',
        severity: 'error',
        totalLag: 640,
        findings: [
          {
            kind: 'no-consumer-assigned',
            severity: 'error',
            summary:
              'no consumer assigned: the group has no live member while 640 messages wait on 3 partitions',
            partitions: [],
          },
        ],
      },
    });
    const picture = new TopologyRenderCache().render(graph(sandboxFleet(), unassigned), { width: 120 });
    const label = picture.rows
      .flatMap((row) => row.runs)
      .find((run) => run.label?.group === 'payment-service');
    expect(label?.text).toBe('lag 640 OK !');
    expect(label?.label).toEqual({ group: 'payment-service', status: 'OK', severity: 'error' });
    expect(label?.className).toBe('tl s-error');
    expect(boxNamed(picture.boxes, 'payment-process')).toMatchObject({ status: 'OK', severity: 'error' });
  });

  it('describes each box by name and health, and says what it opens', () => {
    const { boxes } = new TopologyRenderCache().render(troubled(), { width: 120 });
    const payment = boxNamed(boxes, 'payment-service');
    expect(payment).toMatchObject({
      kind: 'service',
      health: 'degraded',
      status: null,
      target: { kind: 'service', serviceName: 'payment-service', clusterName: 'flarenet-production' },
    });
    expect(payment.description).toMatch(/^payment-service: degraded, 1 of 3 running, payment-service:3\./);
    expect(boxNamed(boxes, 'payment-process')).toMatchObject({
      kind: 'topic',
      status: 'ERR',
      severity: 'error',
      target: { kind: 'group', kafkaCluster: 'flarenet-kafka', groupId: 'payment-service' },
    });
    expect(boxNamed(boxes, 'payments-db').target).toEqual({
      kind: 'service',
      serviceName: 'payment-service',
      clusterName: 'flarenet-production',
    });
    expect(boxNamed(boxes, 'alb').target).toBeNull();
  });

  it('maps a cell to the box on it, or to the group of the lag line there', () => {
    const picture = new TopologyRenderCache().render(troubled(), { width: 120 });
    const { rendered, boxes } = picture;
    const payment = boxNamed(boxes, 'payment-service');
    expect(targetAt(picture.graph, rendered.annotations, boxes, payment.x + 2, payment.y + 1)).toEqual({
      boxId: payment.id,
      target: payment.target,
    });
    const y = rendered.lines.findIndex((line) => /lag 12.340 ERR/.test(line));
    const x = [...rendered.lines[y]!].join('').search(/lag 12.340 ERR/);
    expect(targetAt(picture.graph, rendered.annotations, boxes, x + 3, y)).toEqual({
      boxId: null,
      target: { kind: 'group', kafkaCluster: 'flarenet-kafka', groupId: 'payment-service' },
    });
    expect(targetAt(picture.graph, rendered.annotations, boxes, 0, 0).target).toBeNull();
  });

  it('lays out again only when the structure or the options change', () => {
    const cache = new TopologyRenderCache();
    const first = cache.render(graph(), { width: 120 });
    expect(cache.render(graph(), { width: 120 })).toBe(first);
    expect(cache.layouts).toBe(1);

    const values = cache.render(troubled(), { width: 120 });
    expect(values).not.toBe(first);
    expect(cache.layouts).toBe(1);
    expect(values.boxes.map((box) => [box.id, box.x, box.y])).toEqual(
      first.boxes.map((box) => [box.id, box.x, box.y]),
    );

    cache.render(troubled(), { width: 160 });
    expect(cache.layouts).toBe(2);
    const bigger = sandboxFleet();
    bigger.services.push(serviceSummary('billing-service'));
    cache.render(graph(bigger), { width: 160 });
    expect(cache.layouts).toBe(3);
  });
});

describe('moving between boxes', () => {
  const { boxes } = new TopologyRenderCache().render(graph(), { width: 120 });

  it('goes down to the nearest box below and back up', () => {
    const gateway = boxNamed(boxes, 'api-gateway');
    const below = moveBetweenBoxes(boxes, gateway.id, 'down');
    const next = boxes.find((box) => box.id === below)!;
    expect(next.y).toBeGreaterThan(gateway.y);
    expect(moveBetweenBoxes(boxes, boxNamed(boxes, 'alb').id, 'down')).toBe(gateway.id);
    expect(moveBetweenBoxes(boxes, gateway.id, 'up')).toBe(boxNamed(boxes, 'alb').id);
  });

  it('goes left and right along a row, and in layout order for Home, End and from nowhere', () => {
    const order = boxNamed(boxes, 'order-service');
    const right = boxes.find((box) => box.id === moveBetweenBoxes(boxes, order.id, 'right'))!;
    expect(right.x).toBeGreaterThan(order.x);
    expect(right.y).toBe(order.y);
    expect(moveBetweenBoxes(boxes, right.id, 'left')).toBe(order.id);
    expect(moveBetweenBoxes(boxes, null, 'down')).toBe(boxes[0]!.id);
    expect(moveBetweenBoxes(boxes, order.id, 'last')).toBe(boxes.at(-1)!.id);
    expect(moveBetweenBoxes(boxes, order.id, 'first')).toBe(boxes[0]!.id);
  });
});
