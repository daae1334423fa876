import { memo } from 'react';
import type { ServiceMetrics } from '../../../shared/metrics/metricsModel';
import { chartNames, figures, figureTrend, trendPoints } from '../../../shared/metrics/serviceTrends';
import { HistoryChart } from '../app/HistoryChart';

/**
 * A service's last hour, a chart a figure: error rate, p99 latency, CPU, memory, requests and
 * healthy targets; a figure CloudWatch has no data for says so in its place. Its own chunk:
 * recharts loads only when a service's details open (see ServiceMetricsSection).
 */
export const ServiceMetricCharts = memo(function ServiceMetricCharts({
  metrics,
}: {
  metrics: ServiceMetrics | undefined;
}) {
  return (
    <div className="metric-charts">
      {chartNames.map((name) => {
        const trend = figureTrend(metrics, name);
        const { label, format, smallestTop } = figures[name];
        return (
          <figure key={name} className="metric-chart" data-testid="metric-chart" data-figure={name}>
            <figcaption>
              {label}
              {trend.kind === 'line' && <span className="mono"> {trend.latest}</span>}
            </figcaption>
            {trend.kind === 'line' ? (
              <HistoryChart
                points={trendPoints(metrics!.firstMinute, trend.values)}
                format={format}
                seriesName={label}
                smallestTop={smallestTop}
                className="metric-history-chart"
                testId={`metric-history-${name}`}
              />
            ) : (
              <p className="metric-chart-missing muted" title={trend.reason}>
                — {trend.reason}
              </p>
            )}
          </figure>
        );
      })}
    </div>
  );
});
