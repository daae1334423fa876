import { compareText } from '../compareText';
import { deepEqual } from '../deepEqual';
import type { ClusterStatus, FleetDelta, FleetSnapshot, ServiceSummary } from './fleetModel';

/**
 * Main keeps the whole fleet; the renderer keeps a copy patched by deltas. `diffFleet`
 * (main) and `applyFleetDelta` (renderer) are written together so that
 * `applyFleetDelta(a, diffFleet(a, b))` equals `b`.
 *
 * A service whose only change is `observedAt` is not sent: every successful poll moves it
 * for every service, so sending it would turn each delta back into a snapshot. Freshness
 * travels once per cluster instead, as `ClusterStatus.lastSuccessAt`, and applying a
 * cluster status carries it over to that cluster's services (the monitor keeps
 * `observedAt` equal to the cluster's `lastSuccessAt`).
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

export function isFleetDeltaEmpty(delta: FleetDelta): boolean {
  return delta.upserted.length === 0 && delta.removed.length === 0 && delta.clusters.length === 0;
}

export function diffFleet(previous: FleetSnapshot, next: FleetSnapshot): FleetDelta {
  const before = new Map(previous.services.map((s) => [s.key, s]));
  const upserted = next.services.filter((service) => {
    const old = before.get(service.key);
    // Main reuses the objects of clusters that were not polled, so most services are the very same object.
    if (old === service) return false;
    return !old || !sameServiceIgnoringObservedAt(old, service);
  });
  const nextKeys = new Set(next.services.map((s) => s.key));
  const removed = previous.services.filter((s) => !nextKeys.has(s.key)).map((s) => s.key);

  const clustersBefore = new Map(previous.clusters.map((c) => [clusterKey(c), c]));
  const clusters = next.clusters.filter((cluster) => {
    const old = clustersBefore.get(clusterKey(cluster));
    return !old || (old !== cluster && !deepEqual(old, cluster));
  });

  return { upserted, removed, clusters, generatedAt: next.generatedAt };
}

export function applyFleetDelta(snapshot: FleetSnapshot, delta: FleetDelta): FleetSnapshot {
  let clusters = snapshot.clusters;
  if (delta.clusters.length > 0) {
    const incoming = new Map(delta.clusters.map((c) => [clusterKey(c), c]));
    clusters = snapshot.clusters.map((c) => incoming.get(clusterKey(c)) ?? c);
    const known = new Set(clusters.map(clusterKey));
    // A new cluster joins its environment's group, where main lists it too.
    for (const cluster of delta.clusters) {
      if (known.has(clusterKey(cluster))) continue;
      const lastOfEnvironment = clusters.findLastIndex((c) => c.environment === cluster.environment);
      if (lastOfEnvironment < 0) clusters.push(cluster);
      else clusters.splice(lastOfEnvironment + 1, 0, cluster);
    }
    const environmentsWithRealClusters = new Set(
      clusters.filter((c) => c.clusterName !== clusterDiscoveryName).map((c) => c.environment),
    );
    clusters = clusters.filter(
      (c) => !(c.clusterName === clusterDiscoveryName && environmentsWithRealClusters.has(c.environment)),
    );
  }

  const removed = new Set(delta.removed);
  const upserts = new Map(delta.upserted.map((s) => [s.key, s]));
  const freshness = new Map(
    delta.clusters
      .filter((c) => c.state === 'ok' && c.lastSuccessAt !== null)
      .map((c) => [clusterKey(c), c.lastSuccessAt!]),
  );

  const services: ServiceSummary[] = [];
  for (const service of snapshot.services) {
    if (removed.has(service.key)) continue;
    const replacement = upserts.get(service.key);
    if (replacement) {
      services.push(replacement);
      upserts.delete(service.key);
      continue;
    }
    const observedAt = freshness.get(clusterKey(service));
    services.push(
      observedAt !== undefined && observedAt > service.observedAt ? { ...service, observedAt } : service,
    );
  }
  services.push(...upserts.values());

  return { clusters, services: sortServices(services, clusters), generatedAt: delta.generatedAt };
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

function sameServiceIgnoringObservedAt(a: ServiceSummary, b: ServiceSummary): boolean {
  return deepEqual({ ...a, observedAt: 0 }, { ...b, observedAt: 0 });
}
