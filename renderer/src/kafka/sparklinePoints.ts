import { formatCount } from '../../../shared/kafka/lagWords';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';
import { type SparklineBox, sparklineSegments } from '../app/sparklineSegments';

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
  return (
    sparklineSegments(
      history.map((point) => point.totalLag),
      box,
      smallestSparklineScale,
    )[0] ?? ''
  );
}

/** What the line shows, for a screen reader: where the lag started, where it is, its peak. */
export function describeSparkline(history: readonly LagPoint[]): string {
  const first = history[0]?.totalLag ?? 0;
  const last = history.at(-1)?.totalLag ?? 0;
  const peak = Math.max(0, ...history.map((point) => point.totalLag));
  return `Total lag, recent history: from ${formatCount(first)} to ${formatCount(last)}, peak ${formatCount(peak)}`;
}
