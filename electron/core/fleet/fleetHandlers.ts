import { fleetRefresh, fleetServiceDetails, fleetUpdates } from '../../../shared/ipc/fleet';
import { fleetStreamEncoder } from '../../../shared/fleet/fleetDelta';
import type { IpcRouter } from '../ipc/router';
import { subscribeEncoded } from '../streams/liveCollectionStream';
import type { FleetMonitor } from './fleetMonitor';

/** The fleet's side of the contract: the live stream, service details and refresh-now. */
export function registerFleetHandlers(
  router: IpcRouter,
  monitor: FleetMonitor,
  now: () => number = Date.now,
): void {
  router.registerStream(fleetUpdates, (_params, emit) =>
    subscribeEncoded((listener) => monitor.subscribe(listener), fleetStreamEncoder(), emit),
  );

  router.register(fleetServiceDetails, ({ clusterName, serviceName }, { signal }) =>
    monitor.serviceDetails(clusterName, serviceName, { signal }),
  );

  router.register(fleetRefresh, async () => {
    await monitor.refresh();
    return { refreshedAt: now() };
  });
}
