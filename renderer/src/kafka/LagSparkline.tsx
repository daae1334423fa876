import { memo } from 'react';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';
import { Sparkline } from '../app/Sparkline';
import { describeSparkline, sparklinePoints } from './sparklinePoints';

const box = { width: 96, height: 24, inset: 2 };

/**
 * Total lag over the group's recent history, in the row's status colour. Drawn once per
 * history array (the store keeps the array while the group does not change).
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
    <Sparkline segments={[sparklinePoints(history, box)]} box={box} label={describeSparkline(history)} />
  );
});
