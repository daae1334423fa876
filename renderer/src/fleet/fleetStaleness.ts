import type { FleetSnapshot } from '../../../shared/fleet/fleetModel';
import { staleHealthReason } from '../../../shared/fleet/serviceHealth';
import { noConnectionMessage, staleWithoutConnection } from '../app/connectionStaleness';
import { clusterIdOf } from '../../../shared/fleet/fleetView';

/**
 * The fleet as it must read while main cannot be reached: each cluster whose data outlived
 * its poll interval is stale, and so is every service in it. Null when nothing changes.
 */
export function fleetWithoutConnection(snapshot: FleetSnapshot, mainNow: number): FleetSnapshot | null {
  const staleSince = new Map<string, number>();
  const clusters = snapshot.clusters.map((cluster) => {
    const stale = staleWithoutConnection(cluster, cluster.pollIntervalMs, mainNow);
    if (!stale) return cluster;
    staleSince.set(clusterIdOf(cluster.environment, cluster.clusterName), cluster.lastSuccessAt ?? mainNow);
    return stale;
  });
  if (staleSince.size === 0) return null;
  const services = snapshot.services.map((service) => {
    const since = staleSince.get(clusterIdOf(service.environment, service.clusterName));
    if (since === undefined) return service;
    return {
      ...service,
      health: 'stale' as const,
      healthReason: staleHealthReason(mainNow - since, noConnectionMessage),
    };
  });
  return { ...snapshot, clusters, services };
}
