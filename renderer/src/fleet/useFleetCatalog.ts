import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { fleetCatalog, type ServiceEntry } from '../../../shared/ipc/fleet';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';

/**
 * Every service of the fleet by name (shared/ipc/fleet.ts `fleetCatalog`), for what picks
 * or finds a service anywhere in it: the pickers, the palette, a link. The services table
 * holds only its window, so these ask main; an answer serves for a few seconds, the time
 * in which a fleet's membership rarely changes.
 */
function catalogQuery(client: ConsoleClient) {
  return {
    queryKey: queryKeys.fleetCatalog(),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<readonly ServiceEntry[]> =>
      (await client.request(fleetCatalog, {}, { signal })).services,
    staleTime: 10_000,
  };
}

export function useFleetCatalog(): UseQueryResult<readonly ServiceEntry[]> {
  return useQuery(catalogQuery(useConsoleClient()));
}

/** Reads the catalog when it is needed once (following a link, opening the palette), from the cache while fresh. */
export function useReadFleetCatalog(): () => Promise<readonly ServiceEntry[]> {
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.fetchQuery(catalogQuery(client)), [client, queryClient]);
}
