import { describe, expect, it } from 'vitest';
import { textWidth } from '../../shared/textWidth';
import { renderTable, type TableColumn } from './textTable';

/** Tables are read in a terminal: every cell must start in the same column, whatever its script. */

const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
const family = '👨‍👩‍👧‍👦';

/** Where each cell starts, in terminal columns, for a row whose cells are `cells`. */
function cellStarts(line: string, cells: readonly string[]): number[] {
  const starts: number[] = [];
  let from = 0;
  for (const cell of cells) {
    const index = line.indexOf(cell, from);
    expect(index, `${JSON.stringify(cell)} in ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
    starts.push(textWidth(line.slice(0, index)));
    from = index + cell.length;
  }
  return starts;
}

const columns: TableColumn[] = [
  { header: 'SERVICE' },
  { header: 'OWNER' },
  { header: 'LAG', align: 'right' },
];

describe('renderTable with text of any width', () => {
  const rows = [
    ['payment-service', 'payments', '12'],
    ['決済サービス', '支払いチーム', '3 400'],
    [`deploy ${family}`, '🇯🇵 team', '7'],
    [`caf\u0065\u0301-api`, 'Zoe\u0308', '0'],
    [{ text: red('failed-svc') }, { text: red('日本') }, '99'],
  ] as const;
  const lines = renderTable(columns, rows, { width: 120 });

  it('lines up every column in terminal columns', () => {
    const starts = lines.slice(1).map((line, index) => {
      const row = rows[index]!;
      return cellStarts(
        line,
        row.map((cell) => (typeof cell === 'string' ? cell : cell.text)),
      ).slice(0, 2);
    });
    for (const start of starts) expect(start).toEqual([0, 17]);
    // Right-aligned numbers end in the same column.
    for (const line of lines) expect(textWidth(line)).toBe(textWidth(lines[0]!));
  });

  it('pads by display width: a CJK name takes twice its characters', () => {
    expect(lines[2]).toBe('決済サービス     支払いチーム  3 400');
    expect(lines[3]).toBe(`deploy ${family}        🇯🇵 team           7`);
  });

  it('counts no width for the escape codes of an already coloured cell', () => {
    expect(lines[5]).toBe(`${red('failed-svc')}       ${red('日本')}             99`);
  });

  it('truncates the shrinking column by display width, keeping whole glyphs', () => {
    const narrow = renderTable(
      [{ header: 'NAME', shrink: true }, { header: 'N' }],
      [
        ['サービスの名前がとても長い', '1'],
        [`${family}${family}${family}${family}${family}${family}`, '2'],
      ],
      { width: 13 },
    );
    // Ten columns for the name: nine for wide glyphs and the …, the tenth stays empty.
    expect(narrow).toEqual(['NAME        N', 'サービス…   1', `${family}${family}${family}${family}…   2`]);
  });
});
