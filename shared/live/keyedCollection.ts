import { deepEqual } from '../deepEqual';
import type { ElementKeyOf } from './elementsPatch';

/**
 * A live keyed collection: items with a string key (services, consumer groups), each in a
 * group (the cluster it was read from) whose status says how fresh its items are. Main
 * keeps the whole collection; the renderer keeps a copy patched by deltas.
 *
 * Freshness travels with the group. A successful poll moves every item's freshness field
 * (`observedAt`) to its group's (`lastSuccessAt`); sending that for every item would turn
 * each delta back into a snapshot. So an item whose freshness equalled its group's follows
 * the group when the group's freshness moves, and only an item that does not follow (one
 * described less often than its group is polled, or described again after that) carries
 * its own freshness. A group carries freshness only while its state says it was read.
 *
 * This file is the in-process form (`KeyedChanges`: changed items whole), which main's own
 * readers of the monitors consume; `keyedPatch.ts` is the form that crosses to the page.
 */

export interface KeyedCollection<Item, Group> {
  groups: readonly Group[];
  items: readonly Item[];
}

/** What changed between two collections, changed items whole. */
export interface KeyedChanges<Item, Group> {
  upserted: Item[];
  /** Keys of items that no longer exist. */
  removed: string[];
  /** Groups whose status changed, whole. */
  groups: Group[];
}

export interface KeyedCollectionSpec<Item, Group> {
  itemKey(item: Item): string;
  groupKey(group: Group): string;
  /** The key of the group the item belongs to. */
  groupKeyOfItem(item: Item): string;
  /** The item's field saying when main last had fresh data for it. */
  itemFreshness: keyof Item & string;
  /** The group's field saying when it was last read (a time, or null). */
  groupFreshness: keyof Group & string;
  /** False while the group's last read failed: its items then keep their freshness. */
  groupCarriesFreshness(group: Group): boolean;
  /** Array fields that grow at the end and lose points at the start (a sparkline's history). */
  appendOnly?: readonly (keyof Item & string)[];
  /**
   * Array fields whose elements have keys of their own (a service's deployments by id), with
   * how to read an element's key: the page gets only the elements that came, went or changed.
   */
  keyedArrays?: Partial<Record<keyof Item & string, ElementKeyOf>>;
  /** The groups after changed ones arrive: replaced in place, new ones where main lists them. */
  mergeGroups(groups: readonly Group[], changed: readonly Group[]): Group[];
  /** The one order both sides keep. */
  sortItems(items: Item[], groups: readonly Group[]): Item[];
}

/**
 * For each group whose freshness moves with `changed`, the value it moves from and to.
 * Items whose freshness equals the `from` value follow to `to`.
 */
export function freshnessMoves<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  previousGroups: ReadonlyMap<string, Group>,
  changed: readonly Group[],
): Map<string, { from: number; to: number }> {
  const moves = new Map<string, { from: number; to: number }>();
  for (const group of changed) {
    const key = spec.groupKey(group);
    const old = previousGroups.get(key);
    if (!old || !spec.groupCarriesFreshness(group)) continue;
    const from = old[spec.groupFreshness];
    const to = group[spec.groupFreshness];
    if (typeof from === 'number' && typeof to === 'number' && from !== to) moves.set(key, { from, to });
  }
  return moves;
}

/** The freshness an item has after its group's move, before anything of its own is applied. */
export function followedFreshness<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  moves: ReadonlyMap<string, { from: number; to: number }>,
  item: Item,
): unknown {
  const own = item[spec.itemFreshness];
  const move = moves.get(spec.groupKeyOfItem(item));
  return move && own === move.from ? move.to : own;
}

export function diffKeyed<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  previous: KeyedCollection<Item, Group>,
  next: KeyedCollection<Item, Group>,
): KeyedChanges<Item, Group> {
  const groupsBefore = new Map(previous.groups.map((g) => [spec.groupKey(g), g]));
  const groups = next.groups.filter((group) => {
    const old = groupsBefore.get(spec.groupKey(group));
    return !old || (old !== group && !deepEqual(old, group));
  });
  const moves = freshnessMoves(spec, groupsBefore, groups);

  const before = itemIndex(spec, previous.items);
  const after = new Map<string, Item>();
  const upserted: Item[] = [];
  let kept = 0;
  for (const item of next.items) {
    const key = spec.itemKey(item);
    after.set(key, item);
    const old = before.get(key);
    if (old) kept += 1;
    if (!old || followedFreshness(spec, moves, old) !== item[spec.itemFreshness]) upserted.push(item);
    // Main reuses the objects of clusters that were not polled, so most items are the very same object.
    else if (old !== item && !sameExcept(old, item, spec.itemFreshness)) upserted.push(item);
  }
  itemIndexes.set(next.items, after);
  const removed = kept === before.size ? [] : [...before.keys()].filter((key) => !after.has(key));
  return { upserted, removed, groups };
}

/**
 * The items of each published collection by key, kept for as long as its items array lives:
 * the next diff starts from the last one's index instead of building it again (10,000
 * entries at the headline size, twice a publication).
 */
const itemIndexes = new WeakMap<readonly unknown[], ReadonlyMap<string, unknown>>();

function itemIndex<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  items: readonly Item[],
): ReadonlyMap<string, Item> {
  const known = itemIndexes.get(items) as ReadonlyMap<string, Item> | undefined;
  if (known) return known;
  const index = new Map(items.map((item) => [spec.itemKey(item), item]));
  itemIndexes.set(items, index);
  return index;
}

export function isKeyedChangeEmpty(changes: KeyedChanges<unknown, unknown>): boolean {
  return changes.upserted.length === 0 && changes.removed.length === 0 && changes.groups.length === 0;
}

/** The collection after `changes`: `applyKeyed(a, diffKeyed(a, b))` equals `b` when `b` is in order. */
export function applyKeyed<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  collection: KeyedCollection<Item, Group>,
  changes: KeyedChanges<Item, Group>,
): KeyedCollection<Item, Group> {
  const groupsBefore = new Map(collection.groups.map((g) => [spec.groupKey(g), g]));
  const moves = freshnessMoves(spec, groupsBefore, changes.groups);
  const groups =
    changes.groups.length > 0 ? spec.mergeGroups(collection.groups, changes.groups) : collection.groups;

  const removed = new Set(changes.removed);
  const upserts = new Map(changes.upserted.map((item) => [spec.itemKey(item), item]));
  const items: Item[] = [];
  for (const item of collection.items) {
    const key = spec.itemKey(item);
    if (removed.has(key)) continue;
    const replacement = upserts.get(key);
    if (replacement) {
      items.push(replacement);
      upserts.delete(key);
      continue;
    }
    items.push(withFreshness(spec, item, followedFreshness(spec, moves, item)));
  }
  items.push(...upserts.values());
  return { groups, items: spec.sortItems(items, groups) };
}

/** The item itself when its freshness is already `freshness`, else a copy with it. */
export function withFreshness<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  item: Item,
  freshness: unknown,
): Item {
  return item[spec.itemFreshness] === freshness ? item : { ...item, [spec.itemFreshness]: freshness };
}

/** Equal in every top-level field but `ignored`. */
export function sameExcept<T>(a: T, b: T, ignored: keyof T & string): boolean {
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  for (const field of Object.keys(aRecord)) {
    if (field !== ignored && !deepEqual(aRecord[field], bRecord[field])) return false;
  }
  for (const field of Object.keys(bRecord)) {
    if (field !== ignored && !(field in aRecord) && bRecord[field] !== undefined) return false;
  }
  return true;
}
