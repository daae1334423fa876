import {
  prepareTopologyLayout,
  topologyStructureKey,
  type PreparedTopologyLayout,
  type TopologyLayoutOptions,
} from '../../../shared/topology/layout';
import type { TopologyGraph } from '../../../shared/topology/topologyModel';
import { renderPreparedTopology, type RenderedTopology } from '../../../shared/topology/render';
import { describeBoxes, type BoxFacts } from './topologyBoxes';
import { topologyRows, type TopologyRow } from './topologyRows';

/** One drawing of the topology and what the page needs of it. */
export interface TopologyPicture {
  /** The graph whose values are drawn. */
  graph: TopologyGraph;
  rendered: RenderedTopology;
  rows: TopologyRow[];
  boxes: BoxFacts[];
}

/**
 * Keeps the live diagram cheap: the layout (where boxes and lines go) is computed again only
 * when the graph's structure or the options change; a refresh that only changes values
 * (health, counts, lag) draws them into the layout already made, and one that changes
 * nothing drawn returns the previous drawing itself, so nothing re-renders.
 */
export class TopologyRenderCache {
  private prepared: PreparedTopologyLayout | null = null;
  private drawn: { valuesKey: string; picture: TopologyPicture } | null = null;
  /** How many layouts were made: for tests, and for anyone wondering why a refresh was slow. */
  layouts = 0;

  render(graph: TopologyGraph, options: TopologyLayoutOptions): TopologyPicture {
    const key = topologyStructureKey(graph, options);
    if (this.prepared?.key !== key) {
      this.prepared = prepareTopologyLayout(graph, options);
      this.layouts += 1;
      this.drawn = null;
    }
    const valuesKey = drawnValuesKey(graph);
    if (this.drawn?.valuesKey !== valuesKey) {
      const rendered = renderPreparedTopology(this.prepared, graph);
      this.drawn = {
        valuesKey,
        picture: {
          graph,
          rendered,
          rows: topologyRows(rendered, graph),
          boxes: describeBoxes(graph, rendered.annotations),
        },
      };
    }
    return this.drawn.picture;
  }
}

/**
 * The values a drawing shows (and its boxes' descriptions): each service's state, each
 * summary's counts, each consumer edge's lag.
 */
function drawnValuesKey(graph: TopologyGraph): string {
  const values: unknown[] = [];
  for (const node of graph.nodes) {
    if (node.kind === 'summary') {
      const { services, topics, groups, health, partial } = node.summary;
      values.push([services, topics, groups, health, partial]);
      continue;
    }
    if (node.kind !== 'service') continue;
    const state = node.state;
    values.push(
      state && [
        state.health,
        state.healthReason,
        state.runningCount,
        state.desiredCount,
        state.family,
        state.revision,
      ],
    );
  }
  for (const edge of graph.edges)
    if (edge.kind === 'consumes')
      values.push(
        edge.lag && [edge.lag.burrowStatus, edge.lag.severity, edge.lag.findings, edge.lag.totalLag],
      );
  return JSON.stringify(values);
}
