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

/** The chart's colours and sizes are the theme's tokens: SVG attributes and inline styles take `var()`. */
const colours = {
  grid: 'var(--chart-grid)',
  axis: 'var(--chart-axis)',
  series: 'var(--chart-series-1)',
};
const tickFontSize = 'var(--font-size-1)';
const tooltipStyle = {
  background: 'var(--chart-tooltip-surface)',
  border: '1px solid var(--chart-tooltip-border)',
  fontSize: 'var(--font-size-2)',
};

function formatTooltipLabel(label: unknown): string {
  return typeof label === 'number' ? `${clockText(label)} ${zoneLabel(label)}` : String(label);
}

function formatTooltipValue(value: unknown): [string, string] {
  return [typeof value === 'number' ? formatCount(value) : String(value), 'total lag'];
}

/**
 * The group's total lag over its recent history, large enough to read the shape from. Its
 * own chunk: recharts loads only when a group's details open (see GroupDetailPanel).
 */
export const LagHistoryChart = memo(function LagHistoryChart({ history }: { history: readonly LagPoint[] }) {
  return (
    <div className="lag-history-chart" data-testid="lag-history-chart">
      <AreaChart responsive style={{ width: '100%', height: '100%' }} data={history} margin={margin}>
        <CartesianGrid stroke={colours.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={formatTick}
          stroke={colours.axis}
          fontSize={tickFontSize}
          minTickGap={40}
        />
        <YAxis
          domain={yDomain}
          tickFormatter={formatCount}
          stroke={colours.axis}
          fontSize={tickFontSize}
          width={64}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={formatTooltipLabel}
          formatter={formatTooltipValue}
          contentStyle={tooltipStyle}
        />
        <Area
          type="linear"
          dataKey="totalLag"
          stroke={colours.series}
          fill={colours.series}
          fillOpacity={0.18}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
});
