import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { RequestChannel, RequestOf, ResponseOf } from '../../../shared/ipc/channel';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { useConsoleClient } from './consoleClientContext';

/** How long a catalog's answer serves: the time in which a fleet's membership rarely changes. */
const catalogFreshMs = 10_000;

/**
 * The hooks of one of main's catalogs (every service, every consumer group, by name), for
 * what picks or finds an item anywhere in a collection whose table holds only a window of it:
 * `useCatalog` for a view that lists them, `useReadCatalog` for a one-off lookup (following a
 * link), both from the cache while it is fresh.
 */
export function catalogHooks<C extends RequestChannel, Entry>(
  channel: C & (Record<string, never> extends RequestOf<C> ? unknown : never),
  queryKey: readonly unknown[],
  entriesOf: (response: ResponseOf<C>) => readonly Entry[],
) {
  const query = (client: ConsoleClient) => ({
    queryKey,
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<readonly Entry[]> =>
      entriesOf(await client.request(channel, {} as RequestOf<C>, { signal })),
    staleTime: catalogFreshMs,
  });
  return {
    useCatalog: (): UseQueryResult<readonly Entry[]> => useQuery(query(useConsoleClient())),
    useReadCatalog: (): (() => Promise<readonly Entry[]>) => {
      const client = useConsoleClient();
      const queryClient = useQueryClient();
      return useCallback(() => queryClient.fetchQuery(query(client)), [client, queryClient]);
    },
  };
}
