import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { metricsForServices } from '../../../shared/ipc/metrics';
import { metricPeriodMs, type MetricsSnapshot } from '../../../shared/metrics/metricsModel';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';

/**
 * The metrics of the services a page holds, asked of main (`metrics.forServices`) when the
 * set of services changes and again each minute. A request rather than a windowed stream:
 * CloudWatch's figures move once a minute, so one answer a minute, or one when the table's
 * window moves, is all there is to send, and main keeps no window for the page. While a new
 * set is asked for, the last answer stays, so rows that stay in the window keep their lines.
 */
export function useServiceMetrics(
  keys: readonly string[],
  /** How often to ask again: main reads once a minute, and a panel that waits on an alarm may ask more often. */
  refreshMs = metricPeriodMs,
): UseQueryResult<MetricsSnapshot> {
  const client = useConsoleClient();
  return useQuery({
    queryKey: queryKeys.serviceMetrics(keys),
    queryFn: ({ signal }) => client.request(metricsForServices, { keys: [...keys] }, { signal }),
    enabled: keys.length > 0,
    refetchInterval: refreshMs,
    placeholderData: keepPreviousData,
  });
}
