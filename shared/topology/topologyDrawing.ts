import {
  borderStyleOf,
  boxLines,
  datastoreLine,
  datastoreGap,
  lagLabel,
  measureDatastore,
  viewSeverity,
  type NodeLookup,
} from './boxContent';
import { borderChars, CharacterGrid } from './characterGrid';
import { portKey, type BoxPlace, type Channel, type Routing } from './channelRouting';
import { sideOf, type Net } from './edgeNets';
import {
  groupSeverity,
  worstSeverity,
  type TopologyEdge,
  type TopologyGraph,
  type TopologySeverity,
} from './topologyModel';
import type { RowPlan } from './rowPlacement';
import type { ViewNode } from './viewGraph';

/**
 * Puts the placed boxes and routed nets on the character grid, and notes for every cell what
 * it belongs to: a box (with its health), an edge or a label (with the group's status), a
 * domain frame.
 */

export type TopologyRegion =
  | { kind: 'node'; viewId: string; nodeIds: string[]; severity: TopologySeverity }
  | { kind: 'edge'; edgeIds: string[]; severity: TopologySeverity }
  | { kind: 'label'; edgeIds: string[]; severity: TopologySeverity }
  | { kind: 'frame'; domain: string };

export interface TopologyBox {
  /** The box's own id: a node id, an aggregate id, or `<datastore id>@<service id>`. */
  id: string;
  nodeIds: string[];
  kind: ViewNode['kind'] | 'datastore';
  x: number;
  y: number;
  width: number;
  height: number;
  region: number;
}

export type PlacedBox = BoxPlace & { node: ViewNode };

export interface TopologyDrawing {
  width: number;
  height: number;
  /** chars[y][x]: one character per cell. */
  chars: string[][];
  /** cellRegions[y][x]: index into `regions`, or -1 for a blank cell. */
  cellRegions: number[][];
  regions: TopologyRegion[];
  boxes: TopologyBox[];
}

interface Scene {
  graph: TopologyGraph;
  plan: RowPlan;
  nets: readonly Net[];
  places: ReadonlyMap<string, PlacedBox>;
  routing: Routing;
}

class RegionTable {
  readonly regions: TopologyRegion[] = [];
  private readonly keys = new Map<string, number>();

  constructor(private readonly edges: ReadonlyMap<string, TopologyEdge>) {}

  get(key: string, make: () => TopologyRegion): number {
    let index = this.keys.get(key);
    if (index === undefined) {
      index = this.regions.length;
      this.regions.push(make());
      this.keys.set(key, index);
    }
    return index;
  }

  node(id: string, nodeIds: string[], severity: TopologySeverity): number {
    return this.get(`node:${id}`, () => ({ kind: 'node', viewId: id, nodeIds, severity }));
  }

  edge(ids: string[]): number {
    return this.get(`edge:${ids.join(' ')}`, () => ({
      kind: 'edge',
      edgeIds: ids,
      severity: this.severity(ids),
    }));
  }

  label(ids: string[]): number {
    return this.get(`label:${ids.join(' ')}`, () => ({
      kind: 'label',
      edgeIds: ids,
      severity: this.severity(ids),
    }));
  }

  private severity(ids: readonly string[]): TopologySeverity {
    return worstSeverity(
      ids.map((id) => {
        const edge = this.edges.get(id);
        return edge?.kind === 'consumes' ? groupSeverity(edge.lag?.severity ?? null) : 'none';
      }),
    );
  }
}

export function drawTopology(scene: Scene): TopologyDrawing {
  const { graph, plan, routing } = scene;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const lookup: NodeLookup = (id) => nodes.get(id)!;
  const regions = new RegionTable(new Map(graph.edges.map((e) => [e.id, e])));
  const width = Math.max(1, ...plan.rows.flatMap((row) => row.blocks.map((b) => b.x + b.width)));
  const grid = new CharacterGrid(width, Math.max(1, routing.height));

  drawFrames(grid, scene, regions);
  const boxes = drawBoxes(grid, scene, regions, lookup);
  for (const channel of routing.channels) drawChannel(grid, channel, scene);
  grid.drawLines((ids) => regions.edge(ids));
  const boxRegions = new Map(boxes.map((b) => [b.id, b.region]));
  drawEnds(grid, scene, regions, boxRegions);

  return {
    width: grid.width,
    height: grid.height,
    chars: grid.chars,
    cellRegions: grid.regions,
    regions: regions.regions,
    boxes: boxes.sort((a, b) => a.y - b.y || a.x - b.x),
  };
}

function drawBoxes(
  grid: CharacterGrid,
  scene: Scene,
  regions: RegionTable,
  lookup: NodeLookup,
): TopologyBox[] {
  const boxes: TopologyBox[] = [];
  const uses = new Map<string, string[]>();
  for (const edge of scene.graph.edges)
    if (edge.kind === 'uses')
      uses.set(`${edge.from}|${edge.to}`, [...(uses.get(`${edge.from}|${edge.to}`) ?? []), edge.id]);

  for (const [id, place] of scene.places) {
    const node = place.node;
    const region = regions.node(id, node.nodeIds, viewSeverity(node, lookup));
    const y = scene.routing.rowY[place.row]!;
    grid.box(place.x, y, place.width, place.height, borderStyleOf(node), region);
    boxLines(node, lookup, place.width).forEach((line, i) =>
      grid.write(place.x + 1, y + 1 + i, line, region),
    );
    boxes.push({
      id,
      nodeIds: node.nodeIds,
      kind: node.kind,
      x: place.x,
      y,
      width: place.width,
      height: place.height,
      region,
    });

    // Datastores stack beside their service, each joined to it by a short arrow.
    node.datastores.forEach((storeId, i) => {
      const store = lookup(storeId);
      const size = measureDatastore(store);
      const storeRegion = regions.node(storeId, [storeId], 'none');
      const x = place.x + place.width + datastoreGap;
      const top = y + 3 * i;
      grid.box(x, top, size.width, size.height, 'double', storeRegion);
      grid.write(x + 1, top + 1, datastoreLine(store, size.width), storeRegion);
      grid.put(place.x + place.width - 1, top + 1, '├', region);
      grid.write(
        place.x + place.width,
        top + 1,
        '──▶',
        regions.edge(uses.get(`${node.id}|${storeId}`) ?? []),
      );
      boxes.push({
        id: `${storeId}@${id}`,
        nodeIds: [storeId],
        kind: 'datastore',
        x,
        y: top,
        width: size.width,
        height: size.height,
        region: storeRegion,
      });
    });
  }
  return boxes;
}

function drawFrames(grid: CharacterGrid, scene: Scene, regions: RegionTable): void {
  const { plan, routing, nets } = scene;
  // Columns where lines cross a box's top border, which a frame title must leave free.
  const crossings = new Map<string, number[]>();
  for (const net of nets) {
    for (const [role, ids] of [
      ['tail', net.tails],
      ['head', net.heads],
    ] as const) {
      if (sideOf(net, role) !== 'top') continue;
      for (const id of ids)
        crossings.set(id, [...(crossings.get(id) ?? []), routing.ports.get(portKey(net.id, id))!]);
    }
  }
  plan.rows.forEach((row, index) => {
    const top = routing.rowY[index]! - 2;
    const bottom = routing.rowY[index]! + row.height + 1;
    for (const block of row.blocks) {
      if (block.kind !== 'units' || !block.framed || block.domain === null) continue;
      const domain = block.domain;
      const region = regions.get(`frame:${domain}`, () => ({ kind: 'frame', domain }));
      grid.box(block.x, top, block.width, bottom - top + 1, 'frame', region);
      const title = ` ${domain} `;
      const length = [...title].length;
      const taken = new Set(block.units.flatMap((unit) => crossings.get(unit.node.id) ?? []));
      for (let x = block.x + 2; x + length <= block.x + block.width - 2; x++) {
        let free = true;
        for (let i = -1; i <= length; i++) if (taken.has(x + i)) free = false;
        if (free) {
          grid.write(x, top, title, region);
          break;
        }
      }
    }
  });
}

/** Each edge's path through one channel: down from its upper end, along the net's track, down to its lower end. */
function drawChannel(grid: CharacterGrid, channel: Channel, scene: Scene): void {
  const { plan, routing, places } = scene;
  const upper = channel.index;
  const rowOf = (id: string) => plan.rowOf.get(id)!;
  for (const { net, tops, bottoms, track } of channel.nets) {
    for (const edge of net.edges) {
      const [high, low] = rowOf(edge.from) < rowOf(edge.to) ? [edge.from, edge.to] : [edge.to, edge.from];
      if (rowOf(high) > upper || rowOf(low) < upper + 1) continue;
      const top = tops.find((t) => t.nodeId === (rowOf(high) === upper ? high : null));
      const bottom = bottoms.find((t) => t.nodeId === (rowOf(low) === upper + 1 ? low : null));
      if (!top || !bottom) continue;
      // From just under the box (boxes in a row differ in height), or from the lane above.
      const startY =
        top.nodeId === null
          ? routing.rowY[upper]! - 1
          : routing.rowY[upper]! + places.get(top.nodeId)!.height;
      if (track === null) {
        grid.line(top.x, startY, top.x, channel.arrival, net.id, edge.edgeIds);
        continue;
      }
      const trackY = channel.tracks[track]!;
      grid.line(top.x, startY, top.x, trackY, net.id, edge.edgeIds);
      grid.line(top.x, trackY, bottom.x, trackY, net.id, edge.edgeIds);
      grid.line(bottom.x, trackY, bottom.x, channel.arrival, net.id, edge.edgeIds);
    }
  }
}

/** Where lines meet boxes: a port in the border where they leave, an arrowhead where they arrive, the group's lag beside it. */
function drawEnds(
  grid: CharacterGrid,
  scene: Scene,
  regions: RegionTable,
  boxRegions: ReadonlyMap<string, number>,
): void {
  const { routing, places } = scene;
  const edges = new Map(scene.graph.edges.map((e) => [e.id, e]));
  for (const net of scene.nets) {
    for (const role of ['tail', 'head'] as const) {
      for (const id of role === 'tail' ? net.tails : net.heads) {
        const place = places.get(id)!;
        const x = routing.ports.get(portKey(net.id, id))!;
        const side = sideOf(net, role);
        const top = routing.rowY[place.row]!;
        if (role === 'tail') {
          const style = borderChars[borderStyleOf(place.node)];
          const y = side === 'bottom' ? top + place.height - 1 : top;
          grid.put(x, y, side === 'bottom' ? style.down : style.up, boxRegions.get(id)!);
          continue;
        }
        const ids = net.edges
          .filter((e) => e.to === id)
          .flatMap((e) => e.edgeIds)
          .sort();
        grid.put(
          x,
          side === 'top' ? top - 1 : top + place.height,
          side === 'top' ? '▼' : '▲',
          regions.edge(ids),
        );
        if (net.groupId === null) continue;
        const channel = routing.channels[side === 'top' ? place.row - 1 : place.row];
        const labelY = side === 'top' ? channel?.downLabel : channel?.upLabel;
        const measured = ids.map((e) => edges.get(e)).find((e) => e?.kind === 'consumes' && e.lag !== null);
        const text = lagLabel(measured?.kind === 'consumes' ? measured.lag : null);
        if (labelY !== null && labelY !== undefined) grid.write(x + 2, labelY, text, regions.label(ids));
      }
    }
  }
}
