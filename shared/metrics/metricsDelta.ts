import { compareText } from '../compareText';
import { diffKeyed, type KeyedCollection, type KeyedCollectionSpec } from '../live/keyedCollection';
import { applyKeyedPatch } from '../live/keyedPatch';
import { liveStreamEncoder } from '../live/keyedStream';
import { ecsMetricNames, elbMetricNames } from './metricsModel';
import type {
  MetricsDelta,
  MetricsEvent,
  MetricsGroupStatus,
  MetricsPatch,
  MetricsSnapshot,
  MetricsStreamEvent,
  ScalingActivity,
  ServiceAlarm,
  ServiceMetrics,
} from './metricsModel';

/**
 * The fleet's metrics as a live keyed collection (shared/live), as the fleet and the lag
 * are: services keyed by the fleet's key, grouped by environment, whose `observedAt` follows
 * the environment's `lastSuccessAt` while its reads succeed. A service's series grow at
 * their end and lose their oldest values, so a minute's new values cross alone.
 */

const metricsCollection: KeyedCollectionSpec<ServiceMetrics, MetricsGroupStatus> = {
  itemKey: (service) => service.key,
  groupKey: (group) => group.environment,
  groupKeyOfItem: (service) => service.environment,
  itemFreshness: 'observedAt',
  groupFreshness: 'lastSuccessAt',
  groupCarriesFreshness: (group) => group.state === 'ok',
  appendOnly: [...ecsMetricNames, ...elbMetricNames],
  keyedArrays: {
    alarms: (alarm: ServiceAlarm) => alarm.name,
    scaling: (activity: ScalingActivity) => activity.id,
  },
  mergeGroups: (groups, changed) => {
    const incoming = new Map(changed.map((group) => [group.environment, group]));
    const merged = groups.map((group) => incoming.get(group.environment) ?? group);
    const known = new Set(merged.map((group) => group.environment));
    return [...merged, ...changed.filter((group) => !known.has(group.environment))];
  },
  sortItems: (services, groups) => sortServiceMetrics(services, groups),
};

function collectionOf(snapshot: MetricsSnapshot): KeyedCollection<ServiceMetrics, MetricsGroupStatus> {
  return { groups: snapshot.environments, items: snapshot.services };
}

export function diffMetrics(previous: MetricsSnapshot, next: MetricsSnapshot): MetricsDelta {
  const changes = diffKeyed(metricsCollection, collectionOf(previous), collectionOf(next));
  return {
    upserted: changes.upserted,
    removed: changes.removed,
    clusters: changes.groups,
    generatedAt: next.generatedAt,
  };
}

/** The monitor's events as one subscriber receives them (see `fleetStreamEncoder`). */
export function metricsStreamEncoder(): (event: MetricsEvent) => MetricsStreamEvent[] {
  // The generic patch lets any field append; the stream's schema names the fields that do.
  return liveStreamEncoder<MetricsSnapshot, ServiceMetrics, MetricsGroupStatus>({
    spec: metricsCollection,
    collectionOf,
    withItems: (snapshot, services) => ({ ...snapshot, services }),
    isProblem: (service) => service.alarms.some((alarm) => alarm.state !== 'OK'),
  }) as (event: MetricsEvent) => MetricsStreamEvent[];
}

/** The page's side of `metricsStreamEncoder`: unchanged services stay the very same objects. */
export function applyMetricsPatch(snapshot: MetricsSnapshot, patch: MetricsPatch): MetricsSnapshot {
  const next = applyKeyedPatch(metricsCollection, collectionOf(snapshot), patch);
  return { environments: [...next.groups], services: [...next.items], generatedAt: patch.generatedAt };
}

/** The one order both sides keep: environments as main lists them, then cluster and service by name. */
export function sortServiceMetrics(
  services: readonly ServiceMetrics[],
  groups: readonly Pick<MetricsGroupStatus, 'environment'>[],
): ServiceMetrics[] {
  const position = new Map(groups.map((group, index) => [group.environment, index]));
  const rank = (service: ServiceMetrics) => position.get(service.environment) ?? Number.MAX_SAFE_INTEGER;
  return [...services].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareText(a.clusterName, b.clusterName) ||
      compareText(a.serviceName, b.serviceName) ||
      compareText(a.key, b.key),
  );
}
