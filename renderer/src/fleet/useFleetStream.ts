import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ServiceSummary } from '../../../shared/fleet/model';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { fleetUpdates } from '../../../shared/ipc/fleet';
import { queryKeys } from '../app/queryKeys';
import type { FleetStore } from './fleetStore';

const firstRetryDelayMs = 1_000;
const longestRetryDelayMs = 15_000;

/**
 * Keeps the fleet store fed from main. A dropped connection is the transport's business
 * (it re-subscribes on reconnect); this handles the stream itself ending, which main does
 * when it fails: the reason goes on screen and the stream is re-opened after a delay that
 * grows while it keeps failing.
 */
export function useFleetStream(client: ConsoleClient, store: FleetStore): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let failures = 0;

    const open = () => {
      retryTimer = null;
      unsubscribe = client.subscribe(
        fleetUpdates,
        {},
        (event) => {
          failures = 0;
          store.getState().receive(event, Date.now());
          if (event.type === 'delta') refreshOpenDetails(queryClient, event.delta.upserted);
        },
        (error) => {
          unsubscribe = null;
          if (stopped) return;
          failures += 1;
          const delayMs = Math.min(firstRetryDelayMs * 2 ** (failures - 1), longestRetryDelayMs);
          store
            .getState()
            .setStreamError(error ?? { code: 'UNAVAILABLE', message: 'The fleet stream ended.' });
          retryTimer = setTimeout(open, delayMs);
        },
      );
    };

    open();
    return () => {
      stopped = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      unsubscribe?.();
    };
  }, [client, store, queryClient]);
}

/** A changed service may have new events or tasks: refetch its details if they are loaded. */
function refreshOpenDetails(queryClient: QueryClient, changed: readonly ServiceSummary[]): void {
  for (const service of changed) {
    const queryKey = queryKeys.serviceDetails(service.clusterName, service.serviceName);
    if (queryClient.getQueryState(queryKey)) {
      void queryClient.invalidateQueries({ queryKey, exact: true });
    }
  }
}
