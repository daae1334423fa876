import { compareText } from '../compareText';

/**
 * `compareNaturalText`'s order for many names at once. Sorting ten thousand service names
 * with the comparison itself walks their digit runs some 140,000 times; this turns each
 * name once into a key whose plain code-unit order is the natural one, so the sort compares
 * strings only.
 *
 * A run of digits becomes "0", a character counting its significant digits, and those
 * digits: any digit against any other character compares as "0" does, two runs compare by
 * length and then digit by digit, and leading zeros fall away. Names whose keys are equal
 * ("07" and "7") are ordered as `compareText` orders them, as `compareNaturalText` does.
 */
export function naturalSortKey(text: string): string {
  let key = '';
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) {
      let end = index + 1;
      while (end < text.length && !isDigit(text.charCodeAt(end))) end++;
      key += text.slice(index, end);
      index = end;
      continue;
    }
    let end = index;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    let start = index;
    while (start < end - 1 && text.charCodeAt(start) === 48) start++;
    key += `0${String.fromCharCode(end - start)}${text.slice(start, end)}`;
    index = end;
  }
  return key;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `items` sorted by `name` in natural order (a new array), each name's key made once. */
export function sortedByNaturalName<T>(items: readonly T[], name: (item: T) => string): T[] {
  const keyed = items.map((item) => {
    const text = name(item);
    return { item, text, key: naturalSortKey(text) };
  });
  keyed.sort((a, b) => compareText(a.key, b.key) || compareText(a.text, b.text));
  return keyed.map((entry) => entry.item);
}
