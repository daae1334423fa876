import { z } from 'zod';
import { deepEqual } from '../deepEqual';
import { diffKeyed, type KeyedCollection, type KeyedCollectionSpec } from './keyedCollection';
import { isKeyedPatchEmpty, KeyedPatchEncoder, type KeyedPatch } from './keyedPatch';
import type { MonitorEvent } from './keyedStream';

/**
 * A live collection as a page that shows a window of it subscribes to: the page names a
 * filter, a sort, the range of rows it shows and the items it must hold whatever their place (the
 * selected one), and main sends only those items, the window's rows in screen order, how
 * many rows there are in all, and each group's counts. The page of a 10,000-service fleet so
 * holds a few hundred services, not 10,000; scrolling far, filtering or selecting elsewhere
 * is a new subscription with other parameters.
 */

export const windowRequestSchema = z
  .object({
    /** The filter box's text, as typed. */
    filter: z.string().max(200),
    /** The order, in the domain's words (the lag table's column and direction); absent for the domain's own. */
    sort: z.string().max(40).optional(),
    /** The first row of the window. */
    offset: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(1_000),
    /** Items held whatever their place: the selection, which the detail panel and actions read. */
    pinned: z.array(z.string().max(2_048)).max(20),
    /** An item the window is placed around instead of `offset`: a service opened from a link. */
    reveal: z.string().max(2_048).optional(),
  })
  .strict();
export type WindowRequest = z.infer<typeof windowRequestSchema>;

/** Where the window sits among all rows after the filter. */
export interface WindowPlacement<Row> {
  offset: number;
  /** Rows after the filter, headers included. */
  total: number;
  /** Items after the filter. */
  matched: number;
  rows: Row[];
}

export interface GroupCounts<Counts> {
  group: string;
  counts: Counts;
}

export type WindowedStreamEvent<Snapshot, Item, Group, Row, Counts> =
  | {
      type: 'snapshot';
      /** Every group; of the items, those of the window and the pinned ones. */
      snapshot: Snapshot;
      window: WindowPlacement<Row>;
      counts: GroupCounts<Counts>[];
    }
  | {
      type: 'delta';
      delta: KeyedPatch<Item, Group>;
      /** Present when the window's rows, its place or the totals moved. */
      window?: WindowPlacement<Row>;
      /** The groups whose counts changed. */
      counts?: GroupCounts<Counts>[];
    };

/** How one live collection is shown as rows: the domain's half of a windowed stream. */
export interface WindowedShape<Snapshot, Item, Group, Row extends { id: string }, Counts> {
  spec: KeyedCollectionSpec<Item, Group>;
  collectionOf(snapshot: Snapshot): KeyedCollection<Item, Group>;
  withItems(snapshot: Snapshot, items: Item[]): Snapshot;
  /** Every row in screen order after the request's filter and sort (headers and items), and how many are items. */
  view(
    collection: KeyedCollection<Item, Group>,
    request: WindowRequest,
  ): { rows: readonly Row[]; matched: number };
  /** The item a row shows, or null for a header. */
  itemKeyOfRow: (row: Row) => string | null;
  /** Items that travel with a pinned one (a service's namesakes in other environments). */
  companions(collection: KeyedCollection<Item, Group>, pinnedKey: string): Iterable<string>;
  /** Counts per group key over the whole collection, every group present. */
  counts(collection: KeyedCollection<Item, Group>): ReadonlyMap<string, Counts>;
}

/**
 * One subscriber's encoder: each monitor event becomes the window's snapshot (the first) or
 * a patch of the items it holds, with the window and counts when they moved, or nothing.
 * `current` is the monitor's whole collection as published, which a delta alone does not give.
 */
export function windowedStreamEncoder<Snapshot, Item, Group, Row extends { id: string }, Counts>(
  shape: WindowedShape<Snapshot, Item, Group, Row, Counts>,
  request: WindowRequest,
  current: () => Snapshot,
): (event: MonitorEvent<Snapshot, Item, Group>) => WindowedStreamEvent<Snapshot, Item, Group, Row, Counts>[] {
  const encoder = new KeyedPatchEncoder(shape.spec);
  let held: KeyedCollection<Item, Group> | null = null;
  let placement: WindowPlacement<Row> | null = null;
  let counts: ReadonlyMap<string, Counts> = new Map();

  return (event) => {
    const snapshot = event.type === 'snapshot' ? event.snapshot : current();
    const collection = shape.collectionOf(snapshot);
    const view = shape.view(collection, request);
    const offset = windowOffset(view.rows, request, shape.itemKeyOfRow);
    const rows = view.rows.slice(offset, offset + request.limit);

    const keys = new Set<string>();
    for (const row of rows) {
      const key = shape.itemKeyOfRow(row);
      if (key !== null) keys.add(key);
    }
    // An item the page holds stays held while it is near the window: under an order that moves
    // (lag), items cross the window's edge back and forth at every refresh, and each crossing
    // would send the item whole again.
    if (held !== null) {
      const heldKeys = new Set(held.items.map((item) => shape.spec.itemKey(item)));
      const near = view.rows.slice(
        Math.max(0, offset - heldMargin(request)),
        offset + request.limit + heldMargin(request),
      );
      for (const row of near) {
        const key = shape.itemKeyOfRow(row);
        if (key !== null && heldKeys.has(key)) keys.add(key);
      }
    }
    for (const key of [...request.pinned, ...(request.reveal === undefined ? [] : [request.reveal])]) {
      keys.add(key);
      for (const companion of shape.companions(collection, key)) keys.add(companion);
    }
    const items = collection.items.filter((item) => keys.has(shape.spec.itemKey(item)));
    const subset: KeyedCollection<Item, Group> = { groups: collection.groups, items };
    const nextPlacement: WindowPlacement<Row> = {
      offset,
      total: view.rows.length,
      matched: view.matched,
      rows,
    };
    const nextCounts = shape.counts(collection);

    if (event.type === 'snapshot' || held === null || placement === null) {
      encoder.reset(subset);
      held = subset;
      placement = nextPlacement;
      counts = nextCounts;
      return [
        {
          type: 'snapshot',
          snapshot: shape.withItems(snapshot, items),
          window: nextPlacement,
          counts: [...nextCounts].map(([group, value]) => ({ group, counts: value })),
        },
      ];
    }

    const delta = encoder.encode(diffKeyed(shape.spec, held, subset), event.delta.generatedAt);
    held = subset;
    const windowMoved = !samePlacement(placement, nextPlacement);
    placement = nextPlacement;
    const changedCounts: GroupCounts<Counts>[] = [];
    for (const [group, value] of nextCounts) {
      const before = counts.get(group);
      if (before === undefined || (before !== value && !deepEqual(before, value)))
        changedCounts.push({ group, counts: value });
    }
    counts = nextCounts;
    if (isKeyedPatchEmpty(delta) && !windowMoved && changedCounts.length === 0) return [];
    return [
      {
        type: 'delta',
        delta,
        ...(windowMoved ? { window: nextPlacement } : {}),
        ...(changedCounts.length > 0 ? { counts: changedCounts } : {}),
      },
    ];
  };
}

/** How far past the window's edges an item the page holds stays held: half a window each way. */
function heldMargin(request: WindowRequest): number {
  return Math.floor(request.limit / 2);
}

/**
 * The first row of the window: around the revealed item when there is one (a third of the
 * window above it, so the rows after it are in view too), else the requested offset, kept
 * within the rows so a shrinking collection does not leave the page an empty window.
 */
function windowOffset<Row>(
  rows: readonly Row[],
  request: WindowRequest,
  itemKeyOfRow: (row: Row) => string | null,
): number {
  let offset = request.offset;
  if (request.reveal !== undefined) {
    const index = rows.findIndex((row) => itemKeyOfRow(row) === request.reveal);
    if (index >= 0) offset = index - Math.floor(request.limit / 3);
  }
  return Math.max(0, Math.min(offset, rows.length - request.limit));
}

function samePlacement<Row extends { id: string }>(
  a: WindowPlacement<Row>,
  b: WindowPlacement<Row>,
): boolean {
  return (
    a.offset === b.offset &&
    a.total === b.total &&
    a.matched === b.matched &&
    a.rows.length === b.rows.length &&
    a.rows.every((row, index) => row === b.rows[index] || row.id === b.rows[index]?.id)
  );
}
