import { formatCount } from '../../../shared/kafka/lagWords';
import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';
import { clockText, zoneLabel } from '../../../shared/time/clockText';

const margin = { top: 8, right: 12, bottom: 0, left: 0 };
const yDomain: [number, string] = [0, 'dataMax'];

/** Axis ticks give the local time of day; the tooltip adds the zone. */
function formatTick(at: number): string {
  return clockText(at);
}

function formatTooltipLabel(label: unknown): string {
  return typeof label === 'number' ? `${clockText(label)} ${zoneLabel(label)}` : String(label);
}

function formatTooltipValue(value: unknown): [string, string] {
  return [typeof value === 'number' ? formatCount(value) : String(value), 'total lag'];
}

/** The group's total lag over its recent history, large enough to read the shape from. */
export const LagHistoryChart = memo(function LagHistoryChart({ history }: { history: readonly LagPoint[] }) {
  if (history.length < 2) {
    return <p className="muted">Not enough history yet for a chart.</p>;
  }
  return (
    <div className="lag-history-chart" data-testid="lag-history-chart">
      <AreaChart responsive style={{ width: '100%', height: 170 }} data={history} margin={margin}>
        <CartesianGrid stroke="#263241" strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={formatTick}
          stroke="#8d9bab"
          fontSize={11}
          minTickGap={40}
        />
        <YAxis domain={yDomain} tickFormatter={formatCount} stroke="#8d9bab" fontSize={11} width={64} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={formatTooltipLabel}
          formatter={formatTooltipValue}
          contentStyle={{ background: '#151d28', border: '1px solid #3a4a5e', fontSize: 12 }}
        />
        <Area
          type="linear"
          dataKey="totalLag"
          stroke="#5eb0ff"
          fill="#5eb0ff"
          fillOpacity={0.18}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
});
