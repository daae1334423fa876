import { memo } from 'react';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';
import { describeSparkline, sparklinePoints } from './sparklinePoints';

const box = { width: 96, height: 24, inset: 2 };

/**
 * Total lag over the group's recent history, in the row's status colour. Drawn once per
 * history array (the store keeps the array while the group does not change) and never
 * animated: a wall screen runs for days, and an animation per row per update is work nobody
 * watches.
 */
export const LagSparkline = memo(function LagSparkline({ history }: { history: readonly LagPoint[] }) {
  if (history.length < 2) {
    return (
      <span className="sparkline-empty muted" title="Not enough history yet">
        —
      </span>
    );
  }
  return (
    <svg
      className="sparkline"
      width={box.width}
      height={box.height}
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="img"
      aria-label={describeSparkline(history)}
    >
      <polyline
        points={sparklinePoints(history, box)}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
    </svg>
  );
});
