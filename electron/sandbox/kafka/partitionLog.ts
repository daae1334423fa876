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

interface StoredBatch {
  baseOffset: number;
  /** One past the batch's last offset. */
  nextOffset: number;
  maxTimestamp: number;
  bytes: Buffer;
}

/**
 * One partition's log in memory: record batches exactly as they will be fetched, each
 * rebased to the offset it was appended at. Fetches return whole batches, as Kafka does,
 * and clients skip the records below the offset they asked for.
 */
export class PartitionLog {
  /** Idempotent producers' sequences on this partition. */
  readonly producers = new ProducerStates();
  private readonly batches: StoredBatch[] = [];
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
    this.store({
      baseOffset,
      nextOffset: baseOffset + header.lastOffsetDelta + 1,
      maxTimestamp: header.maxTimestamp,
      bytes: rebaseRecordBatch(batch.subarray(0, header.size), baseOffset),
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
    this.store({ baseOffset, nextOffset: baseOffset + records.length, maxTimestamp, bytes });
    return baseOffset;
  }

  private store(batch: StoredBatch): void {
    this.batches.push(batch);
    this.retainedBytes += batch.bytes.length;
    this.end = batch.nextOffset;
    while (
      this.batches.length > 1 &&
      (this.end - this.batches[1]!.baseOffset >= this.retention.records ||
        this.retainedBytes > this.retention.bytes)
    ) {
      const dropped = this.batches.shift()!;
      this.retainedBytes -= dropped.bytes.length;
    }
    this.start = this.batches[0]!.baseOffset;
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
      const bytes = this.batches[i]!.bytes;
      if (chunks.length > 0 && size + bytes.length > maxBytes) break;
      chunks.push(bytes);
      size += bytes.length;
    }
    return chunks;
  }

  /** The earliest offset whose record timestamp is at or after `timestamp`, or null when none is. */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | null {
    const batch = this.batches.find((candidate) => candidate.maxTimestamp >= timestamp);
    if (!batch) return null;
    try {
      for (const decoded of decodeRecordBatches(batch.bytes))
        for (const record of decoded.records)
          if (record.timestamp >= timestamp) return { offset: record.offset, timestamp: record.timestamp };
    } catch {
      // A batch compressed with a codec the broker cannot read: its base offset is the best answer.
    }
    return { offset: batch.baseOffset, timestamp: batch.maxTimestamp };
  }

  /** Index of the batch holding `offset` (or the first one after it), -1 when there is none. */
  private indexOf(offset: number): number {
    let low = 0;
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
