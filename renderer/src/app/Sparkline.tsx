import { memo } from 'react';
import type { SparklineBox } from './sparklineSegments';

/**
 * A small line in the cell's colour (currentColor), one polyline per run of known samples.
 * Never animated: a wall screen runs for days, and an animation per row per update is work
 * nobody watches.
 */
export const Sparkline = memo(function Sparkline({
  segments,
  box,
  label,
}: {
  segments: readonly string[];
  box: SparklineBox;
  label: string;
}) {
  return (
    <svg
      className="sparkline"
      width={box.width}
      height={box.height}
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="img"
      aria-label={label}
    >
      {segments.map((points) => (
        <polyline
          key={points}
          points={points}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      ))}
    </svg>
  );
});
