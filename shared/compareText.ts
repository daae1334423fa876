/**
 * Orders text by UTF-16 code units: the same on every machine and in every locale (unlike
 * localeCompare), so sorted lists, deltas and layouts come out alike in main, the page and tests.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
