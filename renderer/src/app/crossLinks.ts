import { useCallback } from 'react';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { useFleetStore } from '../fleet/fleetStoreContext';
import { useLagStore } from '../kafka/lagStoreContext';
import { navigateToView } from './useViewRoute';

/**
 * The service a consumer group belongs to: by name, in the Kafka cluster's environment
 * when that is known and the fleet has the service there, else the first one by name.
 */
export function findOwnerService(
  services: Iterable<ServiceSummary>,
  serviceName: string,
  environment: string | null,
): ServiceSummary | undefined {
  let byName: ServiceSummary | undefined;
  for (const service of services) {
    if (service.serviceName !== serviceName) continue;
    if (environment === null || service.environment === environment) return service;
    byName ??= service;
  }
  return byName;
}

/** Opens a service's details in the services view; if the fleet lacks it, filters the fleet by its name. */
export function useOpenService(): (serviceName: string, environment: string | null) => void {
  const fleetStore = useFleetStore();
  return useCallback(
    (serviceName, environment) => {
      const fleet = fleetStore.getState();
      const service = findOwnerService(fleet.services.values(), serviceName, environment);
      if (service) {
        if (!fleet.visibleServiceKeys.includes(service.key)) fleet.setFilter('');
        fleetStore.getState().openDetail(service.key);
      } else {
        fleet.setFilter(serviceName);
      }
      navigateToView('services');
    },
    [fleetStore],
  );
}

/** Opens a consumer group's drill-down in the lag view. */
export function useOpenConsumerGroup(): (groupKey: string) => void {
  const lagStore = useLagStore();
  return useCallback(
    (groupKey) => {
      const lag = lagStore.getState();
      if (!lag.visibleGroupKeys.includes(groupKey)) lag.setFilter('');
      lagStore.getState().openDetail(groupKey);
      navigateToView('lag');
    },
    [lagStore],
  );
}
