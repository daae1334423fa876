import { deepEqual } from '../../../shared/deepEqual';
/**
 * Comparisons the live stores use to keep the previous object when an update brings equal
 * values, so selectors over unchanged data do not fire and their rows do not re-render.
 */

/** Same keys in the same order. */
export function sameKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  const bKeys = b.keys();
  for (const key of a.keys()) {
    if (key !== bKeys.next().value) return false;
  }
  return true;
}

/** Same keys in the same order, holding the very same values. */
export function sameEntries<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): boolean {
  if (a.size !== b.size) return false;
  const bEntries = b.entries();
  for (const [key, value] of a) {
    const next = bEntries.next();
    if (next.done || next.value[0] !== key || next.value[1] !== value) return false;
  }
  return true;
}

/** Same strings in the same order. */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/**
 * `incoming` by key, where every value equal to the previous one under its key keeps the
 * previous object; the previous map itself when nothing changed, not even the order.
 */
export function keepUnchanged<V>(
  previous: ReadonlyMap<string, V>,
  incoming: readonly V[],
  keyOf: (value: V) => string,
): ReadonlyMap<string, V> {
  const collected = new Map<string, V>();
  for (const value of incoming) {
    const key = keyOf(value);
    const old = previous.get(key);
    collected.set(key, old !== undefined && deepEqual(old, value) ? old : value);
  }
  return sameEntries(previous, collected) ? previous : collected;
}
