import { compareText } from '../compareText';
import type { ClusterStatus, HealthState, ServiceSummary } from './fleetModel';
import { clusterKey } from './fleetDelta';
import { serviceMatchesFilter } from './fleetFilter';

/** One line of the service table: a group header or a service, in screen order. */
export type FleetRow =
  | { kind: 'environment'; id: string; environment: string }
  | { kind: 'cluster'; id: string; clusterId: string; clusterName: string }
  | { kind: 'service'; id: string };

export type HealthCounts = Readonly<Record<HealthState, number>>;

export interface FleetView {
  rows: readonly FleetRow[];
  /** The services shown, in screen order: what the keyboard moves through. */
  serviceKeys: readonly string[];
}

/** Cluster names are unique within an environment, not necessarily across them. */
export function clusterIdOf(environment: string, clusterName: string): string {
  return clusterKey({ environment, clusterName });
}

/**
 * Orders the fleet for the table: environments and clusters in the order main reports
 * them, services by name within their cluster (a stable order, so a service changing
 * health never moves under the cursor). With a filter, only matching services and the
 * headers above them are shown; without one, every cluster is shown, even an empty one
 * whose header carries the error that left it empty.
 */
export function buildFleetView(
  clusters: readonly ClusterStatus[],
  services: Iterable<ServiceSummary>,
  filterTerms: readonly string[],
): FleetView {
  const byCluster = new Map<string, ServiceSummary[]>();
  const clusterOrder: { id: string; environment: string; clusterName: string }[] = [];
  for (const cluster of clusters) {
    const id = clusterIdOf(cluster.environment, cluster.clusterName);
    if (byCluster.has(id)) continue;
    byCluster.set(id, []);
    clusterOrder.push({ id, environment: cluster.environment, clusterName: cluster.clusterName });
  }
  for (const service of services) {
    const id = clusterIdOf(service.environment, service.clusterName);
    let group = byCluster.get(id);
    if (!group) {
      group = [];
      byCluster.set(id, group);
      clusterOrder.push({ id, environment: service.environment, clusterName: service.clusterName });
    }
    if (serviceMatchesFilter(service, filterTerms)) group.push(service);
  }

  // Environments keep the position of their first cluster; clusters stay in order within them.
  const environments = new Map<string, { id: string; clusterName: string }[]>();
  for (const { id, environment, clusterName } of clusterOrder) {
    const list = environments.get(environment);
    if (list) list.push({ id, clusterName });
    else environments.set(environment, [{ id, clusterName }]);
  }

  const filtering = filterTerms.length > 0;
  const rows: FleetRow[] = [];
  const serviceKeys: string[] = [];
  for (const [environment, environmentClusters] of environments) {
    const shownClusters = filtering
      ? environmentClusters.filter(({ id }) => (byCluster.get(id)?.length ?? 0) > 0)
      : environmentClusters;
    if (shownClusters.length === 0) continue;
    rows.push({ kind: 'environment', id: `environment:${environment}`, environment });
    for (const { id: clusterId, clusterName } of shownClusters) {
      rows.push({ kind: 'cluster', id: `cluster:${clusterId}`, clusterId, clusterName });
      const group = byCluster.get(clusterId) ?? [];
      group.sort((a, b) => compareText(a.serviceName, b.serviceName));
      for (const service of group) {
        rows.push({ kind: 'service', id: service.key });
        serviceKeys.push(service.key);
      }
    }
  }
  return { rows, serviceKeys };
}

/** Every cluster's counts by cluster id, an empty cluster's all zero, so a cluster that lost its services says so. */
export function countHealthByCluster(
  clusters: readonly ClusterStatus[],
  services: Iterable<ServiceSummary>,
): Map<string, HealthCounts> {
  const zero = (): Record<HealthState, number> => ({
    healthy: 0,
    deploying: 0,
    degraded: 0,
    failed: 0,
    stale: 0,
  });
  const counts = new Map<string, Record<HealthState, number>>();
  for (const cluster of clusters) counts.set(clusterIdOf(cluster.environment, cluster.clusterName), zero());
  for (const service of services) {
    const id = clusterIdOf(service.environment, service.clusterName);
    let entry = counts.get(id);
    if (!entry) counts.set(id, (entry = zero()));
    entry[service.health] += 1;
  }
  return counts;
}

/** How many services the counts count, whatever their health. */
export function countedServices(counts: HealthCounts): number {
  return counts.healthy + counts.deploying + counts.degraded + counts.failed + counts.stale;
}
