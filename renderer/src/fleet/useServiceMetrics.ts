import { keepPreviousData, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { metricPeriodMs } from '../../../shared/metrics/metricFigures';
import type { MetricsSnapshot } from '../../../shared/metrics/metricsModel';
import { tailStart, withTail } from '../../../shared/metrics/metricsTail';
import { neverRead } from '../../../shared/metrics/serviceTrends';
import { useRef } from 'react';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';

const firstReadMs = 5_000;

/**
 * The metrics of the services a page holds, asked of main (`metrics.forServices`) when the
 * set of services changes (the hour of the services new to the set), then each minute for
 * the last minutes only, laid over the hour already held (shared/metrics/metricsTail.ts). A request rather than a windowed stream:
 * CloudWatch's figures move once a minute, so one small answer a minute, or one when the
 * table's window moves, is all there is to send, and main keeps no window for the page. While
 * a new set is asked for, the last answer stays, so rows that stay in the window keep their lines.
 */
export function useServiceMetrics(
  keys: readonly string[],
  /** How often to ask again: main reads once a minute, and a panel that waits on an alarm may ask more often. */
  refreshMs = metricPeriodMs,
): UseQueryResult<MetricsSnapshot> {
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  const queryKey = queryKeys.serviceMetrics(keys);
  // The last answer, whatever its keys: when the window moves, the services it still holds
  // need only their last minutes, and only the rows new to it their hour.
  const lastAnswer = useRef<MetricsSnapshot | undefined>(undefined);
  return useQuery({
    queryKey,
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<MetricsSnapshot>(queryKey) ?? lastAnswer.current;
      const answer = await readMetrics(client, keys, before, signal);
      lastAnswer.current = answer;
      return answer;
    },
    enabled: keys.length > 0,
    // Until main has read CloudWatch once (a starting console), ask again soon rather than in a minute.
    refetchInterval: (query) => (query.state.data && !neverRead(query.state.data) ? refreshMs : firstReadMs),
    placeholderData: keepPreviousData,
  });
}

/** The whole hour of services not held yet, the last minutes of those held. */
async function readMetrics(
  client: ConsoleClient,
  keys: readonly string[],
  before: MetricsSnapshot | undefined,
  signal: AbortSignal,
): Promise<MetricsSnapshot> {
  const held = new Map(
    before && !neverRead(before) ? before.services.map((service) => [service.key, service]) : [],
  );
  const heldKeys = keys.filter((key) => held.has(key));
  const since = tailStart(heldKeys.map((key) => held.get(key)!));
  const newKeys = keys.filter((key) => !held.has(key));
  // The channel's schemas load with the first answer, not with the table.
  const { metricsForServices } = await import('../../../shared/ipc/metrics');
  const [tail, whole] = await Promise.all([
    since === null ? null : client.request(metricsForServices, { keys: heldKeys, since }, { signal }),
    newKeys.length === 0 ? null : client.request(metricsForServices, { keys: newKeys }, { signal }),
  ]);
  const latest = tail ?? whole!;
  const services = [
    ...(tail?.services ?? []).map((service) => withTail(held.get(service.key)!, service)),
    ...(whole?.services ?? []),
  ];
  return { environments: latest.environments, services, generatedAt: latest.generatedAt };
}
