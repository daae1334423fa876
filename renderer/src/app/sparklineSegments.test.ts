import { describe, expect, it } from 'vitest';
import { sparklineSegments } from './sparklineSegments';

const box = { width: 96, height: 24, inset: 2 };

describe('sparkline segments', () => {
  it('breaks the line where a sample is missing, keeping each sample at its own place', () => {
    expect(sparklineSegments([10, 20, null, 20, 0], box, 20)).toEqual(['2,12 25,2', '71,2 94,22']);
  });

  it('draws nothing for a series with no known sample', () => {
    expect(sparklineSegments([null, null], box, 20)).toEqual([]);
  });

  it('keeps the top of the scale at least as high as asked, so small values sit near the bottom', () => {
    expect(sparklineSegments([1, 1], box, 10)).toEqual(['2,20 94,20']);
  });
});
