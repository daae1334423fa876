/**
 * A large collection's first snapshot in pages, so the page shows its first screen before
 * the whole collection has arrived: the first page holds the problems (what the user looks
 * for first) and the first items in screen order (what the table shows first); the rest
 * follows in pages, in order. A collection that fits in the first page goes in one.
 */
export interface SnapshotPages<Item> {
  first: Item[];
  rest: Item[][];
}

export const firstPageSize = 120;
export const laterPageSize = 1_000;

export function snapshotPages<Item>(
  items: readonly Item[],
  isProblem: (item: Item) => boolean,
  sizes: { first: number; later: number } = { first: firstPageSize, later: laterPageSize },
): SnapshotPages<Item> {
  if (items.length <= sizes.first) return { first: [...items], rest: [] };
  const first: Item[] = [];
  const later: Item[] = [];
  items.forEach((item, index) => (index < sizes.first || isProblem(item) ? first : later).push(item));
  const rest: Item[][] = [];
  for (let start = 0; start < later.length; start += sizes.later) {
    rest.push(later.slice(start, start + sizes.later));
  }
  return { first, rest };
}
