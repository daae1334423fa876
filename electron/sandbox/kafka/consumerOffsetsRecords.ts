import type { DeferredBatch } from './partitionLog';
import { encodeRecordBatch } from './recordBatch';
import { recordBatchSize } from './recordBatchSize';
import { MalformedKafkaData, WireReader, WireWriter } from './wireBuffer';

/**
 * Records of Kafka's internal `__consumer_offsets` topic in the coordinator's own format
 * (group-coordinator OffsetCommitKey/OffsetCommitValue), so tools that read the topic,
 * such as Burrow, see every commit. A commit is keyed by version 1 (group, topic,
 * partition) and valued by version 3 (offset, leader epoch, metadata, commit timestamp);
 * a deleted group's offsets get null values (tombstones).
 */

export const consumerOffsetsTopic = '__consumer_offsets';
export const defaultConsumerOffsetsPartitions = 50;

export interface OffsetCommitKey {
  version: number;
  group: string;
  topic: string;
  partition: number;
}

export interface OffsetCommitValue {
  version: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** Only version 1 carries it; -1 otherwise. */
  expireTimestamp: number;
}

export type ConsumerOffsetsKey = OffsetCommitKey | { version: 2; group: string };

/** Java's String.hashCode over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The partition of `__consumer_offsets` a group's records go to: Utils.abs(groupId.hashCode()) % partitions. */
export function consumerOffsetsPartitionFor(groupId: string, partitionCount: number): number {
  const hash = javaStringHashCode(groupId);
  const positive = hash === -2147483648 ? 0 : Math.abs(hash);
  return positive % partitionCount;
}

export function encodeOffsetCommitKey(key: Omit<OffsetCommitKey, 'version'>): Buffer {
  return new WireWriter(64).int16(1).string(key.group).string(key.topic).int32(key.partition).toBuffer();
}

export function encodeOffsetCommitValue(value: {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}): Buffer {
  return new WireWriter(64)
    .int16(3)
    .int64(value.offset)
    .int32(value.leaderEpoch)
    .string(value.metadata)
    .int64(value.commitTimestamp)
    .toBuffer();
}

/** A record of `__consumer_offsets`: a committed offset, or a tombstone that deletes one. */
export type OffsetRecord =
  | {
      topic: string;
      partition: number;
      offset: number;
      leaderEpoch: number;
      metadata: string;
      commitTimestamp: number;
    }
  | { topic: string; partition: number; tombstone: true };

/**
 * One coordinator write of a group's offsets (a commit, or DeleteGroups' tombstones),
 * encoded only when a reader fetches it. A class rather than a closure: thousands of
 * groups leave hundreds of thousands of these in the log, and each closure would keep a
 * context of its own.
 */
export class OffsetRecordsBatch implements DeferredBatch {
  readonly size: number;

  constructor(
    private readonly group: string,
    private readonly records: readonly OffsetRecord[],
    readonly maxTimestamp: number,
  ) {
    const groupBytes = Buffer.byteLength(group, 'utf8');
    this.size = recordBatchSize(
      records.map((record) => ({
        // int16 version, group, topic (each an int16 length and UTF-8), int32 partition.
        keyLength: 2 + 2 + groupBytes + 2 + Buffer.byteLength(record.topic, 'utf8') + 4,
        // int16 version, int64 offset, int32 leader epoch, metadata, int64 commit timestamp.
        valueLength:
          'tombstone' in record ? null : 2 + 8 + 4 + 2 + Buffer.byteLength(record.metadata, 'utf8') + 8,
        timestampDelta: 0,
      })),
    );
  }

  get recordCount(): number {
    return this.records.length;
  }

  encode(baseOffset: number): Buffer {
    const { group, maxTimestamp: now } = this;
    return encodeRecordBatch(
      this.records.map((record) => ({
        key: encodeOffsetCommitKey({ group, topic: record.topic, partition: record.partition }),
        value: 'tombstone' in record ? null : encodeOffsetCommitValue(record),
        timestamp: now,
      })),
      { baseOffset, timestamp: now },
    );
  }
}

export function decodeConsumerOffsetsKey(bytes: Buffer): ConsumerOffsetsKey {
  const reader = new WireReader(bytes);
  const version = reader.int16();
  if (version === 0 || version === 1)
    return { version, group: reader.string(), topic: reader.string(), partition: reader.int32() };
  if (version === 2) return { version, group: reader.string() };
  throw new MalformedKafkaData(`Unknown __consumer_offsets key version ${version}`);
}

export function decodeOffsetCommitValue(bytes: Buffer): OffsetCommitValue {
  const reader = new WireReader(bytes);
  const version = reader.int16();
  if (version < 0 || version > 3)
    throw new MalformedKafkaData(`Unknown offset commit value version ${version}`);
  const offset = reader.int64();
  const leaderEpoch = version >= 3 ? reader.int32() : -1;
  const metadata = reader.string();
  const commitTimestamp = reader.int64();
  const expireTimestamp = version === 1 ? reader.int64() : -1;
  return { version, offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}
