import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { clockText, zoneLabel } from '../../../shared/time/clockText';

/** One sample of a history: null where nothing is known, drawn as a gap. */
export interface HistoryPoint {
  at: number;
  value: number | null;
}

const margin = { top: 8, right: 12, bottom: 0, left: 0 };

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

/** Axis ticks give the local time of day; the tooltip adds the zone. */
function formatTick(at: number): string {
  return clockText(at);
}

function formatTooltipLabel(label: unknown): string {
  return typeof label === 'number' ? `${clockText(label)} ${zoneLabel(label)}` : String(label);
}

/**
 * A figure over time, large enough to read the shape from: the lag of a consumer group, a
 * service's error rate or CPU. Lives in the chunks that load with a detail panel, so recharts
 * loads only when one opens.
 */
export const HistoryChart = memo(function HistoryChart({
  points,
  format,
  seriesName,
  className,
  testId,
  smallestTop = 0,
}: {
  points: readonly HistoryPoint[];
  /** The value in words, for the axis and the tooltip. */
  format: (value: number) => string;
  seriesName: string;
  className: string;
  testId: string;
  /** The least the top of the axis may be, so a calm figure sits low rather than fill the chart. */
  smallestTop?: number;
}) {
  const tooltipValue = (value: unknown): [string, string] => [
    typeof value === 'number' ? format(value) : String(value),
    seriesName,
  ];
  return (
    <div className={className} data-testid={testId}>
      <AreaChart responsive style={{ width: '100%', height: '100%' }} data={points} margin={margin}>
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
          domain={[0, (dataMax: number) => Math.max(dataMax, smallestTop)]}
          tickFormatter={format}
          stroke={colours.axis}
          fontSize={tickFontSize}
          width={64}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={formatTooltipLabel}
          formatter={tooltipValue}
          contentStyle={tooltipStyle}
        />
        <Area
          type="linear"
          dataKey="value"
          stroke={colours.series}
          fill={colours.series}
          fillOpacity={0.18}
          strokeWidth={1.5}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
});
