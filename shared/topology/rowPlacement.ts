import { refreshEnds, type Net } from './edgeNets';
import type { ViewNode } from './viewGraph';

/**
 * Layers become rows on the page. A layer wider than the page wraps onto further rows (never
 * shrinking boxes). Lines that pass a row on their way further down run in a lane, a one-column
 * gap between boxes; when a row cannot hold its lanes even after wrapping, the edges that
 * would cross it are left out of the drawing and listed instead, rather than drawn over boxes.
 *
 * Then each row's boxes slide sideways, in their order, towards what they connect to: the mean
 * position of their neighbours, solved for the whole row at once (pool-adjacent-violators over
 * the order constraints), a few times down and up the page. Only sizes and edges are read.
 */

export const itemGap = 2;
/** Around a domain frame's boxes: the border and a blank. */
export const framePadding = 2;

export interface Unit {
  node: ViewNode;
  /** The box, and its datastores beside it. */
  width: number;
  boxWidth: number;
  height: number;
  /** Offset of the unit inside its block (frames pad their units). */
  offset: number;
}

export type Block =
  | { kind: 'units'; domain: string | null; framed: boolean; units: Unit[]; width: number; x: number }
  | { kind: 'lane'; netId: string; width: 1; x: number };

export interface Row {
  layer: number;
  blocks: Block[];
  height: number;
  framed: boolean;
}

export interface RowPlan {
  rows: Row[];
  rowOf: Map<string, number>;
  /** netId → row → the lane block in that row. */
  lanes: Map<string, Map<number, Block & { kind: 'lane' }>>;
  /** View edge ids left out of the drawing. */
  elided: string[];
}

export function planRows(
  layers: readonly ViewNode[][],
  unitOf: (node: ViewNode) => Unit,
  nets: Net[],
  width: number,
  groupByDomain: boolean,
  sidesOf: (id: string) => { top: boolean; bottom: boolean },
): RowPlan {
  const reserve = layers.map(() => 0);
  let rows: Row[] = [];
  let rowOf = new Map<string, number>();
  for (let attempt = 0; attempt < 6; attempt++) {
    rows = wrapLayers(layers, unitOf, width, reserve, groupByDomain, sidesOf);
    rowOf = rowIndex(rows);
    const laneCounts = countLanes(nets, rowOf, rows.length);
    let grew = false;
    rows.forEach((row, index) => {
      const lanesWidth = laneCounts[index]! * (1 + itemGap);
      if (unitsWidth(row) + lanesWidth > width && lanesWidth > reserve[row.layer]!) {
        reserve[row.layer] = lanesWidth;
        grew = true;
      }
    });
    if (!grew) break;
  }

  const elided = elideOverflow(rows, rowOf, nets, width);
  const lanes = new Map<string, Map<number, Block & { kind: 'lane' }>>();
  for (const net of nets) {
    const span = netRows(net, rowOf);
    if (!span) continue;
    for (let row = span.min + 1; row < span.max; row++) {
      const lane = { kind: 'lane' as const, netId: net.id, width: 1 as const, x: 0 };
      if (!lanes.has(net.id)) lanes.set(net.id, new Map());
      lanes.get(net.id)!.set(row, lane);
      rows[row]!.blocks.push(lane);
    }
  }
  return { rows, rowOf, lanes, elided };
}

function wrapLayers(
  layers: readonly ViewNode[][],
  unitOf: (node: ViewNode) => Unit,
  width: number,
  reserve: readonly number[],
  groupByDomain: boolean,
  sidesOf: (id: string) => { top: boolean; bottom: boolean },
): Row[] {
  return layers.flatMap((layer, layerIndex) => {
    let units = layer.map(unitOf);
    const widest = Math.max(0, ...units.map((u) => u.width + (groupByDomain ? 2 * framePadding : 0)));
    const budget = Math.max(width - reserve[layerIndex]!, widest);
    let rows = fillRows(units, layerIndex, budget, groupByDomain);
    if (rows.length === 1) return rows;
    // Wrapped: boxes whose lines all come from above go to the first rows, boxes with lines
    // going on down to the last, so fewer lines have to pass between boxes of the same layer.
    if (!groupByDomain) {
      const weight = (unit: Unit) => {
        const sides = sidesOf(unit.node.id);
        return (sides.bottom ? 1 : 0) - (sides.top ? 1 : 0);
      };
      units = units
        .map((unit, index) => ({ unit, index }))
        .sort((a, b) => weight(a.unit) - weight(b.unit) || a.index - b.index)
        .map((e) => e.unit);
      rows = fillRows(units, layerIndex, budget, groupByDomain);
    }
    // The same number of rows, as even as they can be.
    let low = widest;
    let high = budget;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (fillRows(units, layerIndex, middle, groupByDomain).length <= rows.length) high = middle;
      else low = middle + 1;
    }
    return fillRows(units, layerIndex, low, groupByDomain);
  });
}

function fillRows(units: readonly Unit[], layerIndex: number, budget: number, groupByDomain: boolean): Row[] {
  const rows: Row[] = [];
  let row: Row = { layer: layerIndex, blocks: [], height: 0, framed: false };
  let used = 0;
  for (const unit of units) {
    const domain = groupByDomain ? unit.node.domain : null;
    const last = row.blocks[row.blocks.length - 1];
    const joins = last?.kind === 'units' && last.framed && domain !== null && last.domain === domain;
    const cost = joins
      ? itemGap + unit.width
      : (row.blocks.length > 0 ? itemGap : 0) + unit.width + (domain !== null ? 2 * framePadding : 0);
    if (row.blocks.length > 0 && used + cost > budget) {
      rows.push(row);
      row = { layer: layerIndex, blocks: [], height: 0, framed: false };
      used = 0;
    }
    const current = row.blocks[row.blocks.length - 1];
    if (current?.kind === 'units' && current.framed && domain !== null && current.domain === domain) {
      unit.offset = current.width - framePadding + itemGap;
      current.units.push(unit);
      current.width += itemGap + unit.width;
      used += itemGap + unit.width;
    } else {
      const framed = domain !== null;
      unit.offset = framed ? framePadding : 0;
      const block: Block = {
        kind: 'units',
        domain,
        framed,
        units: [unit],
        width: unit.width + (framed ? 2 * framePadding : 0),
        x: 0,
      };
      used += (row.blocks.length > 0 ? itemGap : 0) + block.width;
      row.blocks.push(block);
    }
    row.height = Math.max(row.height, unit.height);
    row.framed ||= domain !== null;
  }
  if (row.blocks.length > 0) rows.push(row);
  return rows;
}

function rowIndex(rows: readonly Row[]): Map<string, number> {
  const rowOf = new Map<string, number>();
  rows.forEach((row, index) => {
    for (const block of row.blocks)
      if (block.kind === 'units') for (const unit of block.units) rowOf.set(unit.node.id, index);
  });
  return rowOf;
}

export function netRows(net: Net, rowOf: ReadonlyMap<string, number>): { min: number; max: number } | null {
  const rows = [...net.tails, ...net.heads].map((id) => rowOf.get(id)).filter((r) => r !== undefined);
  if (rows.length === 0) return null;
  return { min: Math.min(...rows), max: Math.max(...rows) };
}

function countLanes(nets: readonly Net[], rowOf: ReadonlyMap<string, number>, rowCount: number): number[] {
  const counts = new Array<number>(rowCount).fill(0);
  for (const net of nets) {
    const span = netRows(net, rowOf);
    if (span) for (let row = span.min + 1; row < span.max; row++) counts[row]!++;
  }
  return counts;
}

function unitsWidth(row: Row): number {
  const blocks = row.blocks.filter((b) => b.kind === 'units');
  return blocks.reduce((sum, b) => sum + b.width, 0) + itemGap * Math.max(0, blocks.length - 1);
}

/**
 * Leaves out, row by row, the edges of the longest nets crossing a row that has no room for
 * their lanes. Longest first: a short edge is the more useful one to see.
 */
function elideOverflow(
  rows: readonly Row[],
  rowOf: ReadonlyMap<string, number>,
  nets: Net[],
  width: number,
): string[] {
  const elided: string[] = [];
  for (let row = 0; row < rows.length; row++) {
    for (;;) {
      const crossing = nets
        .map((net) => ({ net, span: netRows(net, rowOf) }))
        .filter((entry) => entry.span !== null && entry.span.min < row && row < entry.span.max);
      if (unitsWidth(rows[row]!) + crossing.length * (1 + itemGap) <= width || crossing.length === 0) break;
      crossing.sort(
        (a, b) => b.span!.max - b.span!.min - (a.span!.max - a.span!.min) || (a.net.id < b.net.id ? -1 : 1),
      );
      // Every line of a net shares one end, so the edges with an end on each side of the row
      // are exactly those its lane carries.
      const { net } = crossing[0]!;
      const straddles = (edge: Net['edges'][number]) => {
        const [a, b] = [rowOf.get(edge.from)!, rowOf.get(edge.to)!];
        return Math.min(a, b) < row && row < Math.max(a, b);
      };
      const removed = net.edges.filter(straddles);
      if (removed.length === 0) break;
      elided.push(...removed.map((e) => e.id));
      net.edges = net.edges.filter((e) => !straddles(e));
      refreshEnds(net);
    }
  }
  for (let i = nets.length - 1; i >= 0; i--) if (nets[i]!.edges.length === 0) nets.splice(i, 1);
  return elided;
}
