import type { KeyedCollection, KeyedCollectionSpec } from './keyedCollection';
import { firstPageSize, snapshotPages } from './keyedPages';
import { isKeyedPatchEmpty, KeyedPatchEncoder, type KeyedPatch } from './keyedPatch';

/**
 * How one kind of live snapshot (the fleet, the lag) holds its keyed collection: where its
 * items and groups are, how a snapshot is rebuilt with other items, and which items are
 * problems, which the first page of a large snapshot carries whatever their place.
 */
export interface LiveSnapshotShape<Snapshot, Item, Group> {
  spec: KeyedCollectionSpec<Item, Group>;
  collectionOf: (snapshot: Snapshot) => KeyedCollection<Item, Group>;
  withItems: (snapshot: Snapshot, items: Item[]) => Snapshot;
  isProblem: (item: Item) => boolean;
}

/** What a monitor publishes: a snapshot first, then the items that changed whole. */
export type MonitorEvent<Snapshot, Item, Group> =
  | { type: 'snapshot'; snapshot: Snapshot }
  | {
      type: 'delta';
      delta: { upserted: Item[]; removed: string[]; clusters: Group[]; generatedAt: number };
    };

/** What one subscriber receives: the snapshot in pages, then patches of changed fields only. */
export type LiveStreamEvent<Snapshot, Item, Group> =
  | { type: 'snapshot'; snapshot: Snapshot; remaining?: number }
  | { type: 'more'; items: Item[]; remaining: number }
  | { type: 'delta'; delta: KeyedPatch<Item, Group> };

/**
 * Turns a monitor's events into what the page receives, for one subscriber: the snapshot in
 * pages, problems first, all sent before any delta; each delta as a patch against what this
 * subscriber already holds (its many added items in pages as well), or nothing when it
 * leaves nothing to send.
 */
export function liveStreamEncoder<Snapshot, Item, Group>(
  shape: LiveSnapshotShape<Snapshot, Item, Group>,
): (event: MonitorEvent<Snapshot, Item, Group>) => LiveStreamEvent<Snapshot, Item, Group>[] {
  const encoder = new KeyedPatchEncoder(shape.spec);
  return (event) => {
    if (event.type === 'snapshot') {
      const collection = shape.collectionOf(event.snapshot);
      encoder.reset(collection);
      const pages = snapshotPages(collection.items, shape.isProblem);
      if (pages.rest.length === 0) return [event];
      let remaining = collection.items.length - pages.first.length;
      return [
        { type: 'snapshot', snapshot: shape.withItems(event.snapshot, pages.first), remaining },
        ...pages.rest.map((items): LiveStreamEvent<Snapshot, Item, Group> => {
          remaining -= items.length;
          return { type: 'more', items, remaining };
        }),
      ];
    }
    const { upserted, removed, clusters, generatedAt } = event.delta;
    const patch = encoder.encode({ upserted, removed, groups: clusters }, generatedAt);
    if (isKeyedPatchEmpty(patch)) return [];
    // Many items added at once (a page that subscribed before the first poll ended) go in
    // pages too, so the first screen does not wait for all of them.
    const added = patch.added ?? [];
    if (added.length <= firstPageSize) return [{ type: 'delta', delta: patch }];
    const pages = snapshotPages(added, shape.isProblem);
    let remaining = added.length - pages.first.length;
    return [
      { type: 'delta', delta: { ...patch, added: pages.first } },
      ...pages.rest.map((items): LiveStreamEvent<Snapshot, Item, Group> => {
        remaining -= items.length;
        return { type: 'more', items, remaining };
      }),
    ];
  };
}
