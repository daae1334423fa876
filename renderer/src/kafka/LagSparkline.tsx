import { memo } from 'react';
import { Line, LineChart, YAxis } from 'recharts';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';

const width = 96;
const height = 24;
const margin = { top: 2, right: 2, bottom: 2, left: 2 };
/**
 * A floor under the top of the scale: a group that hovers between 0 and 5 messages behind is
 * keeping up, and should draw a flat line near zero rather than fill the cell with noise.
 */
const smallestScale = 50;
const yDomain: [number, (dataMax: number) => number] = [0, (dataMax) => Math.max(dataMax, smallestScale)];

/**
 * Total lag over the group's recent history. Drawn once per history array (the store keeps
 * the array while the group does not change) and never animated: a wall screen runs for
 * days, and an animation per row per update is work nobody watches.
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
    <LineChart
      width={width}
      height={height}
      data={history}
      margin={margin}
      className="sparkline"
      accessibilityLayer={false}
    >
      <YAxis hide domain={yDomain} />
      <Line
        type="linear"
        dataKey="totalLag"
        dot={false}
        isAnimationActive={false}
        stroke="currentColor"
        strokeWidth={1.5}
      />
    </LineChart>
  );
});
