import { metricsForServices, metricsServiceActivity, metricsUpdates } from '../../../shared/ipc/metrics';
import { metricsStreamEncoder } from '../../../shared/metrics/metricsDelta';
import { metricsSince } from '../../../shared/metrics/metricsTail';
import type { IpcRouter } from '../ipc/router';
import { subscribeEncoded } from '../streams/liveCollectionStream';
import type { MetricsMonitor } from './metricsMonitor';

/**
 * The metrics' side of the contract: the live stream, the figures of the services a page
 * holds, and one service's alarm changes and scaling activities.
 */
export function registerMetricsHandlers(router: IpcRouter, monitor: MetricsMonitor): void {
  router.registerStream(metricsUpdates, (_params, emit) =>
    subscribeEncoded((listener) => monitor.subscribe(listener), metricsStreamEncoder(), emit),
  );

  router.register(metricsForServices, ({ keys, since }) => {
    const snapshot = monitor.snapshot();
    const wanted = new Set(keys);
    const services = snapshot.services.filter((service) => wanted.has(service.key));
    return {
      ...snapshot,
      services: since === undefined ? services : services.map((service) => metricsSince(service, since)),
    };
  });

  router.register(metricsServiceActivity, ({ serviceKey }, { signal }) =>
    monitor.serviceActivity(serviceKey, { signal }),
  );
}
