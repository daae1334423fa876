import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { FleetEvent } from '../../../shared/fleet/fleetModel';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { fleetUpdates } from '../../../shared/ipc/fleet';
import { queryKeys } from '../app/queryKeys';
import { useStreamIntoStore } from '../app/useStreamIntoStore';
import type { FleetStore } from './fleetStore';

/** Keeps the fleet store fed from main; a changed service's loaded details are refetched. */
export function useFleetStream(client: ConsoleClient, store: FleetStore): void {
  const queryClient = useQueryClient();
  const afterEvent = useCallback(
    (event: FleetEvent) => {
      if (event.type !== 'delta') return;
      for (const service of event.delta.upserted) {
        const queryKey = queryKeys.serviceDetails(service.clusterName, service.serviceName);
        if (queryClient.getQueryState(queryKey)) {
          void queryClient.invalidateQueries({ queryKey, exact: true });
        }
      }
    },
    [queryClient],
  );
  useStreamIntoStore(client, fleetUpdates, store, afterEvent);
}
