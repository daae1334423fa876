import { z } from 'zod';
import {
  applyFieldPatch,
  arrayFieldsOf,
  fieldPatch,
  noArrayFields,
  onlySets,
  type ArrayFields,
  type FieldPatch,
} from './fieldPatch';
import { KeyedPatchError } from './keyedPatchError';
import {
  followedFreshness,
  freshnessMoves,
  withFreshness,
  type KeyedChanges,
  type KeyedCollection,
  type KeyedCollectionSpec,
} from './keyedCollection';

/**
 * What crosses from main to the page when a live collection changes: new items whole; for
 * a changed item only its changed top-level fields, for an append-only array only the
 * points added at its end with how many fell off its start, and for a keyed array (a
 * service's deployments) only the elements that came, went or changed, and of those only
 * their changed fields (elementsPatch.ts), and for a long text that kept its start or end
 * only what is between them (fieldPatch.ts); removed keys; new groups whole and changed
 * groups as field patches. An item whose only change is following its group's freshness
 * is not named at all (see keyedCollection.ts), and an empty list is left out. A quiet
 * collection sends nothing but how old each group's data is (`groupAges`): a heartbeat of
 * a few bytes per group.
 */

export interface KeyedPatch<Item, Group> {
  added?: Item[];
  patched?: FieldPatch<Item>[];
  removed?: string[];
  groupsAdded?: Group[];
  groupsPatched?: FieldPatch<Group>[];
  /**
   * The groups whose freshness alone moved: for each group the page holds, in the order both
   * sides keep, how long before `generatedAt` it was last read; null for a group that did
   * not move. A few bytes a group, since every poll moves it.
   */
  groupAges?: (number | null)[];
  generatedAt: number;
}

export function isKeyedPatchEmpty(patch: KeyedPatch<unknown, unknown>): boolean {
  return (
    !patch.added?.length &&
    !patch.patched?.length &&
    !patch.removed?.length &&
    !patch.groupsAdded?.length &&
    !patch.groupsPatched?.length &&
    !patch.groupAges
  );
}

/**
 * Main's side, one per subscriber: remembers what the page holds (the monitor's own objects,
 * not copies) and turns each in-process change into a patch against it.
 */
export class KeyedPatchEncoder<Item, Group> {
  private items = new Map<string, Item>();
  /** The page's freshness of each item, which moves with its group without a new object here. */
  private readonly freshness = new Map<string, unknown>();
  private groups: readonly Group[] = [];

  private readonly arrayFields: ArrayFields;

  constructor(private readonly spec: KeyedCollectionSpec<Item, Group>) {
    this.arrayFields = arrayFieldsOf(spec);
  }

  /** The page received this collection whole. */
  reset(collection: KeyedCollection<Item, Group>): void {
    this.items = new Map(collection.items.map((item) => [this.spec.itemKey(item), item]));
    this.freshness.clear();
    for (const [key, item] of this.items) this.freshness.set(key, item[this.spec.itemFreshness]);
    this.groups = collection.groups;
  }

  encode(changes: KeyedChanges<Item, Group>, generatedAt: number): KeyedPatch<Item, Group> {
    const { spec } = this;
    const groupsBefore = new Map(this.groups.map((g) => [spec.groupKey(g), g]));
    const moves = freshnessMoves(spec, groupsBefore, changes.groups);
    const { groupsAdded, groupsPatched, groupAges } = this.encodeGroups(
      groupsBefore,
      changes.groups,
      generatedAt,
    );
    if (changes.groups.length > 0) this.groups = spec.mergeGroups(this.groups, changes.groups);

    if (moves.size > 0) {
      for (const [key, item] of this.items) {
        const move = moves.get(spec.groupKeyOfItem(item));
        if (move && this.freshness.get(key) === move.from) this.freshness.set(key, move.to);
      }
    }

    const removed: string[] = [];
    for (const key of changes.removed) {
      removed.push(key);
      this.items.delete(key);
      this.freshness.delete(key);
    }

    const added: Item[] = [];
    const patched: FieldPatch<Item>[] = [];
    for (const item of changes.upserted) {
      const key = spec.itemKey(item);
      const old = this.items.get(key);
      const freshness = item[spec.itemFreshness];
      if (!old) {
        added.push(item);
      } else {
        let patch = fieldPatch(key, old, item, spec.itemFreshness, this.arrayFields);
        if (this.freshness.get(key) !== freshness) {
          patch ??= { key };
          patch.set = { ...patch.set, [spec.itemFreshness]: freshness };
        }
        if (patch) patched.push(patch);
      }
      this.items.set(key, item);
      this.freshness.set(key, freshness);
    }
    return {
      ...(added.length > 0 && { added }),
      ...(patched.length > 0 && { patched }),
      ...(removed.length > 0 && { removed }),
      ...(groupsAdded.length > 0 && { groupsAdded }),
      ...(groupsPatched.length > 0 && { groupsPatched }),
      ...(groupAges && { groupAges }),
      generatedAt,
    };
  }

  /**
   * New groups whole; a group's moved freshness (the heartbeat of every poll) as its age in
   * `groupAges`, and its other changed fields, if any, as a field patch.
   */
  private encodeGroups(
    groupsBefore: ReadonlyMap<string, Group>,
    changed: readonly Group[],
    generatedAt: number,
  ): { groupsAdded: Group[]; groupsPatched: FieldPatch<Group>[]; groupAges: (number | null)[] | null } {
    const { spec } = this;
    const groupsAdded: Group[] = [];
    const groupsPatched: FieldPatch<Group>[] = [];
    let groupAges: (number | null)[] | null = null;
    for (const group of changed) {
      const key = spec.groupKey(group);
      const old = groupsBefore.get(key);
      if (!old) {
        groupsAdded.push(group);
        continue;
      }
      const patch = fieldPatch(key, old, group, null, noArrayFields);
      if (!patch) continue;
      const freshness = patch.set?.[spec.groupFreshness];
      if (ageable(freshness, generatedAt) && typeof old[spec.groupFreshness] === 'number') {
        groupAges ??= this.groups.map(() => null);
        groupAges[this.groups.indexOf(old)] = generatedAt - freshness;
        const { [spec.groupFreshness]: _aged, ...rest } = patch.set!;
        if (Object.keys(rest).length === 0 && !patch.unset) continue;
        groupsPatched.push({ ...patch, set: rest as Partial<Group> });
      } else groupsPatched.push(patch);
    }
    return { groupsAdded, groupsPatched, groupAges };
  }
}

/**
 * The page's side: the collection after `patch`. Every item the patch does not touch, and
 * whose group's freshness does not move it, stays the very same object, and so does every
 * element of a keyed array the patch does not edit. A patch that does not fit the
 * collection (a key that is not there, an element that is not, points trimmed that were
 * never there) throws a KeyedPatchError naming what is wrong, and nothing is changed.
 */
export function applyKeyedPatch<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  collection: KeyedCollection<Item, Group>,
  patch: KeyedPatch<Item, Group>,
): KeyedCollection<Item, Group> {
  const arrayFields = arrayFieldsOf(spec);
  const groupsBefore = new Map(collection.groups.map((g) => [spec.groupKey(g), g]));
  const changed = agedGroups(spec, collection.groups, patch);
  for (const group of patch.groupsAdded ?? []) {
    const key = spec.groupKey(group);
    if (groupsBefore.has(key)) throw new KeyedPatchError(`it adds group "${key}", which is already there`);
    changed.set(key, group);
  }
  for (const groupPatch of patch.groupsPatched ?? []) {
    const old = changed.get(groupPatch.key) ?? groupsBefore.get(groupPatch.key);
    if (!old) throw new KeyedPatchError(`it patches group "${groupPatch.key}", which is not there`);
    changed.set(groupPatch.key, applyFieldPatch(old, groupPatch, noArrayFields));
  }
  const changedGroups = [...changed.values()];
  const moves = freshnessMoves(spec, groupsBefore, changedGroups);
  const groups =
    changedGroups.length > 0 ? spec.mergeGroups(collection.groups, changedGroups) : collection.groups;

  const removed = new Set(patch.removed);
  const patches = new Map((patch.patched ?? []).map((p) => [p.key, p]));
  const items: Item[] = [];
  const held = new Set<string>();
  for (const item of collection.items) {
    const key = spec.itemKey(item);
    held.add(key);
    if (removed.has(key)) continue;
    const itemPatch = patches.get(key);
    if (!itemPatch) {
      items.push(withFreshness(spec, item, followedFreshness(spec, moves, item)));
      continue;
    }
    const freshnessOnly = onlySets(itemPatch, spec.itemFreshness);
    // A quiet item's patch may only hold it back from following its group: the item itself when
    // that leaves it as it was. Any other patch changes something, so the copy is never compared.
    items.push(
      freshnessOnly
        ? withFreshness(spec, item, itemPatch.set?.[spec.itemFreshness])
        : applyFieldPatch(
            withFreshness(spec, item, followedFreshness(spec, moves, item)),
            itemPatch,
            arrayFields,
          ),
    );
  }
  const missing = [...removed, ...patches.keys()].find((key) => !held.has(key));
  if (missing !== undefined) throw new KeyedPatchError(`it changes item "${missing}", which is not there`);
  const added = patch.added ?? [];
  for (const item of added) {
    const key = spec.itemKey(item);
    if (held.has(key) && !removed.has(key))
      throw new KeyedPatchError(`it adds item "${key}", which is already there`);
  }
  items.push(...added);
  // The order depends on keys and group order only, so patches alone never move an item.
  const reorder = added.length > 0 || (patch.groupsAdded?.length ?? 0) > 0;
  return { groups, items: reorder ? spec.sortItems(items, groups) : items };
}

/** The groups `patch.groupAges` moves, by key, with their new freshness. */
function agedGroups<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  groups: readonly Group[],
  patch: KeyedPatch<Item, Group>,
): Map<string, Group> {
  const aged = new Map<string, Group>();
  const ages = patch.groupAges;
  if (!ages) return aged;
  if (ages.length !== groups.length) {
    throw new KeyedPatchError(`it gives ${ages.length} group ages, and there are ${groups.length} groups`);
  }
  ages.forEach((age, index) => {
    const group = groups[index]!;
    if (age !== null)
      aged.set(spec.groupKey(group), { ...group, [spec.groupFreshness]: patch.generatedAt - age });
  });
  return aged;
}

/** A freshness that goes as an age: whole milliseconds, so the page gets it back exactly. */
function ageable(freshness: unknown, generatedAt: number): freshness is number {
  return (
    typeof freshness === 'number' && Number.isSafeInteger(freshness) && Number.isSafeInteger(generatedAt)
  );
}

/**
 * The contract's schema of a field patch of `schema`, with appendable fields in
 * `appendShape` and keyed arrays' element patches in `elementsShape`.
 */
export function fieldPatchSchema<T extends z.ZodObject, A extends z.ZodRawShape, E extends z.ZodRawShape>(
  schema: T,
  appendShape: A,
  elementsShape: E,
) {
  return z.object({
    key: z.string(),
    set: schema.partial().optional(),
    unset: z.array(z.string()).optional(),
    append: z.object(appendShape).partial().optional(),
    elements: z.object(elementsShape).partial().optional(),
    splice: z
      .record(
        z.string(),
        z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.string()]),
      )
      .optional(),
  });
}

export function appendedPointsSchema<P extends z.ZodType>(point: P) {
  return z.object({ trimmed: z.number().int().nonnegative().optional(), points: z.array(point) });
}

/** The contract's schema of the element patch of a keyed array of `element`s. */
export function elementsPatchSchema<E extends z.ZodObject>(element: E) {
  return z.object({
    remove: z.array(z.string()).optional(),
    edit: z
      .array(
        z.object({
          key: z.string(),
          set: element.partial().optional(),
          unset: z.array(z.string()).optional(),
        }),
      )
      .optional(),
    head: z.array(element).optional(),
    tail: z.array(element).optional(),
  });
}

/** The contract's schema of a patch of a live collection of `item`s in `group`s; empty lists are left out. */
export function keyedPatchSchema<
  I extends z.ZodObject,
  G extends z.ZodObject,
  A extends z.ZodRawShape,
  E extends z.ZodRawShape,
>(item: I, group: G, arrays: { append: A; elements: E }) {
  return z.object({
    added: z.array(item).optional(),
    patched: z.array(fieldPatchSchema(item, arrays.append, arrays.elements)).optional(),
    removed: z.array(z.string()).optional(),
    groupsAdded: z.array(group).optional(),
    groupsPatched: z.array(fieldPatchSchema(group, {}, {})).optional(),
    groupAges: z.array(z.number().int().nullable()).optional(),
    generatedAt: z.number(),
  });
}
