import { applyMetricsPatch, sortServiceMetrics } from '../../../shared/metrics/metricsDelta';
import type {
  MetricsGroupStatus,
  MetricsPatch,
  MetricsSnapshot,
  ServiceMetrics,
} from '../../../shared/metrics/metricsModel';
import type { LiveCollectionKind } from '../app/liveCollection';

/** The fleet's metrics as a live collection, for a view that reads all of them while shown: the topology. */
export const metricsCollection: LiveCollectionKind<
  MetricsSnapshot,
  MetricsPatch,
  ServiceMetrics,
  MetricsGroupStatus
> = {
  itemsOf: (snapshot) => snapshot.services,
  groupsOf: (snapshot) => snapshot.environments,
  itemKey: (service) => service.key,
  groupKey: (environment) => environment.environment,
  itemFreshness: 'observedAt',
  applyPatch: applyMetricsPatch,
  namedKeys: (patch) => [
    ...(patch.added ?? []).map((service) => service.key),
    ...(patch.patched ?? []).map((p) => p.key),
  ],
  removedKeys: (patch) => patch.removed ?? [],
  withMoreItems: (snapshot, more) => ({
    ...snapshot,
    services: sortServiceMetrics([...snapshot.services, ...more], snapshot.environments),
  }),
};
