import { memo } from 'react';
import type { Trend, TrendName } from '../../../shared/metrics/serviceTrends';
import { Sparkline } from '../app/Sparkline';
import { trendBox } from './serviceTrendsStore';

/**
 * One figure of a service's last hour in its row: the line and the newest value; "—" with
 * the reason when there is nothing to draw, never a flat line at zero.
 */
export const TrendCell = memo(function TrendCell({
  name,
  trend,
  segments,
  staleReason,
  className,
}: {
  name: TrendName;
  /** Undefined until main has answered for the service. */
  trend: Trend | undefined;
  segments: readonly string[];
  staleReason: string | null;
  className: string;
}) {
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
        <Sparkline segments={segments} box={trendBox} label={title} />
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
