import { memo, useMemo } from 'react';
import type { Trend, TrendName } from '../../../shared/metrics/serviceTrends';
import { Sparkline } from '../app/Sparkline';
import { sparklineSegments } from '../app/sparklineSegments';

const box = { width: 44, height: 20, inset: 2 };

/**
 * One figure of a service's last hour in its row: the line and the newest value; "—" with
 * the reason when there is nothing to draw, never a flat line at zero.
 */
export const TrendCell = memo(function TrendCell({
  name,
  trend,
  staleReason,
  className,
}: {
  name: TrendName;
  /** Undefined until main has answered for the service. */
  trend: Trend | undefined;
  staleReason: string | null;
  className: string;
}) {
  const segments = useMemo(
    () => (trend?.kind === 'line' ? sparklineSegments(trend.values, box, trend.smallestTop) : []),
    [trend],
  );
  let content;
  if (trend === undefined) {
    content = (
      <span className="muted" title="waiting for the metrics">
        …
      </span>
    );
  } else if (trend.kind === 'missing') {
    content = (
      <span className="muted" title={trend.reason}>
        —
      </span>
    );
  } else {
    const title = staleReason ? `${trend.description} (older figures: ${staleReason})` : trend.description;
    content = (
      <span className={staleReason ? 'trend trend-stale' : 'trend'} title={title}>
        <Sparkline segments={segments} box={box} label={title} />
        <span className="trend-value mono">{trend.latest}</span>
      </span>
    );
  }
  return (
    <div
      role="gridcell"
      className={`cell cell-trend ${className}`}
      data-testid={`trend-${name}`}
      data-state={trend?.kind ?? 'pending'}
    >
      {content}
    </div>
  );
});
