import { describe, expect, it } from 'vitest';
import { formatAge } from './timeFormat';

describe('formatAge', () => {
  it('reads in the largest useful units', () => {
    expect(formatAge(42_400)).toBe('42 s');
    expect(formatAge(120_000)).toBe('2 min');
    expect(formatAge(125_000)).toBe('2 min 5 s');
    expect(formatAge(3 * 3_600_000 + 12 * 60_000)).toBe('3 h 12 min');
    expect(formatAge(5 * 86_400_000)).toBe('5 d');
  });

  it('never shows a negative age when clocks disagree a little', () => {
    expect(formatAge(-800)).toBe('0 s');
  });
});
