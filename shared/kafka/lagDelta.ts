import { compareText } from '../compareText';
import { deepEqual } from '../deepEqual';
import type { GroupLagSummary, KafkaClusterStatus, LagDelta, LagSnapshot } from './kafkaModel';

/**
 * Main keeps every group's lag; the renderer keeps a copy patched by deltas, as it does for
 * the fleet (`shared/fleet/fleetDelta.ts`, whose approach and equality this follows).
 * `diffLag` (main) and `applyLagDelta` (renderer) are written together so that
 * `applyLagDelta(a, diffLag(a, b))` equals `b` when `b`'s groups are in `sortLagGroups` order.
 *
 * A group whose only change is `observedAt` is not sent: every refresh moves it for every
 * group. Freshness travels once per cluster instead, as `KafkaClusterStatus.lastSuccessAt`,
 * and applying a cluster status carries it over to that cluster's groups (the monitor keeps
 * `observedAt` equal to its cluster's `lastSuccessAt`). A quiet group's sparkline does not
 * move either (see `LagHistory`), so a quiet group is not in the delta at all.
 *
 * Clusters come from configuration and are always listed whole; a cluster that leaves the
 * configuration leaves with a new snapshot.
 */

export function isLagDeltaEmpty(delta: LagDelta): boolean {
  return delta.upserted.length === 0 && delta.removed.length === 0 && delta.clusters.length === 0;
}

export function diffLag(previous: LagSnapshot, next: LagSnapshot): LagDelta {
  const before = new Map(previous.groups.map((g) => [g.key, g]));
  const upserted = next.groups.filter((group) => {
    const old = before.get(group.key);
    if (old === group) return false;
    return !old || !sameGroupIgnoringObservedAt(old, group);
  });
  const nextKeys = new Set(next.groups.map((g) => g.key));
  const removed = previous.groups.filter((g) => !nextKeys.has(g.key)).map((g) => g.key);

  const clustersBefore = new Map(previous.clusters.map((c) => [c.name, c]));
  const clusters = next.clusters.filter((cluster) => {
    const old = clustersBefore.get(cluster.name);
    return !old || (old !== cluster && !deepEqual(old, cluster));
  });

  return { upserted, removed, clusters, generatedAt: next.generatedAt };
}

export function applyLagDelta(snapshot: LagSnapshot, delta: LagDelta): LagSnapshot {
  let clusters = snapshot.clusters;
  if (delta.clusters.length > 0) {
    const incoming = new Map(delta.clusters.map((c) => [c.name, c]));
    clusters = snapshot.clusters.map((c) => incoming.get(c.name) ?? c);
    const known = new Set(clusters.map((c) => c.name));
    clusters.push(...delta.clusters.filter((c) => !known.has(c.name)));
  }

  const removed = new Set(delta.removed);
  const upserts = new Map(delta.upserted.map((g) => [g.key, g]));
  const freshness = new Map(
    delta.clusters
      .filter((c) => c.state === 'ok' && c.lastSuccessAt !== null)
      .map((c) => [c.name, c.lastSuccessAt!]),
  );

  const groups: GroupLagSummary[] = [];
  for (const group of snapshot.groups) {
    if (removed.has(group.key)) continue;
    const replacement = upserts.get(group.key);
    if (replacement) {
      groups.push(replacement);
      upserts.delete(group.key);
      continue;
    }
    const observedAt = freshness.get(group.kafkaCluster);
    groups.push(observedAt !== undefined && observedAt > group.observedAt ? { ...group, observedAt } : group);
  }
  groups.push(...upserts.values());

  return { clusters, groups: sortLagGroups(groups, clusters), generatedAt: delta.generatedAt };
}

/** The one order both sides keep: clusters as main lists them, groups by id within a cluster. */
export function sortLagGroups(
  groups: readonly GroupLagSummary[],
  clusters: readonly Pick<KafkaClusterStatus, 'name'>[],
): GroupLagSummary[] {
  const position = new Map(clusters.map((c, index) => [c.name, index]));
  const rank = (g: GroupLagSummary) => position.get(g.kafkaCluster) ?? Number.MAX_SAFE_INTEGER;
  return [...groups].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareText(a.kafkaCluster, b.kafkaCluster) ||
      compareText(a.groupId, b.groupId) ||
      compareText(a.key, b.key),
  );
}

function sameGroupIgnoringObservedAt(a: GroupLagSummary, b: GroupLagSummary): boolean {
  return deepEqual({ ...a, observedAt: 0 }, { ...b, observedAt: 0 });
}
