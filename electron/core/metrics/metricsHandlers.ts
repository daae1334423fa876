import { metricsServiceActivity, metricsUpdates } from '../../../shared/ipc/metrics';
import { metricsStreamEncoder } from '../../../shared/metrics/metricsDelta';
import type { IpcRouter } from '../ipc/router';
import { subscribeEncoded } from '../streams/liveCollectionStream';
import type { MetricsMonitor } from './metricsMonitor';

/** The metrics' side of the contract: the live stream, and one service's alarm changes and scaling activities. */
export function registerMetricsHandlers(router: IpcRouter, monitor: MetricsMonitor): void {
  router.registerStream(metricsUpdates, (_params, emit) =>
    subscribeEncoded((listener) => monitor.subscribe(listener), metricsStreamEncoder(), emit),
  );

  router.register(metricsServiceActivity, ({ serviceKey }, { signal }) =>
    monitor.serviceActivity(serviceKey, { signal }),
  );
}
