import { applyMetricsPatch, sortServiceMetrics } from '../../../shared/metrics/metricsDelta';
import type {
  MetricsGroupStatus,
  MetricsPatch,
  MetricsSnapshot,
  ServiceMetrics,
} from '../../../shared/metrics/metricsModel';
import { keyedCollectionKind } from '../app/liveCollection';

/** The fleet's metrics as a live collection, for a view that reads all of them while shown: the topology. */
export const metricsCollection = keyedCollectionKind<
  MetricsSnapshot,
  MetricsPatch,
  ServiceMetrics,
  MetricsGroupStatus
>({
  itemsOf: (snapshot) => snapshot.services,
  groupsOf: (snapshot) => snapshot.environments,
  groupKey: (environment) => environment.environment,
  applyPatch: applyMetricsPatch,
  withSortedItems: (snapshot, services) => ({
    ...snapshot,
    services: sortServiceMetrics(services, snapshot.environments),
  }),
});
