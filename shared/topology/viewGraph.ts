import { compareNaturalText } from '../compareText';
import { assignLayers } from './layering';
import type { TopologyGraph, TopologyNode } from './topologyModel';

/**
 * The graph as it is drawn: one box per node, or one box standing for a run of healthy ones
 * ("7 healthy services") when collapsing; datastores hang beside their service instead of
 * taking a layer; each edge knows whether it is drawn against the flow.
 */

export type ViewNodeKind = 'entry' | 'service' | 'topic' | 'group' | 'summary' | 'aggregate';

export interface ViewNode {
  id: string;
  kind: ViewNodeKind;
  /** The graph nodes this box stands for: one, or the members of an aggregate. */
  nodeIds: string[];
  /** What an aggregate stands for. */
  memberKind: 'service' | 'topic' | null;
  domain: string | null;
  layer: number;
  /** Datastore node ids drawn beside this box. */
  datastores: string[];
}

export interface ViewEdge {
  id: string;
  from: string;
  to: string;
  /** The graph edges drawn as this one. */
  edgeIds: string[];
  /** Consumer edges into one group's service: they share an arrow labelled with the group's lag. */
  groupId: string | null;
  /** Drawn upwards, against the flow (see layering.ts). */
  reversed: boolean;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  layerCount: number;
}

export interface ViewOptions {
  collapseHealthy: boolean;
  groupByDomain: boolean;
}

/** Consumer groups on one line (a topic into a service) that each get a labelled arrow; past that, those in trouble only. */
const labelledGroupsPerLine = 3;

const kindRank: Record<TopologyNode['kind'], number> = {
  entry: 0,
  service: 1,
  group: 1,
  summary: 1,
  topic: 2,
  datastore: 3,
};

export function buildViewGraph(graph: TopologyGraph, options: ViewOptions): ViewGraph {
  const drawn = graph.nodes
    .filter((n): n is Exclude<TopologyNode, { kind: 'datastore' }> => n.kind !== 'datastore')
    .sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || compareNaturalText(a.name, b.name));
  const flowEdges = graph.edges.filter((e) => e.kind !== 'uses');
  const entries = new Set(drawn.filter((n) => n.kind === 'entry').map((n) => n.id));
  const { layerOf, layerCount } = assignLayers(
    drawn.map((n) => n.id),
    flowEdges,
    entries,
  );

  const datastoresOf = new Map<string, string[]>();
  for (const edge of graph.edges)
    if (edge.kind === 'uses') datastoresOf.set(edge.from, [...(datastoresOf.get(edge.from) ?? []), edge.to]);
  const viewOf = new Map<string, string>();
  const nodes: ViewNode[] = [];
  const aggregates = new Map<string, ViewNode>();
  const quiet = options.collapseHealthy ? quietNodes(graph) : new Set<string>();
  const candidates = new Map<string, TopologyNode[]>();
  for (const node of drawn) {
    if (!quiet.has(node.id) || (node.kind !== 'service' && node.kind !== 'topic')) continue;
    const key = aggregateKey(node, layerOf.get(node.id)!, options);
    candidates.set(key, [...(candidates.get(key) ?? []), node]);
  }
  for (const node of drawn) {
    const layer = layerOf.get(node.id)!;
    const key = aggregateKey(node, layer, options);
    const members = quiet.has(node.id) ? candidates.get(key) : undefined;
    if (members && members.length > 1) {
      let aggregate = aggregates.get(key);
      if (!aggregate) {
        aggregate = {
          id: key,
          kind: 'aggregate',
          nodeIds: members.map((m) => m.id),
          memberKind: node.kind === 'topic' ? 'topic' : 'service',
          domain: node.domain,
          layer,
          datastores: [],
        };
        aggregates.set(key, aggregate);
        nodes.push(aggregate);
      }
      viewOf.set(node.id, aggregate.id);
      continue;
    }
    viewOf.set(node.id, node.id);
    nodes.push({
      id: node.id,
      kind: node.kind,
      nodeIds: [node.id],
      memberKind: null,
      domain: node.domain,
      layer,
      datastores: (datastoresOf.get(node.id) ?? []).sort(),
    });
  }

  const groupsOnLine = new Map<string, Set<string>>();
  for (const edge of flowEdges) {
    const from = viewOf.get(edge.from);
    const to = viewOf.get(edge.to);
    if (edge.kind !== 'consumes' || from === undefined || to === undefined) continue;
    const line = `${from}->${to}`;
    const groups = groupsOnLine.get(line) ?? new Set<string>();
    groups.add(edge.groupId);
    groupsOnLine.set(line, groups);
  }
  const edges = new Map<string, ViewEdge>();
  for (const edge of flowEdges) {
    const from = viewOf.get(edge.from);
    const to = viewOf.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    // Into a box standing for many, one group's lag would speak for all: no label.
    const many = to.startsWith('aggregate:') || to.startsWith('summary:');
    // Hundreds of groups reading one topic into one service would bury it under arrows
    // saying "lag 3 OK": past a few, only the groups in trouble keep an arrow of their own.
    const crowded = (groupsOnLine.get(`${from}->${to}`)?.size ?? 0) > labelledGroupsPerLine;
    const troubled =
      edge.kind === 'consumes' && (edge.lag?.severity === 'warn' || edge.lag?.severity === 'error');
    const groupId = edge.kind === 'consumes' && !many && (!crowded || troubled) ? edge.groupId : null;
    const id = groupId === null ? `${from}->${to}` : `${from}->${to}#${groupId}`;
    const existing = edges.get(id);
    if (existing) {
      existing.edgeIds.push(edge.id);
      continue;
    }
    const reversed = layerOf.get(edge.from)! > layerOf.get(edge.to)!;
    edges.set(id, { id, from, to, edgeIds: [edge.id], groupId, reversed });
  }
  return { nodes, edges: [...edges.values()].sort((a, b) => compareNaturalText(a.id, b.id)), layerCount };
}

function aggregateKey(node: TopologyNode, layer: number, options: ViewOptions): string {
  const domain = options.groupByDomain ? (node.domain ?? '') : '';
  return `aggregate:${layer}:${node.kind}:${domain}`;
}

/**
 * Healthy services and topics with no consumer group in trouble around them: what collapsing
 * folds away. Anything deploying, degraded, failed, stale or missing stays visible.
 */
function quietNodes(graph: TopologyGraph): Set<string> {
  const troubled = new Set<string>();
  for (const edge of graph.edges) {
    if (edge.kind === 'consumes' && (edge.lag?.severity === 'warn' || edge.lag?.severity === 'error')) {
      troubled.add(edge.from);
      troubled.add(edge.to);
    }
  }
  const quiet = new Set<string>();
  for (const node of graph.nodes) {
    if (troubled.has(node.id)) continue;
    if (node.kind === 'topic' || (node.kind === 'service' && node.state?.health === 'healthy'))
      quiet.add(node.id);
  }
  return quiet;
}

/**
 * Orders each layer to keep edges short and uncrossed: a few sweeps of the barycenter
 * heuristic (each node moves to the mean position of its neighbours in the layers already
 * ordered), ties kept in name order. With domains, a domain's boxes stay together, the
 * domain placed at the mean of its members. Structure and names only: values never reorder.
 */
export function orderLayers(view: ViewGraph, groupByDomain: boolean): ViewNode[][] {
  const layers: ViewNode[][] = Array.from({ length: view.layerCount }, () => []);
  for (const node of view.nodes) layers[node.layer]!.push(node);
  for (const layer of layers) {
    layer.sort(
      (a, b) =>
        (groupByDomain ? compareNaturalText(a.domain ?? '\uffff', b.domain ?? '\uffff') : 0) ||
        kindOrder(a) - kindOrder(b) ||
        compareNaturalText(a.id, b.id),
    );
  }
  const neighbours = new Map<string, string[]>(view.nodes.map((n) => [n.id, []]));
  for (const edge of view.edges) {
    neighbours.get(edge.from)!.push(edge.to);
    neighbours.get(edge.to)!.push(edge.from);
  }
  const layerOf = new Map(view.nodes.map((n) => [n.id, n.layer]));
  const position = new Map<string, number>();
  const remember = (layer: ViewNode[]) =>
    layer.forEach((node, index) =>
      position.set(node.id, layer.length > 1 ? index / (layer.length - 1) : 0.5),
    );
  layers.forEach(remember);

  const sweep = (index: number, above: boolean) => {
    const layer = layers[index]!;
    const centre = new Map<string, number>();
    for (const node of layer) {
      const around = neighbours
        .get(node.id)!
        .filter((n) => (above ? layerOf.get(n)! < index : layerOf.get(n)! > index));
      centre.set(
        node.id,
        around.length > 0
          ? around.reduce((sum, n) => sum + position.get(n)!, 0) / around.length
          : position.get(node.id)!,
      );
    }
    const blockCentre = new Map<string, number>();
    if (groupByDomain) {
      const members = new Map<string, number[]>();
      for (const node of layer)
        if (node.domain !== null)
          members.set(node.domain, [...(members.get(node.domain) ?? []), centre.get(node.id)!]);
      for (const [domain, values] of members)
        blockCentre.set(domain, values.reduce((a, b) => a + b, 0) / values.length);
    }
    const key = (node: ViewNode) =>
      groupByDomain && node.domain !== null ? blockCentre.get(node.domain)! : centre.get(node.id)!;
    const sorted = layer
      .map((node, index) => ({ node, index }))
      .sort(
        (a, b) =>
          key(a.node) - key(b.node) ||
          (groupByDomain ? compareNaturalText(a.node.domain ?? '', b.node.domain ?? '') : 0) ||
          centre.get(a.node.id)! - centre.get(b.node.id)! ||
          a.index - b.index,
      )
      .map((entry) => entry.node);
    layers[index] = sorted;
    remember(sorted);
  };
  for (let round = 0; round < 4; round++) {
    for (let index = 1; index < layers.length; index++) sweep(index, true);
    for (let index = layers.length - 2; index >= 0; index--) sweep(index, false);
  }
  for (let index = 1; index < layers.length; index++) sweep(index, true);
  return layers;
}

function kindOrder(node: ViewNode): number {
  return node.kind === 'aggregate' || node.kind === 'summary'
    ? 3
    : node.kind === 'topic'
      ? 2
      : node.kind === 'entry'
        ? 0
        : 1;
}
