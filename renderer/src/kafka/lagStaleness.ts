import type { LagSnapshot } from '../../../shared/kafka/kafkaModel';
import { noConnectionMessage, outlivedItsInterval } from '../app/connectionStaleness';

/**
 * Consumer lag as it must read while main cannot be reached: each Kafka cluster whose data
 * outlived its refresh interval is stale. Null when nothing changes.
 */
export function lagWithoutConnection(snapshot: LagSnapshot, mainNow: number): LagSnapshot | null {
  let changed = false;
  const clusters = snapshot.clusters.map((cluster) => {
    if (cluster.state !== 'ok' || cluster.lastSuccessAt === null) return cluster;
    if (!outlivedItsInterval(cluster.lastSuccessAt, cluster.refreshIntervalMs, mainNow)) return cluster;
    changed = true;
    return {
      ...cluster,
      state: 'stale' as const,
      error: { code: 'UNAVAILABLE' as const, message: noConnectionMessage },
    };
  });
  return changed ? { ...snapshot, clusters } : null;
}
