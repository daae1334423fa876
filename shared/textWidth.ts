/**
 * Widths of text drawn in fixed-width cells: the terminal tables and the topology's boxes.
 * A code point counts as one column (a UTF-16 surrogate pair is not two); every glyph these
 * draw — letters, box lines, arrows, the health glyphs — is one column wide. Wide (East
 * Asian, emoji) and combining characters are not measured apart.
 */
export function textWidth(text: string): number {
  return [...text].length;
}

/** `text` cut to at most `width` columns, ending in … when something was cut off. */
export function truncateToWidth(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, Math.max(0, width)).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}
