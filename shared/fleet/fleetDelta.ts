import { compareText } from '../compareText';
import {
  applyKeyed,
  diffKeyed,
  isKeyedChangeEmpty,
  type KeyedCollection,
  type KeyedCollectionSpec,
} from '../live/keyedCollection';
import { liveStreamEncoder } from '../live/keyedStream';
import { applyKeyedPatch } from '../live/keyedPatch';
import type {
  ClusterStatus,
  DeploymentSummary,
  FleetDelta,
  FleetEvent,
  FleetPatch,
  FleetSnapshot,
  FleetStreamEvent,
  ServiceSummary,
} from './fleetModel';

/**
 * The fleet as a live keyed collection (shared/live): services keyed by `key`, grouped by
 * cluster, whose `observedAt` follows the cluster's `lastSuccessAt` while it is polled with
 * it. Main keeps the whole fleet and publishes `FleetDelta`s (changed services whole) to its
 * own readers; the page receives `FleetPatch`es (changed fields only).
 * `applyFleetDelta(a, diffFleet(a, b))` and `applyFleetPatch(a, encoded diffFleet(a, b))`
 * both equal `b`.
 *
 * Cluster statuses are always compared in full: they are few, and their times are what
 * the UI shows as the age of the data.
 */

/**
 * The status main shows for an environment whose clusters could not be listed yet.
 * It goes away once the environment's real clusters are known.
 */
export const clusterDiscoveryName = '(cluster discovery)';

export function clusterKey(cluster: Pick<ClusterStatus, 'environment' | 'clusterName'>): string {
  return `${cluster.environment}\u0000${cluster.clusterName}`;
}

export const fleetCollection: KeyedCollectionSpec<ServiceSummary, ClusterStatus> = {
  itemKey: (service) => service.key,
  groupKey: clusterKey,
  groupKeyOfItem: clusterKey,
  itemFreshness: 'observedAt',
  groupFreshness: 'lastSuccessAt',
  groupCarriesFreshness: (cluster) => cluster.state === 'ok',
  keyedArrays: { deployments: (deployment: DeploymentSummary) => deployment.id },
  mergeGroups: mergeClusters,
  sortItems: sortServices,
};

function collectionOf(snapshot: FleetSnapshot): KeyedCollection<ServiceSummary, ClusterStatus> {
  return { groups: snapshot.clusters, items: snapshot.services };
}

export function isFleetDeltaEmpty(delta: FleetDelta): boolean {
  return isKeyedChangeEmpty({ upserted: delta.upserted, removed: delta.removed, groups: delta.clusters });
}

export function diffFleet(previous: FleetSnapshot, next: FleetSnapshot): FleetDelta {
  const changes = diffKeyed(fleetCollection, collectionOf(previous), collectionOf(next));
  return {
    upserted: changes.upserted,
    removed: changes.removed,
    clusters: changes.groups,
    generatedAt: next.generatedAt,
  };
}

export function applyFleetDelta(snapshot: FleetSnapshot, delta: FleetDelta): FleetSnapshot {
  const next = applyKeyed(fleetCollection, collectionOf(snapshot), {
    upserted: delta.upserted,
    removed: delta.removed,
    groups: delta.clusters,
  });
  return { clusters: [...next.groups], services: [...next.items], generatedAt: delta.generatedAt };
}

/**
 * Turns the monitor's events into what the page receives, for one subscriber: the snapshot
 * in pages, problems first, all sent before any delta; each delta as a patch against what
 * this subscriber already holds, or nothing when it leaves nothing to send.
 */
export function fleetStreamEncoder(): (event: FleetEvent) => FleetStreamEvent[] {
  // The generic patch lets any field append; the stream's schema names the fields that do.
  return liveStreamEncoder<FleetSnapshot, ServiceSummary, ClusterStatus>({
    spec: fleetCollection,
    collectionOf,
    withItems: (snapshot, services) => ({ ...snapshot, services }),
    isProblem: (service) => service.health !== 'healthy',
  }) as (event: FleetEvent) => FleetStreamEvent[];
}

/** The page's side of `fleetStreamEncoder`: unchanged services stay the very same objects. */
export function applyFleetPatch(snapshot: FleetSnapshot, patch: FleetPatch): FleetSnapshot {
  const next = applyKeyedPatch(fleetCollection, collectionOf(snapshot), patch);
  return { clusters: [...next.groups], services: [...next.items], generatedAt: patch.generatedAt };
}

/** A new cluster joins its environment's group, where main lists it too; discovery placeholders leave once real clusters are known. */
function mergeClusters(
  clusters: readonly ClusterStatus[],
  changed: readonly ClusterStatus[],
): ClusterStatus[] {
  const incoming = new Map(changed.map((c) => [clusterKey(c), c]));
  const merged = clusters.map((c) => incoming.get(clusterKey(c)) ?? c);
  const known = new Set(merged.map(clusterKey));
  for (const cluster of changed) {
    if (known.has(clusterKey(cluster))) continue;
    const lastOfEnvironment = merged.findLastIndex((c) => c.environment === cluster.environment);
    if (lastOfEnvironment < 0) merged.push(cluster);
    else merged.splice(lastOfEnvironment + 1, 0, cluster);
  }
  const environmentsWithRealClusters = new Set(
    merged.filter((c) => c.clusterName !== clusterDiscoveryName).map((c) => c.environment),
  );
  return merged.filter(
    (c) => !(c.clusterName === clusterDiscoveryName && environmentsWithRealClusters.has(c.environment)),
  );
}

/** The one order both sides keep: clusters as main lists them, services by name within a cluster. */
export function sortServices(
  services: ServiceSummary[],
  clusters: readonly ClusterStatus[],
): ServiceSummary[] {
  const position = new Map(clusters.map((c, index) => [clusterKey(c), index]));
  const rank = (s: ServiceSummary) => position.get(clusterKey(s)) ?? Number.MAX_SAFE_INTEGER;
  return [...services].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareText(a.clusterName, b.clusterName) ||
      compareText(a.serviceName, b.serviceName) ||
      compareText(a.key, b.key),
  );
}
