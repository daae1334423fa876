import { ecsMetricNames, elbMetricNames, metricPeriodMs } from './metricFigures';
import type { ServiceMetrics } from './metricsModel';

/**
 * A page that holds a service's hour asks again each minute for the last minutes only: main
 * cuts each series to the minutes from `since` on (`metricsSince`), and the page lays that
 * tail over what it holds (`withTail`). The tail starts a few minutes back, because main reads
 * those minutes again as CloudWatch's late datapoints come in.
 */

const seriesNames = [...ecsMetricNames, ...elbMetricNames] as const;

/** The service with its series cut to the minutes from `since` on. */
export function metricsSince(service: ServiceMetrics, since: number): ServiceMetrics {
  const skipped = Math.max(0, Math.ceil((since - service.firstMinute) / metricPeriodMs));
  if (skipped === 0) return service;
  const cut: ServiceMetrics = { ...service, firstMinute: service.firstMinute + skipped * metricPeriodMs };
  for (const name of seriesNames) {
    const series = service[name];
    if (series) cut[name] = series.slice(skipped);
  }
  return cut;
}

/** Where the tail a page asks for starts: a few minutes before the newest minute it holds. */
export function tailStart(held: readonly ServiceMetrics[], minutesBack = 3): number | null {
  if (held.length === 0) return null;
  const newest = Math.min(
    ...held.map((service) => service.firstMinute + (service.cpu.length - 1) * metricPeriodMs),
  );
  return newest - minutesBack * metricPeriodMs;
}

/**
 * The held service with a tail laid over it: the tail's minutes replace the held ones, and
 * the oldest fall off so the series keep the length they had. Everything else is the tail's.
 */
export function withTail(held: ServiceMetrics, tail: ServiceMetrics): ServiceMetrics {
  const offset = Math.round((tail.firstMinute - held.firstMinute) / metricPeriodMs);
  if (offset < 0) return tail;
  const kept = Math.max(held.cpu.length, tail.cpu.length);
  const merged: ServiceMetrics = { ...tail };
  let dropped = 0;
  for (const name of seriesNames) {
    const newer = tail[name];
    if (!newer) {
      delete merged[name];
      continue;
    }
    const older = held[name] ?? [];
    const head = Array.from({ length: offset }, (_, index) => older[index] ?? null);
    const whole = [...head, ...newer];
    dropped = Math.max(0, whole.length - kept);
    merged[name] = whole.slice(dropped);
  }
  merged.firstMinute = held.firstMinute + dropped * metricPeriodMs;
  return merged;
}
