import { describe, expect, it } from 'vitest';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';
import { describeSparkline, sparklinePoints } from './sparklinePoints';

const box = { width: 96, height: 24, inset: 2 };

function history(...lags: number[]): LagPoint[] {
  return lags.map((totalLag, index) => ({ at: 1_000 * index, totalLag }));
}

function parse(points: string): { x: number; y: number }[] {
  return points.split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return { x: x ?? NaN, y: y ?? NaN };
  });
}

describe('the lag sparkline', () => {
  it('spaces the samples evenly from the left edge to the right', () => {
    const xs = parse(sparklinePoints(history(5, 9, 7, 3, 8), box)).map((point) => point.x);
    expect(xs).toEqual([2, 25, 48, 71, 94]);
  });

  it('puts zero at the bottom and the largest lag at the top', () => {
    const ys = parse(sparklinePoints(history(0, 400, 200), box)).map((point) => point.y);
    expect(ys).toEqual([22, 2, 12]);
  });

  it('draws a group that keeps up as a flat line near zero, not as noise across the cell', () => {
    const ys = parse(sparklinePoints(history(0, 5, 0, 5), box)).map((point) => point.y);
    expect(Math.min(...ys)).toBe(20);
    expect(Math.max(...ys)).toBe(22);
  });

  it('draws nothing for no history', () => {
    expect(sparklinePoints([], box)).toBe('');
  });

  it('says where the lag started, where it is now and its peak', () => {
    expect(describeSparkline(history(120, 4_500, 30))).toBe(
      'Total lag, recent history: from 120 to 30, peak 4\u202f500',
    );
  });
});
