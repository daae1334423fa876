import type { GroupLagSummary, KafkaClusterStatus, LagSeverity } from './kafkaModel';
import { groupMatchesFilter } from './lagFilter';
import { compareGroups, type LagSort } from './lagSort';

/** One line of the lag table: a Kafka cluster header or a consumer group, in screen order. */
export type LagRow = { kind: 'cluster'; id: string; clusterName: string } | { kind: 'group'; id: string };

/** Groups by severity: the worse of Burrow's status and the console's findings. */
export type GroupSeverityCounts = Readonly<Record<LagSeverity, number>>;

export interface LagView {
  rows: readonly LagRow[];
  /** The groups shown, in screen order: what the keyboard moves through. */
  groupKeys: readonly string[];
}

/**
 * Orders consumer lag for the table: Kafka clusters in the order main reports them, groups
 * within their cluster by the chosen sort. With a filter, only matching groups and the
 * headers above them are shown; without one, every cluster is shown, even one without
 * groups, whose header carries the error that left it empty.
 */
export function buildLagView(
  clusters: Iterable<KafkaClusterStatus>,
  groups: Iterable<GroupLagSummary>,
  filterTerms: readonly string[],
  sort: LagSort,
): LagView {
  const byCluster = new Map<string, GroupLagSummary[]>();
  for (const cluster of clusters) {
    if (!byCluster.has(cluster.name)) byCluster.set(cluster.name, []);
  }
  for (const group of groups) {
    let list = byCluster.get(group.kafkaCluster);
    if (!list) {
      list = [];
      byCluster.set(group.kafkaCluster, list);
    }
    if (groupMatchesFilter(group, filterTerms)) list.push(group);
  }

  const compare = compareGroups(sort);
  const filtering = filterTerms.length > 0;
  const rows: LagRow[] = [];
  const groupKeys: string[] = [];
  for (const [clusterName, list] of byCluster) {
    if (filtering && list.length === 0) continue;
    rows.push({ kind: 'cluster', id: `cluster:${clusterName}`, clusterName });
    list.sort(compare);
    for (const group of list) {
      rows.push({ kind: 'group', id: group.key });
      groupKeys.push(group.key);
    }
  }
  return { rows, groupKeys };
}

/** Every Kafka cluster's groups by severity, a cluster without groups all zero, so its header says so. */
export function countSeveritiesByCluster(
  clusters: Iterable<KafkaClusterStatus>,
  groups: Iterable<GroupLagSummary>,
): Map<string, GroupSeverityCounts> {
  const zero = (): Record<LagSeverity, number> => ({ ok: 0, unknown: 0, warn: 0, error: 0 });
  const counts = new Map<string, Record<LagSeverity, number>>();
  for (const cluster of clusters) counts.set(cluster.name, zero());
  for (const group of groups) {
    let entry = counts.get(group.kafkaCluster);
    if (!entry) counts.set(group.kafkaCluster, (entry = zero()));
    entry[group.severity] += 1;
  }
  return counts;
}
