import type { BrokerLog, KafkaTopic } from './brokerLog';
import {
  consumerOffsetsPartitionFor,
  consumerOffsetsTopic,
  type OffsetRecord,
  OffsetRecordsBatch,
} from './consumerOffsetsRecords';

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export type OffsetCommit = Omit<CommittedOffset, 'commitTimestamp'>;

/**
 * Committed offsets per group, kept in memory for OffsetFetch and appended to
 * `__consumer_offsets` (one batch per commit request, as the coordinator writes it) so
 * readers of that topic see the same history.
 */
export class OffsetStore {
  private readonly byGroup = new Map<string, Map<string, CommittedOffset>>();
  private readonly topic: KafkaTopic;
  /** Where each group's records go: hashing the group id on every commit of thousands of groups adds up. */
  private readonly partitionOfGroup = new Map<string, number>();

  constructor(
    private readonly log: BrokerLog,
    partitionCount: number,
  ) {
    this.topic =
      log.topic(consumerOffsetsTopic) ??
      log.createTopic(consumerOffsetsTopic, partitionCount, {
        internal: true,
        configs: new Map([['cleanup.policy', 'compact']]),
      });
  }

  commit(groupId: string, commits: readonly OffsetCommit[], now: number): void {
    if (commits.length === 0) return;
    let offsets = this.byGroup.get(groupId);
    if (!offsets) {
      offsets = new Map();
      this.byGroup.set(groupId, offsets);
    }
    // Spelled out so every commit shares one shape, in an array of its own length: the log
    // keeps hundreds of thousands of them.
    const records = commits.map((commit): CommittedOffset => ({
      topic: commit.topic,
      partition: commit.partition,
      offset: commit.offset,
      leaderEpoch: commit.leaderEpoch,
      metadata: commit.metadata,
      commitTimestamp: now,
    }));
    for (const committed of records)
      offsets.set(partitionKey(committed.topic, committed.partition), committed);
    this.append(groupId, records, now);
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.byGroup.get(groupId)?.get(partitionKey(topic, partition));
  }

  /** Every partition the group has committed on, by topic then partition. */
  committedOffsets(groupId: string): CommittedOffset[] {
    return [...(this.byGroup.get(groupId)?.values() ?? [])].sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
  }

  hasOffsets(groupId: string): boolean {
    return (this.byGroup.get(groupId)?.size ?? 0) > 0;
  }

  groupIds(): string[] {
    return [...this.byGroup.keys()];
  }

  /** Forgets the group's offsets and writes a tombstone for each, as DeleteGroups does. */
  deleteGroup(groupId: string, now: number): void {
    const offsets = this.committedOffsets(groupId);
    this.byGroup.delete(groupId);
    if (offsets.length === 0) return;
    this.append(
      groupId,
      offsets.map((offset) => ({ topic: offset.topic, partition: offset.partition, tombstone: true })),
      now,
    );
    this.partitionOfGroup.delete(groupId);
  }

  /** Topics deleted from the broker lose their offsets in every group. */
  forgetTopic(topic: string): void {
    for (const offsets of this.byGroup.values())
      for (const [key, offset] of offsets) if (offset.topic === topic) offsets.delete(key);
  }

  private append(groupId: string, records: readonly OffsetRecord[], now: number): void {
    let index = this.partitionOfGroup.get(groupId);
    if (index === undefined) {
      index = consumerOffsetsPartitionFor(groupId, this.topic.partitions.length);
      this.partitionOfGroup.set(groupId, index);
    }
    const partition = this.topic.partitions[index]!;
    this.log.appendDeferred(partition, new OffsetRecordsBatch(groupId, records, now));
  }
}

const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
