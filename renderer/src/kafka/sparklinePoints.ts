import { formatCount } from '../../../shared/kafka/lagWords';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';

export interface SparklineBox {
  width: number;
  height: number;
  /** Room left clear on every side, so the stroke is not cut at the edges. */
  inset: number;
}

/**
 * A floor under the top of the scale: a group that hovers between 0 and 5 messages behind is
 * keeping up, and should draw a flat line near zero rather than fill the cell with noise.
 */
export const smallestSparklineScale = 50;

/**
 * The `points` of an SVG polyline for a group's total lag: samples evenly spaced from the
 * left edge to the right, zero at the bottom, the top at the largest lag or the floor above.
 */
export function sparklinePoints(history: readonly LagPoint[], box: SparklineBox): string {
  if (history.length === 0) return '';
  const top = Math.max(smallestSparklineScale, ...history.map((point) => point.totalLag));
  const plotWidth = box.width - 2 * box.inset;
  const plotHeight = box.height - 2 * box.inset;
  const step = history.length > 1 ? plotWidth / (history.length - 1) : 0;
  return history
    .map((point, index) => {
      const x = box.inset + index * step;
      const y = box.inset + plotHeight * (1 - point.totalLag / top);
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

/** What the line shows, for a screen reader: where the lag started, where it is, its peak. */
export function describeSparkline(history: readonly LagPoint[]): string {
  const first = history[0]?.totalLag ?? 0;
  const last = history.at(-1)?.totalLag ?? 0;
  const peak = Math.max(0, ...history.map((point) => point.totalLag));
  return `Total lag, recent history: from ${formatCount(first)} to ${formatCount(last)}, peak ${formatCount(peak)}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
