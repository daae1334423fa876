import {
  decodeRecordBatches,
  encodeRecordBatch,
  type NewRecord,
  rebaseRecordBatch,
  type RecordBatchHeader,
} from './recordBatch';
import { ProducerStates } from './producerState';

/** How much of a partition the broker keeps; older batches go and the log start offset moves. */
export interface RetentionLimits {
  /** The last this-many records at least are kept. */
  records: number;
  /** Batches go, oldest first, while the partition holds more bytes than this. */
  bytes: number;
}

export const defaultRetention: RetentionLimits = { records: 10_000, bytes: 1024 * 1024 };

/**
 * A batch the broker writes itself, encoded only when someone reads it: most of what the
 * coordinator appends to `__consumer_offsets` is never fetched, and encoding every commit
 * of thousands of groups would cost more than the rest of the simulation.
 */
export interface DeferredBatch {
  recordCount: number;
  maxTimestamp: number;
  /** Exactly what `encode` will return, in bytes, so retention does not depend on who read what. */
  size: number;
  encode(baseOffset: number): Buffer;
}

interface StoredBatch {
  baseOffset: number;
  /** One past the batch's last offset. */
  nextOffset: number;
  maxTimestamp: number;
  size: number;
  /** The batch as fetched; null until a deferred batch is first read. */
  bytes: Buffer | null;
  deferred: DeferredBatch | null;
}

/** Dropped batches leave the front of the array in one copy once they are this many and half of it. */
const compactAfter = 256;

/**
 * One partition's log in memory: record batches exactly as they will be fetched, each
 * rebased to the offset it was appended at. Fetches return whole batches, as Kafka does,
 * and clients skip the records below the offset they asked for.
 */
export class PartitionLog {
  /** Idempotent producers' sequences on this partition. */
  readonly producers = new ProducerStates();
  /** Retained batches are those from `head` on; the ones before it went to retention. */
  private batches: StoredBatch[] = [];
  private head = 0;
  private retainedBytes = 0;
  private end: number;
  private start: number;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly retention: RetentionLimits = defaultRetention,
    /** Where an empty log starts, as if older records had been removed by retention. */
    firstOffset = 0,
  ) {
    this.end = firstOffset;
    this.start = firstOffset;
  }

  /** The high watermark: the offset the next record gets. */
  get endOffset(): number {
    return this.end;
  }

  get logStartOffset(): number {
    return this.start;
  }

  get sizeInBytes(): number {
    return this.retainedBytes;
  }

  /** Appends a batch a client produced (its header already checked); returns its base offset. */
  appendBatch(batch: Buffer, header: RecordBatchHeader): number {
    const baseOffset = this.end;
    const bytes = rebaseRecordBatch(batch.subarray(0, header.size), baseOffset);
    this.store({
      baseOffset,
      nextOffset: baseOffset + header.lastOffsetDelta + 1,
      maxTimestamp: header.maxTimestamp,
      size: bytes.length,
      bytes,
      deferred: null,
    });
    return baseOffset;
  }

  /** Appends records written by the broker itself; returns the base offset. */
  appendRecords(records: readonly NewRecord[], timestamp: number): number {
    const baseOffset = this.end;
    const bytes = encodeRecordBatch(records, { baseOffset, timestamp });
    const maxTimestamp = records.reduce(
      (max, record) => Math.max(max, record.timestamp ?? timestamp),
      timestamp,
    );
    this.store({
      baseOffset,
      nextOffset: baseOffset + records.length,
      maxTimestamp,
      size: bytes.length,
      bytes,
      deferred: null,
    });
    return baseOffset;
  }

  /** Appends a batch the broker writes itself, encoded when first read; returns the base offset. */
  appendDeferred(batch: DeferredBatch): number {
    const baseOffset = this.end;
    this.store({
      baseOffset,
      nextOffset: baseOffset + batch.recordCount,
      maxTimestamp: batch.maxTimestamp,
      size: batch.size,
      bytes: null,
      deferred: batch,
    });
    return baseOffset;
  }

  private store(batch: StoredBatch): void {
    this.batches.push(batch);
    this.retainedBytes += batch.size;
    this.end = batch.nextOffset;
    while (
      this.batches.length - this.head > 1 &&
      (this.end - this.batches[this.head + 1]!.baseOffset >= this.retention.records ||
        this.retainedBytes > this.retention.bytes)
    ) {
      const dropped = this.batches[this.head]!;
      this.retainedBytes -= dropped.size;
      dropped.bytes = null;
      dropped.deferred = null;
      this.head += 1;
    }
    if (this.head >= compactAfter && this.head * 2 >= this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
    this.start = this.batches[this.head]!.baseOffset;
  }

  private bytesOf(batch: StoredBatch): Buffer {
    if (batch.bytes === null) {
      batch.bytes = batch.deferred!.encode(batch.baseOffset);
      batch.deferred = null;
    }
    return batch.bytes;
  }

  /**
   * Batches holding `fetchOffset` and after, up to `maxBytes`; the first batch is always
   * returned whole, even when larger, so a consumer can make progress (KIP-74).
   */
  read(fetchOffset: number, maxBytes: number): Buffer[] {
    const first = this.indexOf(fetchOffset);
    if (first === -1) return [];
    const chunks: Buffer[] = [];
    let size = 0;
    for (let i = first; i < this.batches.length; i++) {
      const bytes = this.bytesOf(this.batches[i]!);
      if (chunks.length > 0 && size + bytes.length > maxBytes) break;
      chunks.push(bytes);
      size += bytes.length;
    }
    return chunks;
  }

  /** The earliest offset whose record timestamp is at or after `timestamp`, or null when none is. */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | null {
    let batch: StoredBatch | undefined;
    for (let i = this.head; i < this.batches.length && !batch; i++)
      if (this.batches[i]!.maxTimestamp >= timestamp) batch = this.batches[i];
    if (!batch) return null;
    try {
      for (const decoded of decodeRecordBatches(this.bytesOf(batch)))
        for (const record of decoded.records)
          if (record.timestamp >= timestamp) return { offset: record.offset, timestamp: record.timestamp };
    } catch {
      // A batch compressed with a codec the broker cannot read: its base offset is the best answer.
    }
    return { offset: batch.baseOffset, timestamp: batch.maxTimestamp };
  }

  /** Index of the batch holding `offset` (or the first one after it), -1 when there is none. */
  private indexOf(offset: number): number {
    let low = this.head;
    let high = this.batches.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.batches[middle]!.nextOffset > offset) {
        found = middle;
        high = middle - 1;
      } else low = middle + 1;
    }
    return found;
  }
}
