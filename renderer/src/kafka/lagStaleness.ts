import type { LagSnapshot } from '../../../shared/kafka/kafkaModel';
import { staleWithoutConnection } from '../app/connectionStaleness';

/**
 * Consumer lag as it must read while main cannot be reached: each Kafka cluster whose data
 * outlived its refresh interval is stale. Null when nothing changes.
 */
export function lagWithoutConnection(snapshot: LagSnapshot, mainNow: number): LagSnapshot | null {
  let changed = false;
  const clusters = snapshot.clusters.map((cluster) => {
    const stale = staleWithoutConnection(cluster, cluster.refreshIntervalMs, mainNow);
    if (stale) changed = true;
    return stale ?? cluster;
  });
  return changed ? { ...snapshot, clusters } : null;
}
