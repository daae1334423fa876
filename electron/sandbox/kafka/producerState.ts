import { KafkaError } from './kafkaErrors';
import type { RecordBatchHeader } from './recordBatch';

/**
 * What one partition remembers of each idempotent producer, as Kafka's ProducerStateManager
 * does: its epoch, the last sequence it wrote and the offsets of its last five batches. A
 * batch that repeats one of those five is a retry and is acknowledged with the offset it got
 * the first time; a batch whose sequence does not follow on is refused as out of order.
 */

/** Kafka keeps this many batches per producer to recognise retries (max.in.flight.requests.per.connection). */
const rememberedBatches = 5;
const maxSequence = 0x7fffffff;

interface WrittenBatch {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSequence: number;
  /** Oldest first. */
  batches: WrittenBatch[];
}

export type IdempotenceCheck =
  { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'refused'; errorCode: number };

/** Sequence numbers wrap to 0 after Integer.MAX_VALUE, as the Java client counts them. */
function lastSequenceOf(header: RecordBatchHeader): number {
  const increment = header.lastOffsetDelta;
  return header.baseSequence > maxSequence - increment
    ? increment - (maxSequence - header.baseSequence) - 1
    : header.baseSequence + increment;
}

const follows = (lastSequence: number, next: number): boolean =>
  next === lastSequence + 1 || (next === 0 && lastSequence === maxSequence);

export const isIdempotent = (header: RecordBatchHeader): boolean => header.producerId >= 0;

export class ProducerStates {
  private readonly producers = new Map<number, ProducerEntry>();

  /** Whether this batch may be appended, is a retry of one already written, or is refused. */
  check(header: RecordBatchHeader): IdempotenceCheck {
    const entry = this.producers.get(header.producerId);
    if (!entry) return { kind: 'append' };
    if (header.producerEpoch < entry.epoch)
      return { kind: 'refused', errorCode: KafkaError.invalidProducerEpoch };
    if (header.producerEpoch > entry.epoch)
      // A bumped epoch starts its sequences again at 0.
      return header.baseSequence === 0
        ? { kind: 'append' }
        : { kind: 'refused', errorCode: KafkaError.outOfOrderSequenceNumber };
    const lastSequence = lastSequenceOf(header);
    const retry = entry.batches.find(
      (batch) => batch.firstSequence === header.baseSequence && batch.lastSequence === lastSequence,
    );
    if (retry) return { kind: 'duplicate', baseOffset: retry.baseOffset };
    return follows(entry.lastSequence, header.baseSequence)
      ? { kind: 'append' }
      : { kind: 'refused', errorCode: KafkaError.outOfOrderSequenceNumber };
  }

  /** Records a batch `check` allowed, once it is in the log at `baseOffset`. */
  record(header: RecordBatchHeader, baseOffset: number): void {
    const existing = this.producers.get(header.producerId);
    const entry: ProducerEntry =
      existing && existing.epoch === header.producerEpoch
        ? existing
        : { epoch: header.producerEpoch, lastSequence: -1, batches: [] };
    const lastSequence = lastSequenceOf(header);
    entry.lastSequence = lastSequence;
    entry.batches.push({ firstSequence: header.baseSequence, lastSequence, baseOffset });
    if (entry.batches.length > rememberedBatches) entry.batches.shift();
    this.producers.set(header.producerId, entry);
  }
}
