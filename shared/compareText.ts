/**
 * Orders text by UTF-16 code units: the same on every machine and in every locale (unlike
 * localeCompare), so sorted lists, deltas and layouts come out alike in main, the page and tests.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders names as people number them: runs of digits by their value, so "api-2" comes before
 * "api-19" and "api-20"; everything else by code unit, as `compareText`. Equal values written
 * differently ("07" and "7") fall back to `compareText`, so the order stays total.
 */
export function compareNaturalText(a: string, b: string): number {
  const digit = (code: number) => code >= 48 && code <= 57;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (digit(ca) && digit(cb)) {
      let endA = i;
      let endB = j;
      while (endA < a.length && digit(a.charCodeAt(endA))) endA++;
      while (endB < b.length && digit(b.charCodeAt(endB))) endB++;
      // Leading zeros do not change a value; compare the significant digits by length, then in order.
      let startA = i;
      let startB = j;
      while (startA < endA - 1 && a.charCodeAt(startA) === 48) startA++;
      while (startB < endB - 1 && b.charCodeAt(startB) === 48) startB++;
      const lengths = endA - startA - (endB - startB);
      if (lengths !== 0) return lengths;
      const digits = compareText(a.slice(startA, endA), b.slice(startB, endB));
      if (digits !== 0) return digits;
      i = endA;
      j = endB;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j) || compareText(a, b);
}
