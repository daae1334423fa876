export interface SparklineBox {
  width: number;
  height: number;
  /** Room left clear on every side, so the stroke is not cut at the edges. */
  inset: number;
}

/**
 * The `points` of the SVG polylines for a series of samples: evenly spaced from the left edge
 * to the right, zero at the bottom, the top at the largest value or `smallestTop` above it.
 * A missing sample (null) breaks the line, so a minute nothing was known about is a gap, not
 * a drop to zero; each run of known samples is one polyline.
 */
export function sparklineSegments(
  values: readonly (number | null)[],
  box: SparklineBox,
  smallestTop: number,
): string[] {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return [];
  const top = Math.max(smallestTop, ...known);
  const plotWidth = box.width - 2 * box.inset;
  const plotHeight = box.height - 2 * box.inset;
  const step = values.length > 1 ? plotWidth / (values.length - 1) : 0;
  const segments: string[] = [];
  let run: string[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (run.length > 0) segments.push(run.join(' '));
      run = [];
      return;
    }
    const x = box.inset + index * step;
    const y = box.inset + plotHeight * (1 - value / top);
    run.push(`${round(x)},${round(y)}`);
  });
  if (run.length > 0) segments.push(run.join(' '));
  return segments;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
