import { textWidth, truncateToWidth } from '../../shared/textWidth';

/**
 * Plain-text tables for the terminal. Widths are measured on the plain text and colour is
 * added afterwards, so columns line up with or without it.
 */

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** The one column that gives up width (truncated with …) when the table is wider than the terminal. */
  shrink?: boolean;
}

export interface TableCell {
  text: string;
  paint?: (text: string) => string;
}

export type CellInput = string | TableCell;

export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly CellInput[])[],
  options: { width: number; indent?: string; paintHeader?: (text: string) => string },
): string[] {
  const indent = options.indent ?? '';
  const gap = '  ';
  const cells = rows.map((row) => columns.map((_, index) => toCell(row[index])));
  const widths = columns.map((column, index) =>
    Math.max(textWidth(column.header), ...cells.map((row) => textWidth(row[index]!.text))),
  );

  const shrinkIndex = columns.findIndex((c) => c.shrink);
  if (shrinkIndex >= 0) {
    const total =
      textWidth(indent) + widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1);
    const excess = total - options.width;
    if (excess > 0)
      widths[shrinkIndex] = Math.max(
        textWidth(columns[shrinkIndex]!.header),
        widths[shrinkIndex]! - excess,
        8,
      );
  }

  const line = (row: TableCell[]) =>
    indent +
    row
      .map((cell, index) => {
        const width = widths[index]!;
        const text = truncate(cell.text, width);
        const room = ' '.repeat(Math.max(0, width - textWidth(text)));
        const padded =
          columns[index]!.align === 'right' ? room + text : index === row.length - 1 ? text : text + room;
        return cell.paint ? cell.paint(padded) : padded;
      })
      .join(gap)
      .trimEnd();

  const paintHeader = options.paintHeader ?? ((text: string) => text);
  const header = line(columns.map((c) => ({ text: c.header, paint: paintHeader })));
  return [header, ...cells.map(line)];
}

function toCell(input: CellInput | undefined): TableCell {
  if (input === undefined) return { text: '' };
  return typeof input === 'string' ? { text: input } : input;
}

/** A cell is one line: runs of whitespace (new lines too) become one space before it is cut to width. */
export function truncate(text: string, width: number): string {
  return truncateToWidth(text.replace(/\s+/g, ' '), width);
}
