import type { BorderStyle } from './boxContent';

/**
 * A page of character cells, each with the region (box, edge, label, frame) it belongs to.
 * Lines are collected as directions per cell and net, and turned into box-drawing characters
 * at the end, so a branch becomes ┬ or ├ wherever it happens to join. Where two nets cross,
 * the vertical one is drawn through (─│─): a ┼ is always a junction of one net.
 */

const north = 1;
const east = 2;
const south = 4;
const west = 8;

const lineChars: Record<number, string> = {
  [north]: '│',
  [south]: '│',
  [north | south]: '│',
  [east]: '─',
  [west]: '─',
  [east | west]: '─',
  [north | east]: '└',
  [north | west]: '┘',
  [south | east]: '┌',
  [south | west]: '┐',
  [north | south | east]: '├',
  [north | south | west]: '┤',
  [north | east | west]: '┴',
  [south | east | west]: '┬',
  [north | south | east | west]: '┼',
};

export const borderChars: Record<
  BorderStyle | 'frame',
  { tl: string; tr: string; bl: string; br: string; h: string; v: string; down: string; up: string }
> = {
  light: { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│', down: '┬', up: '┴' },
  heavy: { tl: '┏', tr: '┓', bl: '┗', br: '┛', h: '━', v: '┃', down: '┯', up: '┷' },
  rounded: { tl: '╭', tr: '╮', bl: '╰', br: '╯', h: '─', v: '│', down: '┬', up: '┴' },
  double: { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║', down: '╤', up: '╧' },
  frame: { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '╌', v: '╎', down: '╌', up: '╌' },
};

interface LineCell {
  bits: number;
  edges: Set<string>;
}

export class CharacterGrid {
  readonly chars: string[][];
  readonly regions: number[][];
  private readonly lines = new Map<number, Map<string, LineCell>>();

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.chars = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
    this.regions = Array.from({ length: height }, () => new Array<number>(width).fill(-1));
  }

  put(x: number, y: number, char: string, region: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.chars[y]![x] = char;
    this.regions[y]![x] = region;
  }

  write(x: number, y: number, text: string, region: number): void {
    [...text].forEach((char, i) => this.put(x + i, y, char, region));
  }

  box(
    x: number,
    y: number,
    width: number,
    height: number,
    style: BorderStyle | 'frame',
    region: number,
  ): void {
    const c = borderChars[style];
    for (let i = 1; i < width - 1; i++) {
      this.put(x + i, y, c.h, region);
      this.put(x + i, y + height - 1, c.h, region);
    }
    for (let j = 1; j < height - 1; j++) {
      this.put(x, y + j, c.v, region);
      this.put(x + width - 1, y + j, c.v, region);
      if (style !== 'frame') for (let i = 1; i < width - 1; i++) this.put(x + i, y + j, ' ', region);
    }
    this.put(x, y, c.tl, region);
    this.put(x + width - 1, y, c.tr, region);
    this.put(x, y + height - 1, c.bl, region);
    this.put(x + width - 1, y + height - 1, c.br, region);
  }

  /** A straight line of one net, carrying the edges drawn along it. */
  line(x1: number, y1: number, x2: number, y2: number, net: string, edges: readonly string[]): void {
    if (x1 === x2 && y1 === y2) return;
    if (x1 === x2) {
      const [top, bottom] = y1 < y2 ? [y1, y2] : [y2, y1];
      for (let y = top; y <= bottom; y++)
        this.addBits(x1, y, (y > top ? north : 0) | (y < bottom ? south : 0), net, edges);
    } else if (y1 === y2) {
      const [left, right] = x1 < x2 ? [x1, x2] : [x2, x1];
      for (let x = left; x <= right; x++)
        this.addBits(x, y1, (x > left ? west : 0) | (x < right ? east : 0), net, edges);
    } else {
      throw new Error('Lines are horizontal or vertical.');
    }
  }

  private addBits(x: number, y: number, bits: number, net: string, edges: readonly string[]): void {
    const key = y * this.width + x;
    let nets = this.lines.get(key);
    if (!nets) {
      nets = new Map();
      this.lines.set(key, nets);
    }
    let cell = nets.get(net);
    if (!cell) {
      cell = { bits: 0, edges: new Set() };
      nets.set(net, cell);
    }
    cell.bits |= bits;
    for (const edge of edges) cell.edges.add(edge);
  }

  /** Turns the collected lines into characters; `regionOf` names the region of a cell's edges. */
  drawLines(regionOf: (edges: string[]) => number): void {
    for (const [key, nets] of this.lines) {
      const x = key % this.width;
      const y = Math.floor(key / this.width);
      const cells = [...nets.values()];
      const vertical = cells.find((c) => c.bits & (north | south));
      const chosen = cells.length === 1 ? cells[0]! : (vertical ?? cells[0]!);
      this.put(x, y, lineChars[chosen.bits] ?? '┼', regionOf([...chosen.edges].sort()));
    }
  }

  text(): string[] {
    return this.chars.map((row) => row.join('').replace(/\s+$/, ''));
  }
}
