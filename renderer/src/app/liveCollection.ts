import { sameExcept } from '../../../shared/live/keyedCollection';
import { deepEqual } from '../../../shared/deepEqual';
import { sameEntries, sameKeys } from './sameValues';

/**
 * A live keyed collection as a page store holds it (the fleet, consumer lag): the exact
 * snapshot the next patch applies to, and the items and groups by key for the screen, where
 * every update keeps the identity of what did not change, so a selector over one item fires
 * only when that item changes and its row alone re-renders.
 *
 * An item whose only change is its freshness field keeps its object on screen: freshness
 * follows the group on every poll, and the screen reads it from the group's status.
 */
export interface LiveCollection<Snapshot, Item, Group> {
  /** What patches apply to; null until the first snapshot. */
  snapshot: Snapshot | null;
  items: ReadonlyMap<string, Item>;
  groups: ReadonlyMap<string, Group>;
}

/** How a domain's snapshots and patches read as a keyed collection. */
export interface LiveCollectionKind<Snapshot, Patch, Item, Group> {
  itemsOf(snapshot: Snapshot): readonly Item[];
  groupsOf(snapshot: Snapshot): readonly Group[];
  itemKey(item: Item): string;
  groupKey(group: Group): string;
  /** The item's field that moves with its group on every poll. */
  itemFreshness: keyof Item & string;
  applyPatch(snapshot: Snapshot, patch: Patch): Snapshot;
  /** The snapshot with a later page of its items, in the order both sides keep. */
  withMoreItems(snapshot: Snapshot, items: readonly Item[]): Snapshot;
  /** Keys of the items the patch adds or changes. */
  namedKeys(patch: Patch): Iterable<string>;
  removedKeys(patch: Patch): readonly string[];
}

export type LiveEvent<Snapshot, Patch, Item> =
  | { type: 'snapshot'; snapshot: Snapshot; remaining?: number }
  | { type: 'more'; items: readonly Item[]; remaining: number }
  | { type: 'delta'; delta: Patch };

export interface LiveCollectionUpdate<Snapshot, Item, Group> extends LiveCollection<Snapshot, Item, Group> {
  snapshot: Snapshot;
  /** Some item changed, came or went: `items` is a new map. */
  itemsChanged: boolean;
  /** Items came, went or moved: the rows must be built again. */
  membershipChanged: boolean;
  /** Groups came, went or moved. */
  groupsMoved: boolean;
  /** Items of the first snapshot still on their way, when the event says (see shared/live/keyedPages.ts). */
  remaining: number | null;
}

/**
 * The collection after `event`: a snapshot replaces it (an item that arrives unchanged, as
 * after a re-subscription, keeps its object), a later page of it adds to it, a patch applies
 * to the last snapshot. Null for a page or patch before any snapshot, which has nothing to apply to: the stream always starts
 * with a snapshot, so that only happens if main breaks the contract.
 */
export function receiveLiveEvent<Snapshot, Patch, Item, Group>(
  kind: LiveCollectionKind<Snapshot, Patch, Item, Group>,
  collection: LiveCollection<Snapshot, Item, Group>,
  event: LiveEvent<Snapshot, Patch, Item>,
): LiveCollectionUpdate<Snapshot, Item, Group> | null {
  let snapshot: Snapshot;
  let named: ReadonlySet<string> | null;
  let remaining: number | null = null;
  if (event.type === 'snapshot') {
    snapshot = event.snapshot;
    named = null;
    remaining = event.remaining ?? 0;
  } else if (event.type === 'more') {
    if (collection.snapshot === null) return null;
    snapshot = kind.withMoreItems(collection.snapshot, event.items);
    named = new Set(event.items.map((item) => kind.itemKey(item)));
    remaining = event.remaining;
  } else {
    if (collection.snapshot === null) return null;
    snapshot = kind.applyPatch(collection.snapshot, event.delta);
    named = new Set(kind.namedKeys(event.delta));
    if (named.size === 0 && kind.removedKeys(event.delta).length === 0) {
      return withGroups(kind, collection, snapshot, collection.items, remaining);
    }
  }

  const updated = new Map<string, Item>();
  for (const item of kind.itemsOf(snapshot)) {
    const key = kind.itemKey(item);
    const previous = collection.items.get(key);
    const keep =
      previous !== undefined &&
      (previous === item ||
        (named !== null && !named.has(key)) ||
        sameExcept(previous, item, kind.itemFreshness));
    updated.set(key, keep ? previous : item);
  }
  const items = sameEntries(collection.items, updated) ? collection.items : updated;
  return withGroups(kind, collection, snapshot, items, remaining);
}

function withGroups<Snapshot, Patch, Item, Group>(
  kind: LiveCollectionKind<Snapshot, Patch, Item, Group>,
  collection: LiveCollection<Snapshot, Item, Group>,
  snapshot: Snapshot,
  items: ReadonlyMap<string, Item>,
  remaining: number | null,
): LiveCollectionUpdate<Snapshot, Item, Group> {
  const collected = new Map<string, Group>();
  for (const group of kind.groupsOf(snapshot)) {
    const key = kind.groupKey(group);
    const old = collection.groups.get(key);
    collected.set(key, old !== undefined && deepEqual(old, group) ? old : group);
  }
  const groups = sameEntries(collection.groups, collected) ? collection.groups : collected;
  return {
    snapshot,
    items,
    groups,
    itemsChanged: items !== collection.items,
    membershipChanged: !sameKeys(collection.items, items),
    groupsMoved: !sameKeys(collection.groups, groups),
    remaining,
  };
}

/** Counts per group that keep their objects while equal, so a header over one group re-renders only when its counts move. */
export function mergeCounts<Counts>(
  previous: ReadonlyMap<string, Counts>,
  counted: Map<string, Counts>,
): ReadonlyMap<string, Counts> {
  for (const [key, counts] of counted) {
    const old = previous.get(key);
    if (old && deepEqual(old, counts)) counted.set(key, old);
  }
  return sameEntries(previous, counted) ? previous : counted;
}

/**
 * The kind of a collection whose items carry their `key` and `observedAt` and whose patches
 * are shared/live/keyedPatch.ts's (the fleet, consumer lag, metrics): what differs between
 * them is where the items and groups are, how a group is keyed, how a patch applies and the
 * order both sides keep.
 */
export function keyedCollectionKind<
  Snapshot,
  Patch extends {
    added?: readonly Item[];
    patched?: readonly { key: string }[];
    removed?: readonly string[];
  },
  Item extends { key: string; observedAt: number },
  Group,
>(parts: {
  itemsOf: (snapshot: Snapshot) => readonly Item[];
  groupsOf: (snapshot: Snapshot) => readonly Group[];
  groupKey: (group: Group) => string;
  applyPatch: (snapshot: Snapshot, patch: Patch) => Snapshot;
  /** The snapshot with these items, sorted as both sides keep them. */
  withSortedItems: (snapshot: Snapshot, items: Item[]) => Snapshot;
}): LiveCollectionKind<Snapshot, Patch, Item, Group> {
  return {
    itemsOf: parts.itemsOf,
    groupsOf: parts.groupsOf,
    itemKey: (item) => item.key,
    groupKey: parts.groupKey,
    itemFreshness: 'observedAt',
    applyPatch: parts.applyPatch,
    namedKeys: (patch) => [
      ...(patch.added ?? []).map((item) => item.key),
      ...(patch.patched ?? []).map((changed) => changed.key),
    ],
    removedKeys: (patch) => patch.removed ?? [],
    withMoreItems: (snapshot, more) => parts.withSortedItems(snapshot, [...parts.itemsOf(snapshot), ...more]),
  };
}
