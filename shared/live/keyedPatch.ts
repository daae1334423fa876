import { z } from 'zod';
import { deepEqual } from '../deepEqual';
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
 * a changed item only its changed top-level fields, and for an append-only array only the
 * points added at its end with how many fell off its start; removed keys; new groups whole
 * and changed groups as field patches. An item whose only change is following its group's
 * freshness is not named at all (see keyedCollection.ts). A quiet collection sends nothing
 * but its groups' moving `lastSuccessAt`: a heartbeat of a few bytes per group.
 */

export interface AppendedPoints<Point = unknown> {
  /** Points dropped from the start of the array. */
  trimmed: number;
  /** Points added at its end. */
  points: Point[];
}

export interface FieldPatch<T> {
  key: string;
  set?: Partial<T>;
  /** Optional fields that are no longer there. */
  unset?: string[];
  append?: Partial<Record<string, AppendedPoints>>;
}

export interface KeyedPatch<Item, Group> {
  added: Item[];
  patched: FieldPatch<Item>[];
  removed: string[];
  groupsAdded: Group[];
  groupsPatched: FieldPatch<Group>[];
  generatedAt: number;
}

export function isKeyedPatchEmpty(patch: KeyedPatch<unknown, unknown>): boolean {
  return (
    patch.added.length === 0 &&
    patch.patched.length === 0 &&
    patch.removed.length === 0 &&
    patch.groupsAdded.length === 0 &&
    patch.groupsPatched.length === 0
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

  constructor(private readonly spec: KeyedCollectionSpec<Item, Group>) {}

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
    const groupsAdded: Group[] = [];
    const groupsPatched: FieldPatch<Group>[] = [];
    for (const group of changes.groups) {
      const key = spec.groupKey(group);
      const old = groupsBefore.get(key);
      if (!old) groupsAdded.push(group);
      else {
        const patch = fieldPatch(key, old, group, null, []);
        if (patch) groupsPatched.push(patch);
      }
    }
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
        let patch = fieldPatch(key, old, item, spec.itemFreshness, spec.appendOnly ?? []);
        if (this.freshness.get(key) !== freshness) {
          patch ??= { key };
          patch.set = { ...patch.set, [spec.itemFreshness]: freshness };
        }
        if (patch) patched.push(patch);
      }
      this.items.set(key, item);
      this.freshness.set(key, freshness);
    }
    return { added, patched, removed, groupsAdded, groupsPatched, generatedAt };
  }
}

/**
 * The page's side: the collection after `patch`. Every item the patch does not touch, and
 * whose group's freshness does not move it, stays the very same object.
 */
export function applyKeyedPatch<Item, Group>(
  spec: KeyedCollectionSpec<Item, Group>,
  collection: KeyedCollection<Item, Group>,
  patch: Omit<KeyedPatch<Item, Group>, 'generatedAt'>,
): KeyedCollection<Item, Group> {
  const groupsBefore = new Map(collection.groups.map((g) => [spec.groupKey(g), g]));
  const changedGroups = [...patch.groupsAdded];
  for (const groupPatch of patch.groupsPatched) {
    const old = groupsBefore.get(groupPatch.key);
    // Main patches only groups it sent before; anything else is a broken contract, and ignored.
    if (old) changedGroups.push(applyFieldPatch(old, groupPatch));
  }
  const moves = freshnessMoves(spec, groupsBefore, changedGroups);
  const groups =
    changedGroups.length > 0 ? spec.mergeGroups(collection.groups, changedGroups) : collection.groups;

  const removed = new Set(patch.removed);
  const patches = new Map(patch.patched.map((p) => [p.key, p]));
  const items: Item[] = [];
  for (const item of collection.items) {
    const key = spec.itemKey(item);
    if (removed.has(key)) continue;
    const followed = withFreshness(spec, item, followedFreshness(spec, moves, item));
    const itemPatch = patches.get(key);
    if (!itemPatch) {
      items.push(followed);
      continue;
    }
    // A quiet item's patch may only hold it back from following its group: it is then unchanged.
    const patched = applyFieldPatch(followed, itemPatch);
    items.push(deepEqual(patched, item) ? item : patched);
  }
  items.push(...patch.added);
  // The order depends on keys and group order only, so patches alone never move an item.
  const reorder = patch.added.length > 0 || patch.groupsAdded.length > 0;
  return { groups, items: reorder ? spec.sortItems(items, groups) : items };
}

/** The fields of `next` that differ from `old`, or null when none do but `ignored`. */
function fieldPatch<T>(
  key: string,
  old: T,
  next: T,
  ignored: string | null,
  appendOnly: readonly string[],
): FieldPatch<T> | null {
  const oldRecord = old as Record<string, unknown>;
  const nextRecord = next as Record<string, unknown>;
  let set: Record<string, unknown> | undefined;
  let append: Record<string, AppendedPoints> | undefined;
  let unset: string[] | undefined;
  for (const field of Object.keys(nextRecord)) {
    const value = nextRecord[field];
    if (field === ignored || value === undefined || deepEqual(oldRecord[field], value)) continue;
    const appended = appendOnly.includes(field) ? appendedPoints(oldRecord[field], value) : null;
    if (appended) (append ??= {})[field] = appended;
    else (set ??= {})[field] = value;
  }
  for (const field of Object.keys(oldRecord)) {
    if (field !== ignored && oldRecord[field] !== undefined && nextRecord[field] === undefined) {
      (unset ??= []).push(field);
    }
  }
  if (!set && !append && !unset) return null;
  return {
    key,
    ...(set && { set: set as Partial<T> }),
    ...(unset && { unset }),
    ...(append && { append }),
  };
}

function applyFieldPatch<T>(old: T, patch: FieldPatch<T>): T {
  const result: Record<string, unknown> = { ...(old as Record<string, unknown>), ...patch.set };
  for (const field of patch.unset ?? []) delete result[field];
  for (const [field, appended] of Object.entries(patch.append ?? {})) {
    if (!appended) continue;
    const before = result[field];
    const kept: unknown[] = Array.isArray(before) ? before.slice(appended.trimmed) : [];
    result[field] = [...kept, ...appended.points];
  }
  return result as T;
}

/**
 * `next` as `old` without its first `trimmed` points and with `points` added, when `next`
 * keeps some of `old` that way; null when it is not an append (then the field is sent whole).
 */
function appendedPoints(old: unknown, next: unknown): AppendedPoints | null {
  if (!Array.isArray(old) || !Array.isArray(next)) return null;
  for (let trimmed = 0; trimmed < old.length; trimmed++) {
    const kept = old.length - trimmed;
    if (kept > next.length) continue;
    let matches = true;
    for (let i = 0; i < kept && matches; i++) matches = deepEqual(old[trimmed + i], next[i]);
    if (matches) return { trimmed, points: next.slice(kept) };
  }
  return null;
}

/** The contract's schema of a field patch of `schema`, with appendable fields in `appendShape`. */
export function fieldPatchSchema<T extends z.ZodObject, A extends z.ZodRawShape>(schema: T, appendShape: A) {
  return z.object({
    key: z.string(),
    set: schema.partial().optional(),
    unset: z.array(z.string()).optional(),
    append: z.object(appendShape).partial().optional(),
  });
}

export function appendedPointsSchema<P extends z.ZodType>(point: P) {
  return z.object({ trimmed: z.number().int().nonnegative(), points: z.array(point) });
}

/** The contract's schema of a patch of a live collection of `item`s in `group`s. */
export function keyedPatchSchema<I extends z.ZodObject, G extends z.ZodObject, A extends z.ZodRawShape>(
  item: I,
  group: G,
  appendShape: A,
) {
  return z.object({
    added: z.array(item),
    patched: z.array(fieldPatchSchema(item, appendShape)),
    removed: z.array(z.string()),
    groupsAdded: z.array(group),
    groupsPatched: z.array(fieldPatchSchema(group, {})),
    generatedAt: z.number(),
  });
}
