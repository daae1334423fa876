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

/** Same rows by id, in the same order: the table keeps its row list and does not re-render. */
export function sameRowIds(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]?.id !== b[i]?.id) return false;
  }
  return true;
}
