import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { FleetWindowEvent } from '../../../shared/fleet/fleetWindowModel';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { fleetWindow } from '../../../shared/ipc/fleet';
import { queryKeys } from '../app/queryKeys';
import { useWindowIntoStore } from '../app/useWindowIntoStore';
import type { FleetStore } from './fleetStore';

/**
 * Keeps the fleet store fed from main with the window the table asks for. A changed
 * service's loaded details are refetched, and main's action policy too when a service's
 * deployments changed: a deployment starting or ending is what takes or frees a service's
 * lock, whichever window started it.
 */
export function useFleetStream(client: ConsoleClient, store: FleetStore): void {
  const queryClient = useQueryClient();
  const afterEvent = useCallback(
    (event: FleetWindowEvent, { askedFor }: { askedFor: boolean }) => {
      if (event.type === 'snapshot') {
        // A snapshot that starts the stream over leaves what changed meanwhile unknown.
        if (!askedFor)
          void queryClient.invalidateQueries({ queryKey: queryKeys.actionsPolicy(), exact: true });
        return;
      }
      const { services } = store.getState();
      const { added = [], patched = [], removed = [] } = event.delta;
      const changedKeys = [...added.map((s) => s.key), ...patched.map((p) => p.key)];
      for (const key of changedKeys) {
        const service = services.get(key);
        if (!service) continue;
        const queryKey = queryKeys.serviceDetails(service.clusterName, service.serviceName);
        if (queryClient.getQueryState(queryKey)) {
          void queryClient.invalidateQueries({ queryKey, exact: true });
        }
      }
      const deploymentsMoved =
        added.length > 0 ||
        removed.length > 0 ||
        patched.some(
          (patch) => patch.set?.deployments !== undefined || patch.elements?.deployments !== undefined,
        );
      if (deploymentsMoved) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.actionsPolicy(), exact: true });
      }
    },
    [queryClient, store],
  );
  useWindowIntoStore(client, fleetWindow, store, afterEvent);
}
