/**
 * The bench's figures, each beside its floor or goal: printed as they come, and gathered
 * into one table at the end (text for the terminal, Markdown for the README).
 */

export interface Figure {
  figure: string;
  /** What was measured, in words and units; for a figure that could not be measured, why not. */
  measured: string;
  goal: string;
  /** null where there is no goal to meet, or nothing was measured. */
  met: boolean | null;
}

export function notMeasured(figure: string, goal: string, reason: string): Figure {
  return { figure, measured: `not measured — ${reason}`, goal, met: null };
}

export function metText(met: boolean | null): string {
  return met === null ? '—' : met ? 'yes' : 'no';
}

/** One line as the bench prints it the moment the figure is known. */
export function figureLine(figure: Figure): string {
  if (figure.measured.startsWith('not measured')) return `${figure.figure}: ${figure.measured}`;
  const verdict = figure.met === null ? '' : figure.met ? '  [met]' : '  [NOT met]';
  return `${figure.figure}: ${figure.measured}  (goal ${figure.goal})${verdict}`;
}

const headings = ['figure', 'measured', 'goal', 'met?'];

function cells(figure: Figure): string[] {
  return [figure.figure, figure.measured, figure.goal, metText(figure.met)];
}

/** Columns padded to their widest cell, for the terminal. */
export function textTable(figures: readonly Figure[]): string[] {
  const rows = [headings, ...figures.map(cells)];
  const widths = headings.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)];
}

/** A Markdown table; pipes inside cells are escaped so a reason cannot break a row. */
export function markdownTable(figures: readonly Figure[]): string[] {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (values: string[]) => `| ${values.map(escape).join(' | ')} |`;
  return [row(headings), row(headings.map(() => '---')), ...figures.map((figure) => row(cells(figure)))];
}

/** Bytes in the unit a person reads at a glance: 812 B, 14.2 KB, 13.5 MB. */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
