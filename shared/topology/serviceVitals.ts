import type { ServiceMetrics } from '../metrics/metricsModel';
import { errorRateSeries } from '../metrics/serviceTrends';
import type { ServiceVitals } from './topologyModel';

/**
 * How many minutes back a box looks for its newest figure: CloudWatch's newest minute may not
 * be in yet, but a figure older than this is no longer "now" and the box says it does not know.
 */
const recentMinutes = 3;

/** A service's vitals from its metrics; unmeasured when the console has none for it. */
export function serviceVitals(metrics: ServiceMetrics | undefined): ServiceVitals {
  if (!metrics) return { measured: false, loadBalanced: false, errorRate: null, p99: null, alarms: [] };
  return {
    measured: true,
    loadBalanced: metrics.loadBalanced,
    errorRate: recentValue(errorRateSeries(metrics)),
    p99: recentValue(metrics.p99 ?? null),
    alarms: metrics.alarms
      .filter((alarm) => alarm.state === 'ALARM')
      .map((alarm) => alarm.name)
      .sort(),
  };
}

function recentValue(series: readonly (number | null)[] | null): number | null {
  if (!series) return null;
  for (let index = series.length - 1; index >= Math.max(0, series.length - recentMinutes); index--) {
    const value = series[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

export function sameVitals(a: ServiceVitals | undefined, b: ServiceVitals | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.measured === b.measured &&
    a.loadBalanced === b.loadBalanced &&
    a.errorRate === b.errorRate &&
    a.p99 === b.p99 &&
    a.alarms.length === b.alarms.length &&
    a.alarms.every((name, index) => name === b.alarms[index])
  );
}
