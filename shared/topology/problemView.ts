import { compareNaturalText } from '../compareText';
import type { HealthState } from '../fleet/fleetModel';
import { problemViewIndex, sameStructure, type ProblemViewIndex, type SummaryKey } from './problemViewIndex';
import type { TopologyEdge, TopologyGraph, TopologyNode, TopologySummary } from './topologyModel';

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
export function fullBoxCount(graph: Pick<TopologyGraph, 'nodes'>): number {
  let count = 0;
  for (const node of graph.nodes) if (node.kind !== 'datastore') count++;
  return count;
}

export function problemViewApplies(graph: Pick<TopologyGraph, 'nodes'>): boolean {
  return fullBoxCount(graph) > problemViewAbove;
}

/**
 * The problem view of `graph`. `expanded` names summary boxes (their ids, as drawn) whose
 * members are to be drawn one by one.
 */
export function problemView(graph: TopologyGraph, expanded: readonly string[] = []): ProblemView {
  return problemViewOf(graph, problemViewIndex(graph), expanded);
}

/**
 * `problemView` for a live view: what it reads of the graph's structure is kept while the
 * structure stays (problemViewIndex.ts), and the same nodes, edges and expanded summaries
 * give the same view without a pass over them.
 */
export class ProblemViewMemo {
  private index: ProblemViewIndex | null = null;
  private last: { graph: TopologyGraph; expanded: readonly string[]; view: ProblemView } | null = null;
  /** How many times the structure was read: for tests, and for anyone wondering why an update was slow. */
  indexes = 0;

  view(graph: TopologyGraph, expanded: readonly string[] = []): ProblemView {
    const last = this.last;
    if (
      last &&
      last.graph.nodes === graph.nodes &&
      last.graph.edges === graph.edges &&
      sameIds(last.expanded, expanded)
    ) {
      if (last.graph === graph) return last.view;
      // Times and notes are the graph's own: carried over, with the boxes and edges as they were.
      const view = {
        ...last.view,
        graph: { ...graph, nodes: last.view.graph.nodes, edges: last.view.graph.edges },
      };
      this.last = { graph, expanded, view };
      return view;
    }
    if (!this.index || !sameStructure(this.index, graph)) {
      this.index = problemViewIndex(graph);
      this.indexes++;
    } else {
      this.index = { ...this.index, nodes: graph.nodes, edges: graph.edges };
    }
    const view = problemViewOf(graph, this.index, expanded);
    this.last = { graph, expanded, view };
    return view;
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((id, index) => id === b[index]));
}

function problemViewOf(
  graph: TopologyGraph,
  index: ProblemViewIndex,
  expanded: readonly string[],
): ProblemView {
  const nodeAt = (id: string) => graph.nodes[index.positionOf.get(id)!]!;
  const kept = new Set<string>();
  for (const position of index.entries) kept.add(graph.nodes[position]!.id);
  let budget = focusBudget;
  const keep = (id: string) => {
    if (budget <= 0 || kept.has(id)) return;
    kept.add(id);
    budget--;
  };

  const problems = problemNodes(graph, index);
  for (const id of problems) keep(id);
  const problemCount = problems.filter((id) => kept.has(id)).length;
  for (const id of problems) {
    if (!kept.has(id)) continue;
    // A topic is a pipe: past it, the producers feeding a problem and the consumers it feeds.
    for (const around of [index.upstream, index.downstream]) {
      for (const next of around.get(id) ?? []) {
        keep(next);
        if (nodeAt(next).kind === 'topic') for (const beyond of around.get(next) ?? []) keep(beyond);
      }
    }
  }

  const open = new Set(expanded);
  for (const { key, members } of index.summaries.values()) {
    // A summary of one is the node itself, and an expanded summary is its members.
    if (members.length === 1 || open.has(key.id))
      for (const position of members) kept.add(graph.nodes[position]!.id);
  }
  // Datastores hang beside their services: drawn with any of them.
  for (const position of index.uses) {
    const edge = graph.edges[position]!;
    if (kept.has(edge.from)) kept.add(edge.to);
  }

  const drawnNodes = [...kept].map((id) => index.positionOf.get(id)!).sort((a, b) => a - b);
  const summaries: { first: number; node: TopologyNode }[] = [];
  for (const { key, members } of index.summaries.values()) {
    const first = members.find((position) => !kept.has(graph.nodes[position]!.id));
    if (first === undefined) continue;
    summaries.push({
      first,
      node: {
        kind: 'summary',
        id: key.id,
        name: key.label,
        domain: key.by === 'domain' ? key.label : null,
        summary: countMembers(key, members, kept, graph.nodes),
      },
    });
  }
  summaries.sort((a, b) => a.first - b.first);

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
  const allNodes = [
    ...drawnNodes.map((position) => graph.nodes[position]!),
    ...summaries.map((summary) => summary.node),
  ].sort((a, b) => order[a.kind] - order[b.kind] || compareNaturalText(a.name, b.name));
  return {
    graph: { ...graph, nodes: allNodes, edges },
    problems: problemCount,
    summarised: graph.nodes.length - drawnNodes.length,
    summaries: summaries.length,
  };
}

/**
 * What is wrong, worst first: failed, degraded and missing services and services with an
 * alarm in ALARM, then both ends of consumer groups in error or warning, then groups no
 * service could be found for.
 */
function problemNodes(graph: TopologyGraph, index: ProblemViewIndex): string[] {
  const rank = new Map<string, number>();
  const note = (id: string, value: number) => rank.set(id, Math.min(rank.get(id) ?? value, value));
  for (const position of index.services) {
    const node = graph.nodes[position] as Extract<TopologyNode, { kind: 'service' }>;
    if (node.state === null) note(node.id, 2);
    else if (node.state.health === 'failed') note(node.id, 0);
    else if (node.state.health === 'degraded') note(node.id, 1);
    if (node.vitals && node.vitals.alarms.length > 0) note(node.id, 1);
  }
  for (const position of index.groups) note(graph.nodes[position]!.id, 5);
  for (const position of index.consumers) {
    const edge = graph.edges[position] as Extract<TopologyEdge, { kind: 'consumes' }>;
    const severity = edge.lag?.severity;
    if (severity !== 'error' && severity !== 'warn') continue;
    const value = severity === 'error' ? 3 : 4;
    note(edge.to, value);
    note(edge.from, value);
  }
  const name = (id: string) => graph.nodes[index.positionOf.get(id)!]!.name;
  return [...rank.keys()].sort((a, b) => rank.get(a)! - rank.get(b)! || compareNaturalText(name(a), name(b)));
}

function countMembers(
  key: SummaryKey,
  members: readonly number[],
  kept: ReadonlySet<string>,
  nodes: readonly TopologyNode[],
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
  for (const position of members) {
    const node = nodes[position]!;
    if (kept.has(node.id)) {
      summary.partial = true;
      continue;
    }
    summary.memberIds.push(node.id);
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
