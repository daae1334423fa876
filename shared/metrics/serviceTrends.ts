import { formatCount } from '../kafka/lagWords';
import { metricPeriodMs } from './metricFigures';
import type { MetricSeries, MetricsSnapshot, ServiceMetrics } from './metricsModel';
import { errorRateText, latencyText, targetCountText, utilisationText } from './metricWords';

/**
 * A service's last hour as the page draws it: error rate, p99 latency, CPU and memory in its
 * row, those and its requests and healthy targets in its detail panel, a value a minute. A
 * figure the console cannot draw says why instead ("no data from CloudWatch"), so a missing
 * series never reads as a flat zero line.
 */

export const trendNames = ['errorRate', 'p99', 'cpu', 'memory'] as const;
export type TrendName = (typeof trendNames)[number];
export const chartNames = [...trendNames, 'requests', 'healthy'] as const;
export type FigureName = (typeof chartNames)[number];

interface Figure {
  label: string;
  /** The value in words: "0.2 %", "120 ms". */
  format: (value: number) => string;
  /** The least the top of the scale may be, so a calm service draws near the bottom. */
  smallestTop: number;
}

export const figures: Readonly<Record<FigureName, Figure>> = {
  errorRate: { label: 'Error rate', format: errorRateText, smallestTop: 0.05 },
  p99: { label: 'p99 latency', format: latencyText, smallestTop: 0.5 },
  cpu: { label: 'CPU', format: utilisationText, smallestTop: 100 },
  memory: { label: 'Memory', format: utilisationText, smallestTop: 100 },
  requests: { label: 'Requests a minute', format: formatCount, smallestTop: 10 },
  healthy: { label: 'Healthy targets', format: targetCountText, smallestTop: 1 },
};

export type Trend =
  | {
      kind: 'line';
      /** One a minute, oldest first, from the service's `firstMinute`; null where nothing is known. */
      values: readonly (number | null)[];
      smallestTop: number;
      /** The newest known value, in words. */
      latest: string;
      /** When the newest known value is for (the start of its minute). */
      latestAt: number;
      /** For a screen reader and the tooltip: "p99 latency, last hour: latest 120 ms, peak 2.1 s". */
      description: string;
    }
  | { kind: 'missing'; reason: string };

export type ServiceTrends = Readonly<Record<TrendName, Trend>>;

const noData = 'no data from CloudWatch';
const missing: Trend = { kind: 'missing', reason: noData };

/** A service the console has no metrics for: every figure says so. */
export const trendsWithoutData: ServiceTrends = {
  errorRate: missing,
  p99: missing,
  cpu: missing,
  memory: missing,
};

/**
 * The 5XX answers as a fraction of the requests, a minute at a time. CloudWatch publishes no
 * 5XX datapoint for a minute without any, so a minute with requests and no 5XX figure is 0;
 * a minute without requests has no rate at all.
 */
export function errorRateSeries(metrics: ServiceMetrics): MetricSeries | null {
  const { requests, errors } = metrics;
  if (!requests) return null;
  return requests.map((count, index) =>
    count === null || count === 0 ? null : (errors?.[index] ?? 0) / count,
  );
}

function seriesOf(metrics: ServiceMetrics, name: FigureName): MetricSeries | null {
  return name === 'errorRate' ? errorRateSeries(metrics) : (metrics[name] ?? null);
}

/** One figure of the service's hour, or why there is none to draw. */
export function figureTrend(metrics: ServiceMetrics | undefined, name: FigureName): Trend {
  if (!metrics) return missing;
  const values = seriesOf(metrics, name);
  if (values === null) {
    return metrics.loadBalanced
      ? missing
      : { kind: 'missing', reason: `${metrics.serviceName} is behind no load balancer: no request figures` };
  }
  let latestIndex = values.length - 1;
  while (latestIndex >= 0 && values[latestIndex] === null) latestIndex--;
  const known = values.filter((value): value is number => value !== null);
  // One point draws no line: a service read for the first minute says so rather than showing a dot.
  if (known.length < 2) return missing;
  const { label, format, smallestTop } = figures[name];
  const latest = format(values[latestIndex]!);
  return {
    kind: 'line',
    values,
    smallestTop,
    latest,
    latestAt: metrics.firstMinute + latestIndex * metricPeriodMs,
    description: `${label}, last hour: latest ${latest}, peak ${format(Math.max(...known))}`,
  };
}

export function serviceTrends(metrics: ServiceMetrics | undefined): ServiceTrends {
  if (!metrics) return trendsWithoutData;
  return {
    errorRate: figureTrend(metrics, 'errorRate'),
    p99: figureTrend(metrics, 'p99'),
    cpu: figureTrend(metrics, 'cpu'),
    memory: figureTrend(metrics, 'memory'),
  };
}

/** A line's samples with their times, for a chart. */
export function trendPoints(
  firstMinute: number,
  values: readonly (number | null)[],
): { at: number; value: number | null }[] {
  return values.map((value, index) => ({ at: firstMinute + index * metricPeriodMs, value }));
}

/** Main has not read any environment's CloudWatch yet: what it lacks is not known to be missing. */
export function neverRead(answer: Pick<MetricsSnapshot, 'environments'>): boolean {
  return answer.environments.every((environment) => environment.lastSuccessAt === null);
}
