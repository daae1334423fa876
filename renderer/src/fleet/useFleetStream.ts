import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FleetWindowEvent } from '../../../shared/fleet/fleetWindow';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { fleetWindow } from '../../../shared/ipc/fleet';
import { queryKeys } from '../app/queryKeys';
import { useStreamIntoStore } from '../app/useStreamIntoStore';
import type { FleetStore } from './fleetStore';

/**
 * How long the table's request must stay the same before the window is asked for again: a
 * held arrow key or a word being typed asks once, when it settles, not at every step.
 */
const requestSettleMs = 120;

/**
 * Keeps the fleet store fed from main with the window the table asks for. A changed
 * service's loaded details are refetched, and main's action policy too when a service's
 * deployments changed: a deployment starting or ending is what takes or frees a service's
 * lock, whichever window started it.
 */
export function useFleetStream(client: ConsoleClient, store: FleetStore): void {
  const queryClient = useQueryClient();
  const request = useSettledRequest(store);
  /** A snapshot that answers the page's own new request says nothing new about the locks. */
  const askedFor = useRef(false);
  useEffect(() => {
    askedFor.current = true;
  }, [request]);

  const afterEvent = useCallback(
    (event: FleetWindowEvent) => {
      if (event.type === 'snapshot') {
        store.getState().answeredBy(request);
        // A snapshot that starts the stream over (a reconnection, main restarted) leaves what changed meanwhile unknown.
        if (!askedFor.current) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.actionsPolicy(), exact: true });
        }
        askedFor.current = false;
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
    [queryClient, store, request],
  );
  useStreamIntoStore(client, fleetWindow, request, store, afterEvent);
}

/** The store's window request, once it has stayed the same for `requestSettleMs`. */
function useSettledRequest(store: FleetStore) {
  const [request, setRequest] = useState(() => store.getState().request);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.request === previous.request) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setRequest(store.getState().request), requestSettleMs);
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  }, [store]);
  return request;
}
