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

export interface FleetHandlerOptions {
  now?: () => number;
  /**
   * What else "Refresh now" reads again: CloudWatch's figures and alarms, which the same
   * screens show beside the fleet and would otherwise wait up to a minute for their next read.
   */
  alsoOnRefresh?: () => Promise<void>;
}

/** The fleet's side of the contract: the live streams, the catalog, service details and refresh-now. */
export function registerFleetHandlers(
  router: IpcRouter,
  monitor: FleetMonitor,
  { now = Date.now, alsoOnRefresh }: FleetHandlerOptions = {},
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
    await Promise.all([monitor.refresh(), alsoOnRefresh?.()]);
    return { refreshedAt: now() };
  });
}
