import type { OffsetCommitRead } from './commitLogReader';

/**
 * The commits read from `__consumer_offsets` that can turn a partition to Burrow's STALL or
 * REWIND the moment they are read: the commit that fills a whole window with one offset, each
 * with lag at its commit, and a commit that moves the offset back. Burrow judges when asked,
 * so it calls such a group ERR as soon as it has read the commit; the console judges at its
 * refreshes, and brings the next one forward on these commits rather than leave the group OK
 * for up to a whole interval. (STOP, the other ERR, is a matter of time passing, which the
 * refreshes judge.)
 *
 * A commit's lag is taken against the end offset the last refresh read, as Burrow's window
 * takes it (shared/kafka/partitionWindow.ts). One offset and its run length per partition a
 * group commits on; a group not listed any more is forgotten with `retain`.
 */

interface OffsetRun {
  offset: number;
  /** Commits in a row that gave the offset, each with lag. */
  run: number;
}

type PartitionEnds = ReadonlyMap<string, ReadonlyArray<{ partition: number; end: number }> | null>;

export class CommitTurns {
  private readonly groups = new Map<string, Map<string, Map<number, OffsetRun>>>();
  private ends: PartitionEnds = new Map();

  /** `windowSize` and `allowedLag`: Burrow's `intervals` and `allowed-lag`, as the evaluator has them. */
  constructor(
    private readonly windowSize: number,
    private readonly allowedLag: number,
  ) {}

  /** The end offsets a refresh read: the commits read from now on have their lag against these. */
  recordEnds(ends: PartitionEnds): void {
    this.ends = ends;
  }

  /** Records the commit; true when it may have turned the partition to STALL or REWIND. */
  record(commit: OffsetCommitRead): boolean {
    let topics = this.groups.get(commit.groupId);
    if (!topics) this.groups.set(commit.groupId, (topics = new Map<string, Map<number, OffsetRun>>()));
    let partitions = topics.get(commit.topic);
    if (!partitions) topics.set(commit.topic, (partitions = new Map<number, OffsetRun>()));
    const end = this.ends.get(commit.topic)?.find((p) => p.partition === commit.partition)?.end;
    const lagged = end !== undefined && end - commit.offset > this.allowedLag;
    const last = partitions.get(commit.partition);
    if (!last) {
      partitions.set(commit.partition, { offset: commit.offset, run: lagged ? 1 : 0 });
      return false;
    }
    if (commit.offset === last.offset) {
      last.run = lagged ? last.run + 1 : 0;
      return last.run === this.windowSize;
    }
    const rewound = commit.offset < last.offset;
    last.offset = commit.offset;
    last.run = lagged ? 1 : 0;
    return rewound;
  }

  /** The group's offset on the partition was deleted. */
  forget(groupId: string, topic: string, partition: number): void {
    this.groups.get(groupId)?.get(topic)?.delete(partition);
  }

  /** Forgets the groups not in `groupIds`. */
  retain(groupIds: { has(groupId: string): boolean }): void {
    for (const groupId of this.groups.keys()) if (!groupIds.has(groupId)) this.groups.delete(groupId);
  }

  clear(): void {
    this.groups.clear();
  }
}
