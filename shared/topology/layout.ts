import { datastoreGap, measureBox, measureDatastore, type NodeLookup } from './boxContent';
import { portKey, routeChannels, type Routing } from './channelRouting';
import { buildNets, portRequests, portRoom, portSpan, type Net, type PortRequest } from './edgeNets';
import type { TopologyGraph } from './topologyModel';
import { planRows, type RowPlan, type Unit } from './rowPlacement';
import { drawTopology, type PlacedBox, type TopologyDrawing } from './topologyDrawing';
import { buildViewGraph, orderLayers, type ViewGraph, type ViewNode } from './viewGraph';
import { placeRows } from './xPlacement';

export type { TopologyBox, TopologyRegion } from './topologyDrawing';

/**
 * The topology on a character grid, in the style of an architecture document: layers down the
 * page (layering.ts), boxes sized by names only (boxContent.ts), rows wrapped to the width and
 * slid towards their neighbours (rowPlacement.ts, xPlacement.ts), edges as nets in channels
 * between rows (edgeNets.ts, channelRouting.ts).
 *
 * Pure and stable: positions depend on the graph's nodes, edges and names, and on the options,
 * never on health or lag, so a refresh that only changes values redraws every box in place.
 * (Collapsing healthy boxes is the exception by design: a service that turns unhealthy leaves
 * its "N healthy services" box, which changes the structure.)
 *
 * When the graph is wider than the page, layers wrap onto more rows; names longer than a box
 * are shortened with …; edges whose lines find no room to pass a row are left out and listed
 * (`elidedEdges`). Collapsing is only done when asked.
 */

export interface TopologyLayoutOptions {
  /** Columns available; at least `minLayoutWidth`. */
  width: number;
  /** Folds each layer's healthy services (and quiet topics) into one box. */
  collapseHealthy?: boolean;
  /** Draws a titled frame around each domain's boxes in every row. */
  groupByDomain?: boolean;
}

export const minLayoutWidth = 64;

export interface TopologyLayout extends TopologyDrawing {
  /** Graph edge ids not drawn, for lack of room (see rowPlacement.ts). */
  elidedEdges: string[];
}

export function layoutTopology(graph: TopologyGraph, options: TopologyLayoutOptions): TopologyLayout {
  return drawPreparedTopology(prepareTopologyLayout(graph, options), graph);
}

/**
 * Where everything goes, without the values: what `layoutTopology` computes once per
 * structure. A live view keeps it while only health and lag change (same
 * `topologyStructureKey`) and draws each refresh into it with `drawPreparedTopology`,
 * which costs a fraction of a layout on a large platform.
 */
export interface PreparedTopologyLayout {
  key: string;
  plan: RowPlan;
  nets: Net[];
  places: ReadonlyMap<string, PlacedBox>;
  routing: Routing;
  elidedEdges: string[];
}

export function prepareTopologyLayout(
  graph: TopologyGraph,
  options: TopologyLayoutOptions,
): PreparedTopologyLayout {
  const width = layoutWidth(options);
  const groupByDomain = options.groupByDomain ?? false;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const lookup: NodeLookup = (id) => nodes.get(id)!;

  const view = buildViewGraph(graph, { collapseHealthy: options.collapseHealthy ?? false, groupByDomain });
  const layers = orderLayers(view, groupByDomain);
  const nets = buildNets(view);
  const requests = portRequests(nets);

  const units = new Map<string, Unit & { boxHeight: number }>();
  const unitOf = (node: ViewNode): Unit => {
    let unit = units.get(node.id);
    if (!unit) {
      const sides = requests.get(node.id);
      const room = Math.max(portRoom(sides?.top ?? []), portRoom(sides?.bottom ?? []));
      const size = measureBox(node, lookup, room);
      const stores = node.datastores.map((id) => measureDatastore(lookup(id)).width);
      const storesWidth = stores.length > 0 ? datastoreGap + Math.max(...stores) : 0;
      unit = {
        node,
        width: size.width + storesWidth,
        boxWidth: size.width,
        height: size.height,
        offset: 0,
        boxHeight: size.height,
      };
      units.set(node.id, unit);
    }
    return unit;
  };

  const plan = planRows(layers, unitOf, nets, width, groupByDomain, (id) => ({
    top: (requests.get(id)?.top.length ?? 0) > 0,
    bottom: (requests.get(id)?.bottom.length ?? 0) > 0,
  }));
  const offsets = provisionalPortOffsets(requests, (id) => units.get(id)!.boxWidth);
  placeRows(plan, nets, width, (nodeId, netId) => offsets.get(portKey(netId, nodeId)) ?? 0);

  const places = new Map<string, PlacedBox>();
  plan.rows.forEach((row, index) => {
    for (const block of row.blocks) {
      if (block.kind !== 'units') continue;
      for (const unit of block.units)
        places.set(unit.node.id, {
          x: block.x + unit.offset,
          width: unit.boxWidth,
          height: units.get(unit.node.id)!.boxHeight,
          row: index,
          node: unit.node,
        });
    }
  });
  const routing = routeChannels(plan, nets, requests, (id) => places.get(id)!);
  const viewEdges = new Map(view.edges.map((e) => [e.id, e]));
  return {
    key: structureKeyOf(graph, view, options),
    plan,
    nets,
    places,
    routing,
    elidedEdges: plan.elided.flatMap((id) => viewEdges.get(id)?.edgeIds ?? []).sort(),
  };
}

/**
 * Draws `graph`'s values into a layout prepared for a graph of the same structure (the same
 * `topologyStructureKey` with the options it was prepared with).
 */
export function drawPreparedTopology(prepared: PreparedTopologyLayout, graph: TopologyGraph): TopologyLayout {
  const { plan, nets, places, routing } = prepared;
  return { ...drawTopology({ graph, plan, nets, places, routing }), elidedEdges: prepared.elidedEdges };
}

/**
 * Everything a layout depends on, as one string: the boxes drawn (which healthy ones a
 * collapse folds away included), their names, domains and edges, and the options. Health,
 * counts, revisions and lag are not in it: a graph whose key is unchanged can be drawn into
 * the layout prepared before.
 */
export function topologyStructureKey(graph: TopologyGraph, options: TopologyLayoutOptions): string {
  const view = buildViewGraph(graph, {
    collapseHealthy: options.collapseHealthy ?? false,
    groupByDomain: options.groupByDomain ?? false,
  });
  return structureKeyOf(graph, view, options);
}

function structureKeyOf(graph: TopologyGraph, view: ViewGraph, options: TopologyLayoutOptions): string {
  return JSON.stringify([
    layoutWidth(options),
    options.collapseHealthy ?? false,
    options.groupByDomain ?? false,
    // Entry kinds are words in their boxes, so they size them; a summary has health lines only with services.
    graph.nodes.filter((n) => n.kind === 'entry').map((n) => [n.id, n.entryKind]),
    graph.nodes.filter((n) => n.kind === 'summary').map((n) => [n.id, n.summary.services > 0]),
    view.nodes.map((n) => [n.id, n.kind, n.nodeIds, n.domain, n.layer, n.datastores]),
    view.edges.map((e) => [e.id, e.from, e.to, e.edgeIds, e.reversed]),
  ]);
}

function layoutWidth(options: TopologyLayoutOptions): number {
  return Math.max(minLayoutWidth, Math.floor(options.width));
}

/** Port columns as routeChannels would centre them, before it knows the order they lead in. */
function provisionalPortOffsets(
  requests: ReadonlyMap<string, Record<'top' | 'bottom', PortRequest[]>>,
  boxWidth: (id: string) => number,
): Map<string, number> {
  const offsets = new Map<string, number>();
  for (const [nodeId, sides] of requests) {
    for (const side of [sides.top, sides.bottom]) {
      let x = Math.max(2, Math.floor((boxWidth(nodeId) - portRoom(side)) / 2));
      for (const request of side) {
        offsets.set(portKey(request.netId, nodeId), x);
        x += portSpan(request) + 1;
      }
    }
  }
  return offsets;
}
