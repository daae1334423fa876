import { compareNaturalText } from '../compareText';
import type { HealthState } from '../fleet/fleetModel';
import { nodeId, type TopologyGraph, type TopologyNode, type TopologySummary } from './topologyModel';

/**
 * The topology of a large platform as a person reads it in an incident: the problems
 * (unhealthy services, lagging consumer groups), what feeds them and what they feed, each in
 * a box of its own; everything else counted in one summary box per domain (or, for services
 * without one, per ECS cluster) — "catalog: 412 services, all healthy". The full drawing of
 * ten thousand boxes is neither readable nor cheap; this stays a few dozen boxes whatever the
 * size, and is built in one pass over the nodes and edges.
 *
 * A summary never claims more than its members' data: stale services and services missing
 * from the fleet are counted as such, not as healthy.
 */

/** Above this many boxes the full drawing no longer fits a screen: the problem view is the default. */
export const problemViewAbove = 60;

/**
 * Boxes of their own at most (entries aside): the worst problems first, then their
 * neighbours. What does not fit is counted in the summaries, which say how many are unwell.
 */
const focusBudget = 24;

export interface ProblemView {
  /** The graph to draw: the nodes in boxes of their own, the summaries, the edges between them. */
  graph: TopologyGraph;
  /** Graph nodes drawn in their own boxes because something is wrong with them. */
  problems: number;
  /** Graph nodes counted in summaries instead of drawn. */
  summarised: number;
  /** Summary boxes drawn. */
  summaries: number;
}

/** Boxes the full drawing has: every node but the datastores, which hang beside their services. */
export function fullBoxCount(graph: TopologyGraph): number {
  let count = 0;
  for (const node of graph.nodes) if (node.kind !== 'datastore') count++;
  return count;
}

export function problemViewApplies(graph: TopologyGraph): boolean {
  return fullBoxCount(graph) > problemViewAbove;
}

/**
 * The problem view of `graph`. `expanded` names summary boxes (their ids, as drawn) whose
 * members are to be drawn one by one.
 */
export function problemView(graph: TopologyGraph, expanded: readonly string[] = []): ProblemView {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  const firstUser = new Map<string, string>();
  for (const edge of graph.edges) {
    if (edge.kind === 'uses') {
      if (!firstUser.has(edge.to)) firstUser.set(edge.to, edge.from);
      continue;
    }
    push(downstream, edge.from, edge.to);
    push(upstream, edge.to, edge.from);
  }

  const kept = new Set<string>();
  for (const node of graph.nodes) if (node.kind === 'entry') kept.add(node.id);
  let budget = focusBudget;
  const keep = (id: string) => {
    if (budget <= 0 || kept.has(id)) return;
    kept.add(id);
    budget--;
  };

  const problems = problemNodes(graph);
  for (const id of problems) keep(id);
  const problemCount = problems.filter((id) => kept.has(id)).length;
  const byName = (a: string, b: string) => compareNaturalText(nodes.get(a)!.name, nodes.get(b)!.name);
  for (const id of problems) {
    if (!kept.has(id)) continue;
    // A topic is a pipe: past it, the producers feeding a problem and the consumers it feeds.
    for (const [around, onward] of [
      [upstream, upstream],
      [downstream, downstream],
    ] as const) {
      const near = [...(around.get(id) ?? [])].sort(byName);
      for (const next of near) {
        keep(next);
        if (nodes.get(next)?.kind === 'topic')
          for (const beyond of [...(onward.get(next) ?? [])].sort(byName)) keep(beyond);
      }
    }
  }

  const groupOf = new Map<string, GroupKey>();
  const members = new Map<string, string[]>();
  for (const node of graph.nodes) {
    if (node.kind === 'entry') continue;
    const key = groupKeyOf(node, nodes, firstUser);
    groupOf.set(node.id, key);
    push(members, key.id, node.id);
  }
  const open = new Set(expanded);
  for (const [key, ids] of members) {
    // A summary of one is the node itself, and an expanded summary is its members.
    if (ids.length === 1 || open.has(key)) for (const id of ids) kept.add(id);
  }
  // Datastores hang beside their services: drawn with any of them.
  for (const edge of graph.edges) if (edge.kind === 'uses' && kept.has(edge.from)) kept.add(edge.to);

  const summaries = new Map<string, TopologyNode & { kind: 'summary' }>();
  const drawnAs = (id: string): string => {
    if (kept.has(id)) return id;
    const key = groupOf.get(id)!;
    let summary = summaries.get(key.id);
    if (!summary) {
      const ids = members.get(key.id)!;
      summary = {
        kind: 'summary',
        id: key.id,
        name: key.label,
        domain: key.by === 'domain' ? key.label : null,
        summary: countMembers(key, ids, kept, nodes),
      };
      summaries.set(key.id, summary);
    }
    return summary.id;
  };
  const drawnNodes: TopologyNode[] = [];
  for (const node of graph.nodes) {
    const id = drawnAs(node.id);
    if (id === node.id) drawnNodes.push(node);
  }

  // Lines into a summary would say little (which of its hundreds?) and cross everything:
  // only edges between boxes of their own are drawn.
  const edges = graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to));

  const order: Record<TopologyNode['kind'], number> = {
    entry: 0,
    service: 1,
    group: 2,
    summary: 3,
    topic: 4,
    datastore: 5,
  };
  const allNodes = [...drawnNodes, ...summaries.values()].sort(
    (a, b) => order[a.kind] - order[b.kind] || compareNaturalText(a.name, b.name),
  );
  return {
    graph: {
      ...graph,
      nodes: allNodes,
      edges,
    },
    problems: problemCount,
    summarised: graph.nodes.length - drawnNodes.length,
    summaries: summaries.size,
  };
}

/**
 * What is wrong, worst first: failed, degraded and missing services, then both ends of
 * consumer groups in error or warning, then groups no service could be found for.
 */
function problemNodes(graph: TopologyGraph): string[] {
  const rank = new Map<string, number>();
  const note = (id: string, value: number) => rank.set(id, Math.min(rank.get(id) ?? value, value));
  for (const node of graph.nodes) {
    if (node.kind === 'service') {
      if (node.state === null) note(node.id, 2);
      else if (node.state.health === 'failed') note(node.id, 0);
      else if (node.state.health === 'degraded') note(node.id, 1);
    } else if (node.kind === 'group') note(node.id, 5);
  }
  for (const edge of graph.edges) {
    if (edge.kind !== 'consumes') continue;
    const severity = edge.lag?.severity;
    if (severity !== 'error' && severity !== 'warn') continue;
    const value = severity === 'error' ? 3 : 4;
    note(edge.to, value);
    note(edge.from, value);
  }
  const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
  return [...rank.keys()].sort(
    (a, b) => rank.get(a)! - rank.get(b)! || compareNaturalText(names.get(a)!, names.get(b)!),
  );
}

interface GroupKey {
  id: string;
  label: string;
  by: TopologySummary['by'];
}

function groupKeyOf(
  node: TopologyNode,
  nodes: ReadonlyMap<string, TopologyNode>,
  firstUser: ReadonlyMap<string, string>,
): GroupKey {
  const key = (by: GroupKey['by'], label: string): GroupKey => ({
    id: nodeId('summary', `${by}:${label}`),
    label,
    by,
  });
  if (node.domain !== null) return key('domain', node.domain);
  switch (node.kind) {
    case 'service':
      return node.state ? key('cluster', node.state.clusterName) : key('kind', 'not in the fleet');
    case 'datastore': {
      // Counted with the service that uses it.
      const user = nodes.get(firstUser.get(node.id) ?? '');
      return user && user.kind !== 'datastore'
        ? groupKeyOf(user, nodes, firstUser)
        : key('kind', 'datastores');
    }
    case 'topic':
      return key('kind', 'Kafka topics');
    default:
      return key('kind', 'consumer groups');
  }
}

function countMembers(
  key: GroupKey,
  ids: readonly string[],
  kept: ReadonlySet<string>,
  nodes: ReadonlyMap<string, TopologyNode>,
): TopologySummary {
  const summary: TopologySummary = {
    label: key.label,
    by: key.by,
    partial: false,
    memberIds: [],
    services: 0,
    topics: 0,
    groups: 0,
    datastores: 0,
    health: {},
  };
  for (const id of ids) {
    if (kept.has(id)) {
      summary.partial = true;
      continue;
    }
    summary.memberIds.push(id);
    const node = nodes.get(id)!;
    if (node.kind === 'service') {
      summary.services++;
      const health: HealthState | 'no data' = node.state?.health ?? 'no data';
      summary.health[health] = (summary.health[health] ?? 0) + 1;
    } else if (node.kind === 'topic') summary.topics++;
    else if (node.kind === 'group') summary.groups++;
    else if (node.kind === 'datastore') summary.datastores++;
  }
  return summary;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const healthWords: readonly (HealthState | 'no data')[] = [
  'failed',
  'degraded',
  'no data',
  'stale',
  'deploying',
  'healthy',
];

/**
 * "412 services, 8 topics"; "3 more services" when some of the domain are drawn on their own.
 * Datastores are counted but not said: they belong to their services, and the line is short.
 */
export function summaryCountsText(summary: TopologySummary): string {
  const parts = (
    [
      [summary.services, 'service'],
      [summary.topics, 'topic'],
      [summary.groups, 'consumer group'],
    ] as const
  )
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count} ${word}${count === 1 ? '' : 's'}`);
  if (summary.partial && parts.length > 0) parts[0] = parts[0]!.replace(' ', ' more ');
  return parts.join(', ');
}

/**
 * The services' health, worst first, one phrase per state: "✓ all healthy" only when every
 * one is known to be; otherwise "▲ 2 degraded", "○ 3 stale", "○ 1 no data", "✓ 406 healthy".
 */
export function summaryHealthPhrases(
  summary: TopologySummary,
  glyph: (health: HealthState) => string,
): string[] {
  if (summary.services === 0) return [];
  const healthy = summary.health.healthy ?? 0;
  if (healthy === summary.services)
    return [`${glyph('healthy')} ${summary.services === 1 ? 'healthy' : 'all healthy'}`];
  return healthWords
    .filter((word) => (summary.health[word] ?? 0) > 0)
    .map((word) => `${glyph(word === 'no data' ? 'stale' : word)} ${summary.health[word]} ${word}`);
}

/** "catalog: 412 services, all healthy": a summary box in one sentence, for the text and screen readers. */
export function summarySentence(summary: TopologySummary): string {
  const health = summaryHealthPhrases(summary, () => '').map((phrase) => phrase.trim());
  return `${summary.label}: ${summaryCountsText(summary)}${health.length > 0 ? `, ${health.join(', ')}` : ''}`;
}
