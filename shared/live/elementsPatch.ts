import { deepEqual } from '../deepEqual';
import { KeyedPatchError } from './keyedPatchError';

/**
 * A keyed array inside an item (a service's deployments by id, a group's findings by kind)
 * patched element by element: the elements that are gone by key, the changed fields of the
 * elements that stay, and the new elements whole, before the kept ones (ECS puts a new
 * deployment first) or after them. An array whose kept elements changed order, or gained
 * one between them, is sent whole instead (the field patch's `set`).
 */
export interface ElementsPatch<Element = unknown> {
  remove?: string[];
  edit?: ElementEdit[];
  head?: Element[];
  tail?: Element[];
}

/** The changed fields of one element. */
export interface ElementEdit {
  key: string;
  set?: Record<string, unknown>;
  /** Optional fields that are no longer there. */
  unset?: string[];
}

/** How the elements of a keyed array field are told apart. */
export type ElementKeyOf = (element: never) => string;

type Fields = Record<string, unknown>;

/**
 * `next` as a patch of `old`, or null when the array is better sent whole: when it is not
 * an array of objects with distinct keys, when none of `old` stays, or when the kept
 * elements are not together in their old order.
 */
export function elementsPatch(old: unknown, next: unknown, keyOf: ElementKeyOf): ElementsPatch | null {
  const before = keyedElements(old, keyOf);
  const after = keyedElements(next, keyOf);
  if (!before || !after) return null;
  const nextKeys = [...after.keys()];
  const kept = [...before.keys()].filter((key) => after.has(key));
  if (kept.length === 0) return null;
  const start = nextKeys.indexOf(kept[0]!);
  if (kept.some((key, offset) => nextKeys[start + offset] !== key)) return null;

  const patch: ElementsPatch = {};
  const remove = [...before.keys()].filter((key) => !after.has(key));
  if (remove.length > 0) patch.remove = remove;
  const edit: ElementEdit[] = [];
  for (const key of kept) {
    const fields = changedFields(before.get(key)!, after.get(key)!);
    if (fields) edit.push({ key, ...fields });
  }
  if (edit.length > 0) patch.edit = edit;
  const values = [...after.values()];
  if (start > 0) patch.head = values.slice(0, start);
  if (start + kept.length < values.length) patch.tail = values.slice(start + kept.length);
  return patch;
}

/**
 * The array after `patch`. Elements neither removed nor edited stay the very same objects.
 * Throws a KeyedPatchError when the patch does not fit the array (a key that is not there,
 * a new element whose key is taken): the page then holds what it held before.
 */
export function applyElementsPatch(
  old: unknown,
  patch: ElementsPatch,
  keyOf: ElementKeyOf,
  where: string,
): unknown[] {
  const before = keyedElements(old, keyOf);
  if (!before) throw new KeyedPatchError(`${where} is not an array of elements with distinct keys`);
  const removed = new Set<string>();
  for (const key of patch.remove ?? []) {
    if (!before.has(key)) throw new KeyedPatchError(`${where} removes element "${key}", which is not there`);
    removed.add(key);
  }
  const kept = new Map<string, Fields>();
  for (const [key, element] of before) if (!removed.has(key)) kept.set(key, element);
  for (const edit of patch.edit ?? []) {
    const element = kept.get(edit.key);
    if (!element) throw new KeyedPatchError(`${where} edits element "${edit.key}", which is not there`);
    kept.set(edit.key, withFields(element, edit));
  }
  const added = [...(patch.head ?? []), ...(patch.tail ?? [])];
  const addedKeys = keyedElements(added, keyOf);
  if (!addedKeys) throw new KeyedPatchError(`${where} adds elements without distinct keys`);
  for (const key of addedKeys.keys()) {
    if (kept.has(key)) throw new KeyedPatchError(`${where} adds element "${key}", which is already there`);
  }
  return [...(patch.head ?? []), ...kept.values(), ...(patch.tail ?? [])];
}

/** The elements by key, in order; null when `value` is not an array of objects with distinct string keys. */
function keyedElements(value: unknown, keyOf: ElementKeyOf): Map<string, Fields> | null {
  if (!Array.isArray(value)) return null;
  const elements = new Map<string, Fields>();
  for (const element of value as unknown[]) {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) return null;
    const key = (keyOf as (element: unknown) => unknown)(element);
    if (typeof key !== 'string' || elements.has(key)) return null;
    elements.set(key, element as Fields);
  }
  return elements;
}

/** The fields of `next` that differ from `old`: set (changed or new) and unset (gone); null when none. */
export function changedFields(old: Fields, next: Fields): { set?: Fields; unset?: string[] } | null {
  if (old === next) return null;
  let set: Fields | undefined;
  let unset: string[] | undefined;
  for (const field of Object.keys(next)) {
    const value = next[field];
    if (value !== undefined && !deepEqual(old[field], value)) (set ??= {})[field] = value;
  }
  for (const field of Object.keys(old)) {
    if (old[field] !== undefined && next[field] === undefined) (unset ??= []).push(field);
  }
  if (!set && !unset) return null;
  return { ...(set && { set }), ...(unset && { unset }) };
}

function withFields(old: Fields, edit: Pick<ElementEdit, 'set' | 'unset'>): Fields {
  const result: Fields = { ...old, ...edit.set };
  for (const field of edit.unset ?? []) delete result[field];
  return result;
}
