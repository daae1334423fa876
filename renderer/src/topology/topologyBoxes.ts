import type { HealthState } from '../../../shared/fleet/fleetModel';
import type { GroupStatus, LagSeverity } from '../../../shared/kafka/kafkaModel';
import { lagSeverityRank } from '../../../shared/kafka/lagSeverity';
import type { TopologyBox } from '../../../shared/topology/layout';
import type {
  GroupLag,
  TopologyEdge,
  TopologyGraph,
  TopologyNode,
} from '../../../shared/topology/topologyModel';
import { summarySentence } from '../../../shared/topology/problemView';
import { boxAt, regionAt, type TopologyAnnotationMap } from '../../../shared/topology/render';

/**
 * What each drawn box is, for the page: the name and status its test hooks and screen-reader
 * label carry, and what Enter or a click opens — a service's details, or the lag drill-down
 * of the consumer group a topic or an edge is about.
 */

export type OpenTarget =
  | { kind: 'service'; serviceName: string; clusterName: string | null }
  | { kind: 'group'; kafkaCluster: string; groupId: string }
  /** A box standing for several healthy ones: showing them means not collapsing. */
  | { kind: 'expand' }
  /** A summary box of the problem view: its members drawn one by one. */
  | { kind: 'expand-summary'; summaryId: string };

export interface BoxFacts {
  id: string;
  kind: TopologyBox['kind'];
  x: number;
  y: number;
  width: number;
  height: number;
  /** The service or topic name (the aggregate's own words for an aggregate). */
  name: string;
  health: HealthState | 'unknown' | null;
  /** For topics and consumer groups: Burrow's status of the worst-off group reading it. */
  status: GroupStatus | 'none' | null;
  /** For topics and consumer groups: that group's severity (Burrow's status and the console's findings). */
  severity: LagSeverity | 'none' | null;
  description: string;
  target: OpenTarget | null;
}

export function describeBoxes(graph: TopologyGraph, annotations: TopologyAnnotationMap): BoxFacts[] {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const consumers = new Map<string, Extract<TopologyEdge, { kind: 'consumes' }>[]>();
  for (const edge of graph.edges) {
    if (edge.kind !== 'consumes') continue;
    for (const end of [edge.from, edge.to]) consumers.set(end, [...(consumers.get(end) ?? []), edge]);
  }
  return annotations.boxes.map((box) => {
    const node = nodes.get(box.nodeIds[0]!);
    const base = { id: box.id, kind: box.kind, x: box.x, y: box.y, width: box.width, height: box.height };
    if (box.kind === 'aggregate') {
      const names = box.nodeIds.map((id) => nodes.get(id)?.name ?? id);
      const what = nodes.get(box.nodeIds[0]!)?.kind === 'topic' ? 'topics' : 'healthy services';
      return {
        ...base,
        name: `${names.length} ${what}`,
        health: what === 'topics' ? null : 'healthy',
        status: null,
        severity: null,
        description: `${names.length} ${what}: ${names.join(', ')}. Enter shows them one by one.`,
        target: { kind: 'expand' },
      };
    }
    if (!node)
      return {
        ...base,
        name: box.id,
        health: null,
        status: null,
        severity: null,
        description: box.id,
        target: null,
      };
    return { ...base, ...nodeFacts(node, box, consumers.get(node.id) ?? [], nodes) };
  });
}

function nodeFacts(
  node: TopologyNode,
  box: TopologyBox,
  edges: readonly Extract<TopologyEdge, { kind: 'consumes' }>[],
  nodes: ReadonlyMap<string, TopologyNode>,
): Pick<BoxFacts, 'name' | 'health' | 'status' | 'severity' | 'description' | 'target'> {
  switch (node.kind) {
    case 'service': {
      const state = node.state;
      return {
        name: node.name,
        health: state?.health ?? 'unknown',
        status: null,
        severity: null,
        description: state
          ? `${node.name}: ${state.health}, ${state.runningCount} of ${state.desiredCount} running, ${state.family}:${state.revision}. ${state.healthReason}`
          : `${node.name}: no data, named in the topology but not found in the fleet.`,
        target: { kind: 'service', serviceName: node.name, clusterName: state?.clusterName ?? null },
      };
    }
    case 'topic':
    case 'group': {
      const worst = worstLag(edges.filter((edge) => edge.from === node.id || edge.to === node.id));
      const what = node.kind === 'topic' ? 'Kafka topic' : 'consumer group without a known owner';
      const findings = worst && worst.findings.length > 0 ? ` (${worst.findings.join(', ')})` : '';
      const lag = worst
        ? `; ${worst.groupId} Burrow ${worst.burrowStatus}${findings}, lag ${worst.totalLag}`
        : '';
      return {
        name: node.name,
        health: null,
        status: worst?.burrowStatus ?? 'none',
        severity: worst?.severity ?? 'none',
        description: `${node.name}: ${what}${lag}.`,
        target: worst ? { kind: 'group', kafkaCluster: worst.kafkaCluster, groupId: worst.groupId } : null,
      };
    }
    case 'datastore': {
      // Drawn beside the service that uses it: that service is what opens.
      const owner = nodes.get(box.id.slice(box.id.indexOf('@') + 1));
      const state = owner?.kind === 'service' ? owner.state : null;
      return {
        name: node.name,
        health: null,
        status: null,
        severity: null,
        description: `${node.name}: ${node.datastoreKind ?? 'datastore'}${owner ? ` used by ${owner.name}` : ''}.`,
        target:
          owner?.kind === 'service'
            ? { kind: 'service', serviceName: owner.name, clusterName: state?.clusterName ?? null }
            : null,
      };
    }
    case 'summary':
      return {
        name: node.name,
        health: null,
        status: null,
        severity: null,
        description: `${summarySentence(node.summary)}. Enter shows them one by one.`,
        target: { kind: 'expand-summary', summaryId: node.id },
      };
    case 'entry':
      return {
        name: node.name,
        health: null,
        status: null,
        severity: null,
        description: `${node.name}: entry.`,
        target: null,
      };
  }
}

/** The worst-off group among the edges: what a topic's box opens. */
function worstLag(edges: readonly Extract<TopologyEdge, { kind: 'consumes' }>[]): GroupLag | null {
  let worst: GroupLag | null = null;
  for (const edge of edges) {
    const lag = edge.lag;
    if (!lag) continue;
    if (
      worst === null ||
      lagSeverityRank(lag.severity) > lagSeverityRank(worst.severity) ||
      (lag.severity === worst.severity && lag.totalLag > worst.totalLag)
    )
      worst = lag;
  }
  return worst;
}

/** What a click on cell (x, y) opens: the box there, or the group of the edge or label there. */
export function targetAt(
  graph: TopologyGraph,
  annotations: TopologyAnnotationMap,
  boxes: readonly BoxFacts[],
  x: number,
  y: number,
): { boxId: string | null; target: OpenTarget | null } {
  const box = boxAt(annotations, x, y);
  if (box) return { boxId: box.id, target: boxes.find((facts) => facts.id === box.id)?.target ?? null };
  const region = regionAt(annotations, x, y);
  if (region && (region.kind === 'edge' || region.kind === 'label')) {
    const edges = new Map(graph.edges.map((edge) => [edge.id, edge]));
    for (const id of region.edgeIds) {
      const edge = edges.get(id);
      if (edge?.kind === 'consumes' && edge.lag)
        return {
          boxId: null,
          target: { kind: 'group', kafkaCluster: edge.lag.kafkaCluster, groupId: edge.groupId },
        };
    }
  }
  return { boxId: null, target: null };
}

export type BoxMove = 'left' | 'right' | 'up' | 'down' | 'next' | 'previous' | 'first' | 'last';

/**
 * The box the arrow keys move to. Up and Down go to the nearest box above or below (then the
 * closest column); Left and Right to the nearest beside it on the same band of rows; where
 * there is none, the previous or next box in layout order.
 */
export function moveBetweenBoxes(
  boxes: readonly BoxFacts[],
  currentId: string | null,
  move: BoxMove,
): string | null {
  if (boxes.length === 0) return null;
  const index = boxes.findIndex((box) => box.id === currentId);
  if (index < 0 || move === 'first') return boxes[0]!.id;
  if (move === 'last') return boxes[boxes.length - 1]!.id;
  const inOrder = (step: number) => boxes[Math.min(boxes.length - 1, Math.max(0, index + step))]!.id;
  if (move === 'next') return inOrder(1);
  if (move === 'previous') return inOrder(-1);

  const current = boxes[index]!;
  const centreX = (box: BoxFacts) => box.x + box.width / 2;
  const overlapsRows = (box: BoxFacts) =>
    box.y < current.y + current.height && current.y < box.y + box.height;
  let candidates: BoxFacts[];
  let distance: (box: BoxFacts) => number;
  if (move === 'up' || move === 'down') {
    candidates = boxes.filter((box) =>
      move === 'down' ? box.y >= current.y + current.height : box.y + box.height <= current.y,
    );
    distance = (box) =>
      (move === 'down' ? box.y - current.y : current.y - box.y) * 1000 +
      Math.abs(centreX(box) - centreX(current));
  } else {
    candidates = boxes.filter(
      (box) =>
        box !== current && overlapsRows(box) && (move === 'right' ? box.x > current.x : box.x < current.x),
    );
    distance = (box) => Math.abs(box.x - current.x);
  }
  let best: BoxFacts | null = null;
  for (const box of candidates) if (best === null || distance(box) < distance(best)) best = box;
  return best?.id ?? inOrder(move === 'down' || move === 'right' ? 1 : -1);
}
