import { describe, expect, it } from 'vitest';
import type { FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import type { LagSnapshot } from '../kafka/kafkaModel';
import { buildTopologyGraph, TopologyGraphBuilder, type TopologyDataInput } from './graphFromData';
import { problemView, ProblemViewMemo } from './problemView';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import { numberedFleet, paymentTrouble, sandboxLag } from '../testing/topologyTestData';

/**
 * The topology of a live fleet: each store update is a new snapshot in which what did not
 * change keeps its object. The builder and the problem view's memo give what building from
 * scratch gives, and skip the work the unchanged objects make needless.
 */

function input(fleet: FleetSnapshot, lag: LagSnapshot | null = sandboxLag()): TopologyDataInput {
  return { fleet, lag, spec: sandboxTopologySpec, environment: 'production' };
}

/** The next snapshot as the store delivers it: a new list, the named services changed, the rest the same objects. */
function updated(
  fleet: FleetSnapshot,
  changes: Readonly<Record<string, Partial<ServiceSummary>>>,
  generatedAt = fleet.generatedAt + 5000,
): FleetSnapshot {
  return {
    ...fleet,
    services: fleet.services.map((s) => (changes[s.serviceName] ? { ...s, ...changes[s.serviceName] } : s)),
    generatedAt,
  };
}

const degraded: Partial<ServiceSummary> = {
  health: 'degraded',
  healthReason: '1/3 running',
  runningCount: 1,
};

describe('the graph of a live fleet', () => {
  it('gives the same graph for the same input, and keeps nodes and edges when nothing drawn changed', () => {
    const builder = new TopologyGraphBuilder();
    const fleet = numberedFleet(1000);
    const lag = sandboxLag();
    const first = builder.build(input(fleet, lag));
    expect(builder.build(input(fleet, lag))).toBe(first);

    // Every service copied with a new read time, as when its cluster is polled again.
    const polled = {
      ...fleet,
      services: fleet.services.map((s) => ({ ...s, observedAt: s.observedAt + 5000 })),
      generatedAt: fleet.generatedAt + 5000,
    };
    const next = builder.build(input(polled, lag));
    expect(next.nodes).toBe(first.nodes);
    expect(next.edges).toBe(first.edges);
    expect(next.fleetAt).toBe(polled.generatedAt);
    expect(builder.structures).toBe(1);
  });

  it('replaces only the box of the service that changed, and draws what a fresh build draws', () => {
    const builder = new TopologyGraphBuilder();
    const fleet = numberedFleet(1000);
    const lag = sandboxLag();
    const before = builder.build(input(fleet, lag));
    const changed = updated(fleet, { 'payment-service-7': degraded });
    const after = builder.build(input(changed, lag));

    expect(after).toEqual(buildTopologyGraph(input(changed, lag)));
    const replaced = after.nodes.filter((node, index) => node !== before.nodes[index]);
    expect(replaced.map((n) => n.name)).toEqual(['payment-service-7']);
    expect(after.edges).toBe(before.edges);
    expect(builder.structures).toBe(1);
  });

  it('replaces only the edges of a group whose lag changed', () => {
    const builder = new TopologyGraphBuilder();
    const fleet = numberedFleet(200);
    const before = builder.build(input(fleet, sandboxLag()));
    const trouble = sandboxLag(paymentTrouble.lag);
    const after = builder.build(input(fleet, trouble));

    expect(after).toEqual(buildTopologyGraph(input(fleet, trouble)));
    const replaced = after.edges.filter((edge, index) => edge !== before.edges[index]);
    expect(replaced.map((e) => e.id)).toEqual([
      'consumes:topic:payment-process->service:payment-service#payment-service',
    ]);
    expect(after.nodes).toBe(before.nodes);
    expect(builder.structures).toBe(1);
  });

  it('builds nodes and edges again when services come or go, or tags change', () => {
    const builder = new TopologyGraphBuilder();
    const fleet = numberedFleet(300);
    builder.build(input(fleet));
    const fewer = { ...fleet, services: fleet.services.filter((s) => s.serviceName !== 'order-service-3') };
    expect(builder.build(input(fewer))).toEqual(buildTopologyGraph(input(fewer)));
    expect(builder.structures).toBe(2);

    const tagged = updated(fewer, { 'user-service-5': { tags: { 'flarenet:produces': 'user-audit' } } });
    const graph = builder.build(input(tagged));
    expect(graph).toEqual(buildTopologyGraph(input(tagged)));
    expect(graph.edges.some((e) => e.id === 'produces:service:user-service-5->topic:user-audit')).toBe(true);
    expect(builder.structures).toBe(3);
  });

  it('follows a run of updates exactly as fresh builds do', () => {
    const builder = new TopologyGraphBuilder();
    let fleet = numberedFleet(1000);
    let lag: LagSnapshot | null = null;
    const steps: ((f: FleetSnapshot) => FleetSnapshot)[] = [
      (f) => updated(f, { 'order-service': degraded, 'auth-service-40': { health: 'stale' } }),
      (f) => updated(f, { 'order-service': { health: 'healthy', runningCount: 4 } }),
      (f) => ({
        ...f,
        services: [...f.services, { ...f.services[0]!, serviceName: 'zeta-9', key: 'zeta-9' }],
      }),
      (f) => updated(f, { 'zeta-9': { health: 'failed' } }),
      (f) => f,
    ];
    for (const [index, step] of steps.entries()) {
      fleet = step(fleet);
      lag = index === 1 ? sandboxLag(paymentTrouble.lag) : index === 3 ? null : lag;
      expect(builder.build(input(fleet, lag))).toEqual(buildTopologyGraph(input(fleet, lag)));
    }
    expect(builder.structures).toBe(4);
  });
});

describe('the problem view of a live fleet', () => {
  it('reads the structure once while only values change, and gives what a fresh view gives', () => {
    const builder = new TopologyGraphBuilder();
    const memo = new ProblemViewMemo();
    const fleet = numberedFleet(1000);
    const lag = sandboxLag();
    const graph = builder.build(input(fleet, lag));
    const first = memo.view(graph);
    expect(memo.view(graph)).toBe(first);

    const changed = builder.build(input(updated(fleet, { 'payment-service-7': degraded }), lag));
    const view = memo.view(changed);
    expect(view).toEqual(problemView(changed));
    expect(view.graph.nodes.map((n) => n.name)).toContain('payment-service-7');
    expect(memo.view(changed, ['summary:domain:orders'])).toEqual(
      problemView(changed, ['summary:domain:orders']),
    );
    expect(memo.indexes).toBe(1);

    const polled = builder.build(
      input(updated(fleet, { 'payment-service-7': degraded }, fleet.generatedAt + 9000), lag),
    );
    const again = memo.view(polled, ['summary:domain:orders']);
    expect(again.graph.fleetAt).toBe(fleet.generatedAt + 9000);
    expect(again.graph.nodes).toBe(memo.view(changed, ['summary:domain:orders']).graph.nodes);

    const grown = builder.build(input({ ...fleet, services: fleet.services.slice(0, 900) }, lag));
    expect(memo.view(grown)).toEqual(problemView(grown));
    expect(memo.indexes).toBe(2);
  });
});
