import { compareNaturalText } from '../compareText';
import {
  nodeId,
  type TopologyEdge,
  type TopologyGraph,
  type TopologyNode,
  type TopologySummary,
} from './topologyModel';

/**
 * What the problem view reads of a graph's structure: who feeds and is fed by whom, which
 * summary box each node would be counted in, where each node is. It depends on nodes and
 * edges, domains and clusters only, never on health or lag, so a live view makes it once and
 * keeps it while updates change values only (`sameStructure`); each update then costs one
 * pass over the services' health.
 */
export interface ProblemViewIndex {
  /** The lists it was made from (or last found the same as): identical lists need no check. */
  nodes: readonly TopologyNode[];
  edges: readonly TopologyEdge[];
  positionOf: ReadonlyMap<string, number>;
  /** Flow edges (all but datastore use) in and out of each node, the other ends in natural order. */
  upstream: ReadonlyMap<string, readonly string[]>;
  downstream: ReadonlyMap<string, readonly string[]>;
  /** Node positions by kind, for the passes that look at a kind only. */
  entries: readonly number[];
  services: readonly number[];
  groups: readonly number[];
  /** Positions of consumer and datastore-use edges. */
  consumers: readonly number[];
  uses: readonly number[];
  /** Each summary box with its members' positions, in graph order, summaries in order of their first member. */
  summaries: ReadonlyMap<string, { key: SummaryKey; members: readonly number[] }>;
}

export interface SummaryKey {
  id: string;
  label: string;
  by: TopologySummary['by'];
}

export function problemViewIndex(graph: TopologyGraph): ProblemViewIndex {
  const positionOf = new Map<string, number>();
  const entries: number[] = [];
  const services: number[] = [];
  const groups: number[] = [];
  graph.nodes.forEach((node, position) => {
    positionOf.set(node.id, position);
    if (node.kind === 'entry') entries.push(position);
    else if (node.kind === 'service') services.push(position);
    else if (node.kind === 'group') groups.push(position);
  });
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  const firstUser = new Map<string, string>();
  const consumers: number[] = [];
  const uses: number[] = [];
  graph.edges.forEach((edge, position) => {
    if (edge.kind === 'uses') {
      uses.push(position);
      if (!firstUser.has(edge.to)) firstUser.set(edge.to, edge.from);
      return;
    }
    if (edge.kind === 'consumes') consumers.push(position);
    push(downstream, edge.from, edge.to);
    push(upstream, edge.to, edge.from);
  });
  const nameOf = (id: string) => graph.nodes[positionOf.get(id)!]!.name;
  const byName = (a: string, b: string) => compareNaturalText(nameOf(a), nameOf(b));
  for (const around of [upstream, downstream]) for (const ids of around.values()) ids.sort(byName);

  const keys = new Map<string, SummaryKey>();
  const keyOf = (by: SummaryKey['by'], label: string): SummaryKey => {
    const id = nodeId('summary', `${by}:${label}`);
    let key = keys.get(id);
    if (!key) {
      key = { id, label, by };
      keys.set(id, key);
    }
    return key;
  };
  const summaryKeyOf = (node: TopologyNode): SummaryKey => {
    if (node.domain !== null) return keyOf('domain', node.domain);
    switch (node.kind) {
      case 'service':
        return node.state ? keyOf('cluster', node.state.clusterName) : keyOf('kind', 'not in the fleet');
      case 'datastore': {
        // Counted with the service that uses it.
        const user = graph.nodes[positionOf.get(firstUser.get(node.id) ?? '') ?? -1];
        return user && user.kind !== 'datastore' ? summaryKeyOf(user) : keyOf('kind', 'datastores');
      }
      case 'topic':
        return keyOf('kind', 'Kafka topics');
      default:
        return keyOf('kind', 'consumer groups');
    }
  };
  const summaries = new Map<string, { key: SummaryKey; members: number[] }>();
  graph.nodes.forEach((node, position) => {
    if (node.kind === 'entry') return;
    const key = summaryKeyOf(node);
    const summary = summaries.get(key.id);
    if (summary) summary.members.push(position);
    else summaries.set(key.id, { key, members: [position] });
  });
  return {
    nodes: graph.nodes,
    edges: graph.edges,
    positionOf,
    upstream,
    downstream,
    entries,
    services,
    groups,
    consumers,
    uses,
    summaries,
  };
}

/**
 * Whether `index` still describes `graph`: the same nodes in the same places with the same
 * domains and clusters, the same edges. Node and edge objects that are the very ones indexed
 * are taken as they are, so an update that changed a few services checks those few.
 */
export function sameStructure(index: ProblemViewIndex, graph: TopologyGraph): boolean {
  if (index.nodes !== graph.nodes) {
    if (index.nodes.length !== graph.nodes.length) return false;
    for (let position = 0; position < graph.nodes.length; position++) {
      const before = index.nodes[position]!;
      const now = graph.nodes[position]!;
      if (before !== now && !sameSummaryKeyInputs(before, now)) return false;
    }
  }
  if (index.edges !== graph.edges) {
    if (index.edges.length !== graph.edges.length) return false;
    for (let position = 0; position < graph.edges.length; position++)
      if (index.edges[position]!.id !== graph.edges[position]!.id) return false;
  }
  return true;
}

/** What a node's place and summary box depend on: its id, domain, and for a service whether and where the fleet has it. */
function sameSummaryKeyInputs(a: TopologyNode, b: TopologyNode): boolean {
  if (a.id !== b.id || a.domain !== b.domain) return false;
  if (a.kind !== 'service' || b.kind !== 'service') return true;
  return a.state?.clusterName === b.state?.clusterName && (a.state === null) === (b.state === null);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
