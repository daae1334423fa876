import { useCallback } from 'react';
import type { ServiceEntry } from '../../../shared/ipc/fleet';
import { useFleetStore } from '../fleet/fleetStoreContext';
import { useReadFleetCatalog } from '../fleet/useFleetCatalog';
import { useLagStore } from '../kafka/lagStoreContext';
import { navigateToView } from './useViewRoute';

/**
 * The service a consumer group belongs to: by name, in the Kafka cluster's environment
 * when that is known and the fleet has the service there, else the first one by name.
 */
export function findOwnerService<Service extends Pick<ServiceEntry, 'serviceName' | 'environment'>>(
  services: Iterable<Service>,
  serviceName: string,
  environment: string | null,
): Service | undefined {
  let byName: Service | undefined;
  for (const service of services) {
    if (service.serviceName !== serviceName) continue;
    if (environment === null || service.environment === environment) return service;
    byName ??= service;
  }
  return byName;
}

/**
 * Opens a service's details in the services view, the table moved to it; if the fleet lacks
 * it (or main cannot be asked), filters the fleet by its name.
 */
export function useOpenService(): (serviceName: string, environment: string | null) => void {
  const fleetStore = useFleetStore();
  const readCatalog = useReadFleetCatalog();
  return useCallback(
    (serviceName, environment) => {
      navigateToView('services');
      readCatalog().then(
        (catalog) => openFound(findOwnerService(catalog, serviceName, environment)),
        () => openFound(undefined),
      );
      function openFound(service: ServiceEntry | undefined) {
        const fleet = fleetStore.getState();
        if (!service) {
          fleet.setFilter(serviceName);
          return;
        }
        fleet.openFromElsewhere(service.key);
      }
    },
    [fleetStore, readCatalog],
  );
}

/** Opens a consumer group's drill-down in the lag view. */
export function useOpenConsumerGroup(): (groupKey: string) => void {
  const lagStore = useLagStore();
  return useCallback(
    (groupKey) => {
      lagStore.getState().openFromElsewhere(groupKey);
      navigateToView('lag');
    },
    [lagStore],
  );
}
