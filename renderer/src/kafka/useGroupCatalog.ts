import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { kafkaGroupCatalog, type GroupEntry } from '../../../shared/ipc/kafka';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';

/**
 * Every consumer group by name (shared/ipc/kafka.ts `kafkaGroupCatalog`), for what finds a
 * group anywhere (the palette, the Sandbox menu, a link): the lag table holds only its window.
 * An answer serves for a few seconds, as the fleet's catalog does.
 */
function groupCatalogQuery(client: ConsoleClient) {
  return {
    queryKey: queryKeys.groupCatalog(),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<readonly GroupEntry[]> =>
      (await client.request(kafkaGroupCatalog, {}, { signal })).groups,
    staleTime: 10_000,
  };
}

export function useGroupCatalog(): UseQueryResult<readonly GroupEntry[]> {
  return useQuery(groupCatalogQuery(useConsoleClient()));
}

/** Reads the catalog when it is needed once (following a link), from the cache while fresh. */
export function useReadGroupCatalog(): () => Promise<readonly GroupEntry[]> {
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.fetchQuery(groupCatalogQuery(client)), [client, queryClient]);
}
