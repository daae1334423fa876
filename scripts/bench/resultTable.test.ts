import { describe, expect, it } from 'vitest';
import {
  byteSize,
  figureLine,
  markdownTable,
  median,
  notMeasured,
  textTable,
  type Figure,
} from './resultTable';

const figures: Figure[] = [
  { figure: 'ECS DescribeServices per refresh', measured: '1,000 (1.00)', goal: 'floor 1,000', met: true },
  { figure: 'first useful screen', measured: '5.3 s', goal: 'under 1 s', met: false },
  notMeasured('detection vs Burrow', 'as fast as Burrow', 'burrow not installed | apt-get install burrow'),
];

describe('the results table', () => {
  it('pads the columns for the terminal', () => {
    const lines = textTable(figures);
    expect(lines[0]).toMatch(/^figure +measured +goal +met\?$/);
    expect(lines[2]).toMatch(/^ECS DescribeServices per refresh {2}1,000 \(1\.00\) +floor 1,000 +yes$/);
    expect(new Set(lines.slice(2).map((line) => line.indexOf('  ') > 0))).toEqual(new Set([true]));
    expect(lines[4]).toMatch(/ —$/);
  });

  it('writes Markdown rows that a reason with a pipe cannot break', () => {
    const lines = markdownTable(figures);
    expect(lines[0]).toBe('| figure | measured | goal | met? |');
    expect(lines[1]).toBe('| --- | --- | --- | --- |');
    expect(lines[3]).toBe('| first useful screen | 5.3 s | under 1 s | no |');
    expect(lines[4]).toContain('burrow not installed \\| apt-get install burrow');
  });

  it('says why a figure is missing, and whether one was met', () => {
    expect(figureLine(figures[2]!)).toBe(
      'detection vs Burrow: not measured — burrow not installed | apt-get install burrow',
    );
    expect(figureLine(figures[1]!)).toBe('first useful screen: 5.3 s  (goal under 1 s)  [NOT met]');
  });
});

describe('units', () => {
  it('writes bytes at a readable scale', () => {
    expect(byteSize(812)).toBe('812 B');
    expect(byteSize(14_540)).toBe('14.2 KB');
    expect(byteSize(13.5 * 1024 * 1024)).toBe('13.5 MB');
  });

  it('takes the median of an even and an odd count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
