import { describe, expect, it } from 'vitest';
import { countOf, formatCount } from './lagWords';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [950, '950'],
    [3400, '3\u202f400'],
    [1_250_000, '1\u202f250\u202f000'],
    [-12_345, '-12\u202f345'],
    [999.6, '1\u202f000'],
  ])('%d reads %s', (count, text) => {
    expect(formatCount(count)).toBe(text);
  });
});

describe('countOf', () => {
  it.each([
    [1, '1 partition'],
    [3, '3 partitions'],
    [0, '0 partitions'],
  ])('%d', (count, text) => {
    expect(countOf(count, 'partition')).toBe(text);
  });
});
