import { describe, expect, it } from 'vitest';
import { buildTopologyGraph } from './graphFromData';
import { prepareTopologyLayout, topologyStructureKey, type TopologyLayoutOptions } from './layout';
import { topologySpecSchema, type TopologyGraph } from './topologyModel';
import { renderPreparedTopology, renderTopology } from './render';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import { largePlatform, paymentTrouble, sandboxFleet, sandboxLag } from '../testing/topologyTestData';

/**
 * A live view lays the topology out once per structure and draws every refresh into it:
 * what it draws must be exactly what a full layout of the new data draws.
 */

function sandboxGraph(fleet = sandboxFleet(), lag = sandboxLag()): TopologyGraph {
  return buildTopologyGraph({ fleet, lag, spec: sandboxTopologySpec, environment: 'production' });
}

const optionSets: TopologyLayoutOptions[] = [
  { width: 100 },
  { width: 160, groupByDomain: true },
  { width: 100, collapseHealthy: true },
];

describe('a prepared layout', () => {
  it('draws new values exactly as a full layout of them does', () => {
    const before = sandboxGraph();
    const after = sandboxGraph(sandboxFleet(paymentTrouble.fleet), sandboxLag(paymentTrouble.lag));
    for (const options of [optionSets[0]!, optionSets[1]!]) {
      expect(topologyStructureKey(after, options)).toBe(topologyStructureKey(before, options));
      const prepared = prepareTopologyLayout(before, options);
      const redrawn = renderPreparedTopology(prepared, after);
      const full = renderTopology(after, options);
      expect(redrawn.lines).toEqual(full.lines);
      expect(redrawn.annotations).toEqual(full.annotations);
      expect(redrawn.lines.join('\n')).toContain('▲ degraded');
      expect(redrawn.lines.join('\n')).toContain('lag 12 340 ERR');
    }
  });

  it('keeps its key while only values change, and changes it with the structure or the options', () => {
    const healthy = sandboxGraph();
    const key = topologyStructureKey(healthy, { width: 100 });
    expect(topologyStructureKey(healthy, { width: 100.7 })).toBe(key);
    expect(topologyStructureKey(healthy, { width: 120 })).not.toBe(key);
    expect(topologyStructureKey(healthy, { width: 100, groupByDomain: true })).not.toBe(key);

    const spec = topologySpecSchema.parse({
      ...sandboxTopologySpec,
      consumes: { ...sandboxTopologySpec.consumes, 'user-service': ['order-completed'] },
    });
    const moreEdges = buildTopologyGraph({
      fleet: sandboxFleet(),
      lag: sandboxLag(),
      spec,
      environment: 'production',
    });
    expect(topologyStructureKey(moreEdges, { width: 100 })).not.toBe(key);
  });

  it('counts a service leaving the collapsed healthy boxes as a change of structure', () => {
    const options = optionSets[2]!;
    const healthy = sandboxGraph();
    const troubled = sandboxGraph(sandboxFleet(paymentTrouble.fleet), sandboxLag(paymentTrouble.lag));
    expect(topologyStructureKey(troubled, options)).not.toBe(topologyStructureKey(healthy, options));
    // Without collapsing the same change is values only.
    expect(topologyStructureKey(troubled, { width: 100 })).toBe(
      topologyStructureKey(healthy, { width: 100 }),
    );
  });

  it('carries the key it was prepared under and the edges it had no room for', () => {
    const { fleet, spec } = largePlatform(3, 12);
    const graph = buildTopologyGraph({
      fleet,
      lag: null,
      spec: topologySpecSchema.parse(spec),
      environment: 'production',
    });
    const prepared = prepareTopologyLayout(graph, { width: 64 });
    expect(prepared.key).toBe(topologyStructureKey(graph, { width: 64 }));
    expect(prepared.elidedEdges.length).toBeGreaterThan(0);
    expect(renderPreparedTopology(prepared, graph).elidedEdges).toEqual(
      renderTopology(graph, { width: 64 }).elidedEdges,
    );
  });
});
