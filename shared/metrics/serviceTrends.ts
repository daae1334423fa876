import { errorRateText, latencyText, utilisationText } from './metricWords';
import { metricPeriodMs, type MetricSeries, type ServiceMetrics } from './metricsModel';

/**
 * A service's last hour as its row draws it: error rate, p99 latency, CPU and memory, a
 * value a minute, with the newest known value in words. A figure the console cannot draw
 * says why instead ("no data from CloudWatch"), so a missing series never reads as a flat
 * zero line.
 */

export const trendNames = ['errorRate', 'p99', 'cpu', 'memory'] as const;
export type TrendName = (typeof trendNames)[number];

export type Trend =
  | {
      kind: 'line';
      /** One a minute, oldest first; null where nothing is known. */
      values: readonly (number | null)[];
      /** The least the top of the scale may be, so a calm service draws near the bottom. */
      smallestTop: number;
      /** The newest known value, in words: "0.2 %", "120 ms". */
      latest: string;
      /** When the newest known value is for (the start of its minute). */
      latestAt: number;
      /** For a screen reader and the tooltip: "p99 latency, last hour: latest 120 ms, peak 2.1 s". */
      description: string;
    }
  | { kind: 'missing'; reason: string };

export type ServiceTrends = Readonly<Record<TrendName, Trend>>;

export const trendLabels: Readonly<Record<TrendName, string>> = {
  errorRate: 'Error rate',
  p99: 'p99 latency',
  cpu: 'CPU',
  memory: 'Memory',
};

const noData = 'no data from CloudWatch';

/** A service the console has no metrics for: every figure says so. */
export const trendsWithoutData: ServiceTrends = {
  errorRate: { kind: 'missing', reason: noData },
  p99: { kind: 'missing', reason: noData },
  cpu: { kind: 'missing', reason: noData },
  memory: { kind: 'missing', reason: noData },
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

export function serviceTrends(metrics: ServiceMetrics | undefined): ServiceTrends {
  if (!metrics) return trendsWithoutData;
  const unbalanced = `${metrics.serviceName} is behind no load balancer: no request figures`;
  const errorRate = errorRateSeries(metrics);
  return {
    errorRate:
      errorRate === null
        ? { kind: 'missing', reason: metrics.loadBalanced ? noData : unbalanced }
        : trend(metrics, 'errorRate', errorRate, 0.05, errorRateText),
    p99: metrics.p99
      ? trend(metrics, 'p99', metrics.p99, 0.5, latencyText)
      : { kind: 'missing', reason: metrics.loadBalanced ? noData : unbalanced },
    cpu: trend(metrics, 'cpu', metrics.cpu, 100, utilisationText),
    memory: trend(metrics, 'memory', metrics.memory, 100, utilisationText),
  };
}

function trend(
  metrics: ServiceMetrics,
  name: TrendName,
  values: MetricSeries,
  smallestTop: number,
  words: (value: number) => string,
): Trend {
  let latestIndex = values.length - 1;
  while (latestIndex >= 0 && values[latestIndex] === null) latestIndex--;
  const known = values.filter((value): value is number => value !== null);
  // One point draws no line: a service read for the first minute says so rather than showing a dot.
  if (known.length < 2) return { kind: 'missing', reason: noData };
  const latest = words(values[latestIndex]!);
  return {
    kind: 'line',
    values,
    smallestTop,
    latest,
    latestAt: metrics.firstMinute + latestIndex * metricPeriodMs,
    description: `${trendLabels[name]}, last hour: latest ${latest}, peak ${words(Math.max(...known))}`,
  };
}
