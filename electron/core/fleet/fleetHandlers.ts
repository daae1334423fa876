import {
  fleetCatalog,
  fleetRefresh,
  fleetServiceDetails,
  fleetUpdates,
  fleetWindow,
} from '../../../shared/ipc/fleet';
import { fleetStreamEncoder } from '../../../shared/fleet/fleetDelta';
import { fleetWindowEncoder } from '../../../shared/fleet/fleetWindow';
import type { IpcRouter } from '../ipc/router';
import { subscribeEncoded } from '../streams/liveCollectionStream';
import type { FleetMonitor } from './fleetMonitor';

/** The fleet's side of the contract: the live streams, the catalog, service details and refresh-now. */
export function registerFleetHandlers(
  router: IpcRouter,
  monitor: FleetMonitor,
  now: () => number = Date.now,
): void {
  router.registerStream(fleetUpdates, (_params, emit) =>
    subscribeEncoded((listener) => monitor.subscribe(listener), fleetStreamEncoder(), emit),
  );

  router.registerStream(fleetWindow, (request, emit) =>
    subscribeEncoded(
      (listener) => monitor.subscribe(listener),
      fleetWindowEncoder(request, () => monitor.snapshot()),
      emit,
    ),
  );

  router.register(fleetCatalog, () => ({
    services: monitor.snapshot().services.map(({ key, environment, clusterName, serviceName, health }) => ({
      key,
      environment,
      clusterName,
      serviceName,
      health,
    })),
  }));

  router.register(fleetServiceDetails, ({ clusterName, serviceName }, { signal }) =>
    monitor.serviceDetails(clusterName, serviceName, { signal }),
  );

  router.register(fleetRefresh, async () => {
    await monitor.refresh();
    return { refreshedAt: now() };
  });
}
