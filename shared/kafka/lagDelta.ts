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
  ConsoleFinding,
  GroupLagSummary,
  KafkaClusterStatus,
  LagDelta,
  LagEvent,
  LagPatch,
  LagSnapshot,
  LagStreamEvent,
} from './kafkaModel';

/**
 * Consumer lag as a live keyed collection (shared/live), as the fleet is
 * (`shared/fleet/fleetDelta.ts`): groups keyed by `key`, grouped by Kafka cluster, whose
 * `observedAt` follows the cluster's `lastSuccessAt`. Main's own readers get `LagDelta`s
 * (changed groups whole); the page gets `LagPatch`es, where a group's sparkline `history`
 * travels as the points added and how many fell off, never whole again. A quiet group's
 * sparkline does not move either (see `LagHistory`), so a quiet group is not sent at all.
 *
 * Clusters come from configuration and are always listed whole; a cluster that leaves the
 * configuration leaves with a new snapshot.
 */

export const lagCollection: KeyedCollectionSpec<GroupLagSummary, KafkaClusterStatus> = {
  itemKey: (group) => group.key,
  groupKey: (cluster) => cluster.name,
  groupKeyOfItem: (group) => group.kafkaCluster,
  itemFreshness: 'observedAt',
  groupFreshness: 'lastSuccessAt',
  groupCarriesFreshness: (cluster) => cluster.state === 'ok',
  appendOnly: ['history'],
  keyedArrays: { findings: (finding: ConsoleFinding) => finding.kind },
  mergeGroups: (clusters, changed) => {
    const incoming = new Map(changed.map((c) => [c.name, c]));
    const merged = clusters.map((c) => incoming.get(c.name) ?? c);
    const known = new Set(merged.map((c) => c.name));
    return [...merged, ...changed.filter((c) => !known.has(c.name))];
  },
  sortItems: (groups, clusters) => sortLagGroups(groups, clusters),
};

function collectionOf(snapshot: LagSnapshot): KeyedCollection<GroupLagSummary, KafkaClusterStatus> {
  return { groups: snapshot.clusters, items: snapshot.groups };
}

export function isLagDeltaEmpty(delta: LagDelta): boolean {
  return isKeyedChangeEmpty({ upserted: delta.upserted, removed: delta.removed, groups: delta.clusters });
}

export function diffLag(previous: LagSnapshot, next: LagSnapshot): LagDelta {
  const changes = diffKeyed(lagCollection, collectionOf(previous), collectionOf(next));
  return {
    upserted: changes.upserted,
    removed: changes.removed,
    clusters: changes.groups,
    generatedAt: next.generatedAt,
  };
}

export function applyLagDelta(snapshot: LagSnapshot, delta: LagDelta): LagSnapshot {
  const next = applyKeyed(lagCollection, collectionOf(snapshot), {
    upserted: delta.upserted,
    removed: delta.removed,
    groups: delta.clusters,
  });
  return { clusters: [...next.groups], groups: [...next.items], generatedAt: delta.generatedAt };
}

/** The lag monitor's events as one subscriber receives them (see `fleetStreamEncoder`). */
export function lagStreamEncoder(): (event: LagEvent) => LagStreamEvent[] {
  // The generic patch lets any field append; the stream's schema names the fields that do.
  return liveStreamEncoder<LagSnapshot, GroupLagSummary, KafkaClusterStatus>({
    spec: lagCollection,
    collectionOf,
    withItems: (snapshot, groups) => ({ ...snapshot, groups }),
    isProblem: (group) => group.severity !== 'ok',
  }) as (event: LagEvent) => LagStreamEvent[];
}

/** The page's side of `lagStreamEncoder`: unchanged groups stay the very same objects. */
export function applyLagPatch(snapshot: LagSnapshot, patch: LagPatch): LagSnapshot {
  const next = applyKeyedPatch(lagCollection, collectionOf(snapshot), patch);
  return { clusters: [...next.groups], groups: [...next.items], generatedAt: patch.generatedAt };
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
