import type { Net } from './edgeNets';
import { itemGap, type Block, type RowPlan } from './rowPlacement';

/**
 * Slides each row's blocks sideways towards what they connect to, keeping their order and the
 * gaps between them: see rowPlacement.ts. Lanes join their row here, at the place their line
 * comes down from.
 */

export function placeRows(
  plan: RowPlan,
  nets: readonly Net[],
  width: number,
  /** Where on its box (columns from the left edge) a node's end of a net will be. */
  portOffset: (nodeId: string, netId: string) => number,
): void {
  const boxLeft = new Map<string, number>();
  const { rows, rowOf, lanes } = plan;

  const others = new Map<string, { net: Net; ids: string[] }[]>();
  for (const net of nets) {
    for (const tail of net.tails) others.set(tail, [...(others.get(tail) ?? []), { net, ids: net.heads }]);
    for (const head of net.heads) others.set(head, [...(others.get(head) ?? []), { net, ids: net.tails }]);
  }
  const netById = new Map(nets.map((n) => [n.id, n]));
  const laneAt = (netId: string, row: number) => lanes.get(netId)?.get(row);
  const portOf = (nodeId: string, netId: string) =>
    boxLeft.has(nodeId) ? boxLeft.get(nodeId)! + portOffset(nodeId, netId) : undefined;
  const mean = (values: number[]) =>
    values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;

  /** Where a unit's box would put its ports in line with their other ends: a lane next door, or the far boxes' ports. */
  const unitTargets = (id: string, row: number, above: boolean, below: boolean): number[] => {
    const targets: number[] = [];
    for (const { net, ids } of others.get(id) ?? []) {
      const own = portOffset(id, net.id);
      for (const [wanted, next] of [
        [above, row - 1],
        [below, row + 1],
      ] as const) {
        if (!wanted) continue;
        const lane = laneAt(net.id, next);
        if (lane) {
          targets.push(lane.x - own);
          continue;
        }
        for (const other of ids) {
          const r = rowOf.get(other);
          const port = portOf(other, net.id);
          if (r !== undefined && (next < row ? r < row : r > row) && port !== undefined)
            targets.push(port - own);
        }
      }
    }
    return targets;
  };
  const laneTargets = (netId: string, row: number, above: boolean, below: boolean): number[] => {
    const net = netById.get(netId)!;
    const targets: number[] = [];
    for (const [wanted, next] of [
      [above, row - 1],
      [below, row + 1],
    ] as const) {
      if (!wanted) continue;
      const lane = laneAt(netId, next);
      if (lane) targets.push(lane.x);
      else
        for (const id of [...net.tails, ...net.heads]) {
          const port = portOf(id, netId);
          if (rowOf.get(id) === next && port !== undefined) targets.push(port);
        }
    }
    return targets;
  };

  const desiredX = (block: Block, row: number, above: boolean, below: boolean): number | null => {
    if (block.kind === 'lane') return mean(laneTargets(block.netId, row, above, below));
    const wishes = block.units
      .map((unit) => {
        const target = mean(unitTargets(unit.node.id, row, above, below));
        return target === null ? null : target - unit.offset;
      })
      .filter((x) => x !== null);
    return mean(wishes);
  };
  const remember = (blocks: readonly Block[]) => {
    for (const block of blocks)
      if (block.kind === 'units')
        for (const unit of block.units) boxLeft.set(unit.node.id, block.x + unit.offset);
  };
  const place = (blocks: Block[], row: number, above: boolean, below: boolean) => {
    const xs = solveRow(
      blocks.map((b) => ({ width: b.width, desired: desiredX(b, row, above, below) ?? b.x })),
      width,
    );
    blocks.forEach((b, i) => (b.x = xs[i]!));
    remember(blocks);
  };

  // Start: each row centred on the page, lanes aside.
  rows.forEach((row) => {
    const units = row.blocks.filter((b) => b.kind === 'units');
    const total = units.reduce((sum, b) => sum + b.width, 0) + itemGap * (units.length - 1);
    let x = Math.max(0, Math.floor((width - total) / 2));
    for (const block of units) {
      block.x = x;
      x += block.width + itemGap;
    }
    remember(units);
  });

  rows.forEach((row, index) => {
    const units = row.blocks.filter((b) => b.kind === 'units');
    place(units, index, true, false);
    const rowLanes = row.blocks.filter((b) => b.kind === 'lane');
    const wanted = rowLanes.map((lane) => ({
      lane,
      x: mean(laneTargets(lane.netId, index, true, false)) ?? width / 2,
    }));
    wanted.sort((a, b) => a.x - b.x || (a.lane.netId < b.lane.netId ? -1 : 1));
    const merged: Block[] = [];
    let next = 0;
    for (const block of units) {
      const middle = block.x + block.width / 2;
      while (next < wanted.length && wanted[next]!.x < middle)
        merged.push({ ...wanted[next++]!.lane, x: wanted[next - 1]!.x });
      merged.push(block);
    }
    while (next < wanted.length) merged.push({ ...wanted[next++]!.lane, x: wanted[next - 1]!.x });
    // The lane objects are shared with plan.lanes: keep the originals in the row.
    row.blocks = merged.map((block) => {
      if (block.kind !== 'lane') return block;
      const original = laneAt(block.netId, index)!;
      original.x = block.x;
      return original;
    });
    place(row.blocks, index, true, false);
  });
  for (let pass = 0; pass < 3; pass++) {
    const order = rows.map((_, i) => i);
    if (pass % 2 === 0) order.reverse();
    for (const index of order) place(rows[index]!.blocks, index, true, true);
  }

  // A line passing several rows should not jog between them: line up its lanes where the gaps allow.
  for (let pass = 0; pass < 2; pass++) {
    rows.forEach((row, index) => {
      row.blocks.forEach((block, i) => {
        if (block.kind !== 'lane') return;
        const before = row.blocks[i - 1];
        const after = row.blocks[i + 1];
        for (const neighbour of [laneAt(block.netId, index - 1), laneAt(block.netId, index + 1)]) {
          if (!neighbour || neighbour.x === block.x) continue;
          const x = neighbour.x;
          if (before && before.x + before.width + itemGap > x) continue;
          if (after && x + 1 + itemGap > after.x) continue;
          if (!before && x < 0) continue;
          block.x = x;
          break;
        }
      });
    });
  }

  const left = Math.min(...rows.flatMap((row) => row.blocks.map((b) => b.x)));
  for (const row of rows) for (const block of row.blocks) block.x -= left;
}

/**
 * Positions for blocks in a fixed order, each as close as it can be to where it wants to be
 * (least squares), at least `itemGap` apart and within the page: pool adjacent violators on
 * the positions with the gaps taken out.
 */
export function solveRow(items: readonly { width: number; desired: number }[], width: number): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const item of items) {
    offsets.push(offset);
    offset += item.width + itemGap;
  }
  const last = items.length - 1;
  const room = last < 0 ? 0 : Math.max(0, width - (offsets[last]! + items[last]!.width));
  const targets = items.map((item, i) => Math.min(room, Math.max(0, item.desired - offsets[i]!)));
  const pools: { sum: number; count: number }[] = [];
  for (const target of targets) {
    pools.push({ sum: target, count: 1 });
    while (pools.length > 1) {
      const b = pools[pools.length - 1]!;
      const a = pools[pools.length - 2]!;
      if (a.sum / a.count <= b.sum / b.count) break;
      pools.splice(pools.length - 2, 2, { sum: a.sum + b.sum, count: a.count + b.count });
    }
  }
  const result: number[] = [];
  for (const pool of pools)
    for (let i = 0; i < pool.count; i++)
      result.push(Math.round(pool.sum / pool.count) + offsets[result.length]!);
  return result;
}
