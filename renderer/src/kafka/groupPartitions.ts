import type { ConsoleFindingKind, PartitionLag, PartitionStatus } from '../../../shared/kafka/kafkaModel';

export interface TopicLag {
  topic: string;
  partitions: number;
  /** Sum over partitions with a commit. */
  lag: number;
  withoutCommit: number;
  /** The worst of Burrow's partition statuses on this topic. */
  worst: PartitionStatus;
  /** The console's findings on any partition of this topic. */
  findings: ConsoleFindingKind[];
}

/** Burrow's status constants, least to most bad. */
const partitionSeverity: Readonly<Record<PartitionStatus, number>> = {
  OK: 0,
  WARN: 1,
  STOP: 2,
  STALL: 3,
  REWIND: 4,
};

/** By topic, then partition number: how a reader looks a partition up. */
export function sortPartitions(partitions: readonly PartitionLag[]): PartitionLag[] {
  return [...partitions].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
}

/**
 * One line per topic of the group: partitions, lag, partitions never committed, Burrow's
 * worst status and the console's findings. Topics the group names without partitions in `partitions` still get a line.
 */
export function summarizeTopics(topics: readonly string[], partitions: readonly PartitionLag[]): TopicLag[] {
  const byTopic = new Map<string, TopicLag>();
  for (const topic of topics) {
    byTopic.set(topic, { topic, partitions: 0, lag: 0, withoutCommit: 0, worst: 'OK', findings: [] });
  }
  for (const partition of partitions) {
    let entry = byTopic.get(partition.topic);
    if (!entry) {
      entry = { topic: partition.topic, partitions: 0, lag: 0, withoutCommit: 0, worst: 'OK', findings: [] };
      byTopic.set(partition.topic, entry);
    }
    entry.partitions += 1;
    if (partition.lag === null) entry.withoutCommit += 1;
    else entry.lag += partition.lag;
    if (partitionSeverity[partition.burrowStatus] > partitionSeverity[entry.worst])
      entry.worst = partition.burrowStatus;
    for (const kind of partition.findings) if (!entry.findings.includes(kind)) entry.findings.push(kind);
  }
  return [...byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/** "0, 1, 2, 5–7": a member's partitions as a reader would write them. */
export function describePartitionList(partitions: readonly number[]): string {
  const sorted = [...new Set(partitions)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  const flush = () => {
    if (start === undefined || previous === undefined) return;
    if (previous - start >= 2) parts.push(`${start}–${previous}`);
    else if (previous === start) parts.push(String(start));
    else parts.push(`${start}, ${previous}`);
  };
  for (const partition of sorted) {
    if (previous !== undefined && partition === previous + 1) {
      previous = partition;
      continue;
    }
    flush();
    start = partition;
    previous = partition;
  }
  flush();
  return parts.join(', ');
}
