import { metricPeriodMs, type MetricSeries } from '../../../shared/metrics/metricsModel';

/**
 * Merges what a read found of one figure into the series kept for it, moved to start at
 * `firstMinute` and hold `length` minutes: a minute read again takes the value read now
 * (CloudWatch may complete a recent minute late), a minute not read again keeps what it had,
 * a minute nobody read is null, and minutes before `firstMinute` fall off. The result is the
 * very same array when nothing moved or changed, so an unchanged service is not sent; a
 * minute later it is the old values shifted, which cross to the page as an append.
 */
export function mergeSeries(
  kept: { series: MetricSeries; firstMinute: number } | undefined,
  read: ReadonlyMap<number, number> | undefined,
  firstMinute: number,
  length: number,
): MetricSeries {
  const offset = kept ? (firstMinute - kept.firstMinute) / metricPeriodMs : 0;
  const merged = Array.from({ length }, (_, index) => {
    const value = read?.get(firstMinute + index * metricPeriodMs);
    if (value !== undefined) return value;
    return kept?.series[offset + index] ?? null;
  });
  if (kept && offset === 0 && kept.series.length === length && merged.every((v, i) => v === kept.series[i]))
    return kept.series;
  return merged;
}
