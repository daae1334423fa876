import ansiRegex from 'ansi-regex';
import stringWidth from 'string-width';

/**
 * Widths of text drawn in fixed-width cells: the terminal tables and the topology's boxes.
 * Measured as a terminal draws it, by string-width: East Asian wide characters and emoji
 * (a ZWJ family, a flag) take two columns as one character, combining marks and escape codes
 * (colour) none. Box lines, arrows and the health glyphs are one column wide.
 */
export function textWidth(text: string): number {
  return singleColumnText.test(text) ? text.length : stringWidth(text);
}

/**
 * Text made only of characters one column wide wherever they stand, each a single UTF-16
 * unit: printable ASCII, Latin-1 letters and signs (not the soft hyphen), dashes, quotes and
 * …, arrows, mathematical signs, box lines, blocks and geometric shapes (not ◽◾, emoji), ✓ and
 * ✖. Names, box lines and health glyphs are such text, and it is measured by its length:
 * the topology measures every line it draws, and grapheme segmentation costs far more.
 * The test checks each of these characters against string-width.
 */
export const singleColumnText =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2190-\u22ff\u2500-\u25fc\u2713\u2716]*$/;

// Made on first use: building a segmenter loads the locale's data, which a page that never
// cuts wide text should not wait for at start.
let graphemes: Intl.Segmenter | undefined;
const escapeCodes = ansiRegex();

/**
 * `text` cut to at most `width` columns, ending in … when something was cut off. It cuts
 * between whole characters as a person sees them (an emoji sequence, a letter with its
 * accents), and keeps every escape code, so colour switched on before the cut is still
 * switched off after it.
 */
export function truncateToWidth(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return '';
  if (singleColumnText.test(text)) return width === 1 ? text.slice(0, 1) : `${text.slice(0, width - 1)}…`;

  // One column is kept for the …, unless there is only one.
  const room = width === 1 ? 1 : width - 1;
  let used = 0;
  let cut = false;
  let result = '';
  let from = 0;
  const keepVisible = (part: string) => {
    graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const { segment } of graphemes.segment(part)) {
      if (cut) return;
      const columns = stringWidth(segment);
      if (used + columns > room) {
        cut = true;
        if (width > 1) result += '…';
        return;
      }
      result += segment;
      used += columns;
    }
  };
  for (const match of text.matchAll(escapeCodes)) {
    keepVisible(text.slice(from, match.index));
    result += match[0];
    from = match.index + match[0].length;
  }
  keepVisible(text.slice(from));
  return result;
}
