import { describe, expect, it } from 'vitest';
import { textWidth, truncateToWidth } from './textWidth';

describe('textWidth', () => {
  it.each([
    ['', 0],
    ['payment-service', 15],
    ['✓ healthy', 9],
    ['┏━┓ ╭─╮ ╔═╗ ──▶', 15],
    ['lag 12 340 ERR', 14],
    // One code point outside the Basic Multilingual Plane: two UTF-16 units, one column.
    ['𝑥 = 1', 5],
  ])('%j is %i columns', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });
});

describe('truncateToWidth', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a longer line of text', 10, 'a longer …'],
    ['◐ deploying 3/4', 8, '◐ deplo…'],
    ['𝑥𝑥𝑥𝑥', 3, '𝑥𝑥…'],
    ['abc', 1, 'a'],
    ['abc', 0, ''],
    ['abc', -2, ''],
  ])('truncateToWidth(%j, %i) → %j', (text, width, expected) => {
    expect(truncateToWidth(text, width)).toBe(expected);
    expect(textWidth(truncateToWidth(text, width))).toBeLessThanOrEqual(Math.max(0, width));
  });
});
