import type { TrendName } from '../../../shared/metrics/serviceTrends';

/** Narrow tables drop CPU and memory first, then the request figures (fleet.css). */
export const trendColumnClass: Readonly<Record<TrendName, string>> = {
  errorRate: 'col-trend-requests',
  p99: 'col-trend-requests',
  cpu: 'col-trend-resources',
  memory: 'col-trend-resources',
};
