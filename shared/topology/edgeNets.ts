import { labelWidth } from './boxContent';
import type { ViewEdge, ViewGraph } from './viewGraph';

/**
 * Edges are drawn as nets: trees of lines that share a start. A service's calls and the topics
 * it produces to leave its box by one line that branches to every target, as one would draw
 * them by hand. Consumer edges gather the other way: the topics one consumer group reads join
 * into a single arrow at the consuming service, labelled once with the group's lag — the lag
 * is the group's, not the topic's. Nets never join each other, so a line always leads from one
 * start to its own ends.
 */

export interface Net {
  id: string;
  /** Drawn upwards (the edges are reversed to break a cycle). */
  up: boolean;
  /** Where lines start: the producing or calling box, or a consumer group's topics. */
  tails: string[];
  /** Boxes with an arrowhead. */
  heads: string[];
  edges: ViewEdge[];
  /** Set for a consumer group's net: its head arrow carries the lag label. */
  groupId: string | null;
}

export type Side = 'top' | 'bottom';

export interface PortRequest {
  netId: string;
  role: 'tail' | 'head';
  labelled: boolean;
}

export function buildNets(view: ViewGraph): Net[] {
  const nets = new Map<string, Net>();
  for (const edge of view.edges) {
    const direction = edge.reversed ? 'up' : 'down';
    const id =
      edge.groupId === null
        ? `from:${edge.from}:${direction}`
        : `group:${edge.to}#${edge.groupId}:${direction}`;
    let net = nets.get(id);
    if (!net) {
      net = { id, up: edge.reversed, tails: [], heads: [], edges: [], groupId: edge.groupId };
      nets.set(id, net);
    }
    net.edges.push(edge);
  }
  for (const net of nets.values()) refreshEnds(net);
  return [...nets.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Recomputes a net's ends from its edges, after some were left out. */
export function refreshEnds(net: Net): void {
  net.tails = [...new Set(net.edges.map((e) => e.from))].sort();
  net.heads = [...new Set(net.edges.map((e) => e.to))].sort();
}

/** Which border of a box a net meets: lines leave downwards from the bottom unless drawn upwards. */
export function sideOf(net: Net, role: 'tail' | 'head'): Side {
  return (role === 'tail') !== net.up ? 'bottom' : 'top';
}

/** The edge ends each box side carries, in net order. */
export function portRequests(nets: readonly Net[]): Map<string, Record<Side, PortRequest[]>> {
  const result = new Map<string, Record<Side, PortRequest[]>>();
  const add = (node: string, side: Side, request: PortRequest) => {
    let sides = result.get(node);
    if (!sides) {
      sides = { top: [], bottom: [] };
      result.set(node, sides);
    }
    sides[side].push(request);
  };
  for (const net of nets) {
    for (const tail of net.tails)
      add(tail, sideOf(net, 'tail'), { netId: net.id, role: 'tail', labelled: false });
    for (const head of net.heads)
      add(head, sideOf(net, 'head'), { netId: net.id, role: 'head', labelled: net.groupId !== null });
  }
  return result;
}

/** Columns one port takes: the line, and for a labelled arrow a space and the label. */
export function portSpan(request: PortRequest): number {
  return request.labelled ? 2 + labelWidth : 1;
}

/** Columns a side's ports need, one blank between neighbours. */
export function portRoom(requests: readonly PortRequest[]): number {
  if (requests.length === 0) return 0;
  return requests.reduce((sum, r) => sum + portSpan(r), 0) + requests.length - 1;
}
