import { compareText } from '../compareText';

/**
 * Which layer (band of rows, top to bottom) each node sits in.
 *
 * Requests flow down the page: the entry, the services it routes to, the services they call,
 * the topics those produce to, the services consuming them, and so on. Layers are the longest
 * path from the entries over that flow, which needs a graph without cycles; but sagas make
 * cycles (order-service → inventory-reserve → inventory-service → saga-response →
 * order-service). They are broken where a depth-first walk from the entries — nodes and edges
 * taken in name order — meets a node already on its path: that edge is "reversed", drawn
 * upwards with its arrow at the top. The walk follows the request flow, so the edge turned
 * round is the one that answers back (saga-response → order-service), as a person would draw it.
 *
 * A node that nothing leads to (a producer no one calls, a topic with no known producer) is
 * pulled down to just above the first thing it feeds, so it sits beside what it belongs to
 * rather than beside the gateway. Nodes without any edge go to a band of their own at the
 * bottom.
 *
 * Only names and edges are read: health and lag never move a node to another layer.
 */

export interface LayerInputEdge {
  id: string;
  from: string;
  to: string;
}

export interface Layering {
  layerOf: Map<string, number>;
  /** Edges drawn against the flow, to break cycles. */
  reversed: Set<string>;
  layerCount: number;
}

export function assignLayers(
  /** In the order ties are broken by: kind, then name. */
  nodeIds: readonly string[],
  edges: readonly LayerInputEdge[],
  entries: ReadonlySet<string>,
): Layering {
  const rank = new Map(nodeIds.map((id, index) => [id, index]));
  const outgoing = new Map<string, LayerInputEdge[]>(nodeIds.map((id) => [id, []]));
  for (const edge of edges) {
    if (!rank.has(edge.from) || !rank.has(edge.to) || edge.from === edge.to) continue;
    outgoing.get(edge.from)!.push(edge);
  }
  for (const list of outgoing.values())
    list.sort((a, b) => rank.get(a.to)! - rank.get(b.to)! || compareText(a.id, b.id));

  const reversed = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const roots = [...nodeIds.filter((id) => entries.has(id)), ...nodeIds.filter((id) => !entries.has(id))];
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = outgoing.get(top.id)![top.next++];
      if (!edge) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const seen = state.get(edge.to);
      // Nothing flows into an entry: an edge that says so is drawn against the flow.
      if (seen === 'open' || entries.has(edge.to)) reversed.add(edge.id);
      else if (seen === undefined) {
        state.set(edge.to, 'open');
        stack.push({ id: edge.to, next: 0 });
      }
    }
  }

  const successors = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  const predecessors = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const list of outgoing.values()) {
    for (const edge of list) {
      const [from, to] = reversed.has(edge.id) ? [edge.to, edge.from] : [edge.from, edge.to];
      successors.get(from)!.push(to);
      predecessors.get(to)!.push(from);
    }
  }

  const connected = (id: string) => successors.get(id)!.length > 0 || predecessors.get(id)!.length > 0;
  const base = nodeIds.some((id) => entries.has(id)) ? 1 : 0;
  const order = topologicalOrder(nodeIds, successors, predecessors);
  const layerOf = new Map<string, number>();
  for (const id of order) {
    const preds = predecessors.get(id)!;
    const layer = entries.has(id)
      ? 0
      : preds.length === 0
        ? base
        : Math.max(...preds.map((p) => layerOf.get(p)! + 1));
    layerOf.set(id, layer);
  }
  for (const id of [...order].reverse()) {
    const succs = successors.get(id)!;
    if (entries.has(id) || predecessors.get(id)!.length > 0 || succs.length === 0) continue;
    layerOf.set(id, Math.max(layerOf.get(id)!, Math.min(...succs.map((s) => layerOf.get(s)!)) - 1));
  }

  let layerCount = 0;
  for (const id of nodeIds)
    if (connected(id) || entries.has(id)) layerCount = Math.max(layerCount, layerOf.get(id)! + 1);
  const loose = nodeIds.filter((id) => !connected(id) && !entries.has(id));
  for (const id of loose) layerOf.set(id, layerCount);
  if (loose.length > 0) layerCount++;
  return { layerOf, reversed, layerCount };
}

function topologicalOrder(
  nodeIds: readonly string[],
  successors: ReadonlyMap<string, string[]>,
  predecessors: ReadonlyMap<string, string[]>,
): string[] {
  const waiting = new Map(nodeIds.map((id) => [id, predecessors.get(id)!.length]));
  const ready = nodeIds.filter((id) => waiting.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const next of successors.get(id)!) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return order;
}
